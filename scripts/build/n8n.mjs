import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The n8n community packages, one per service (n8n verifies only packages that integrate one service): each is the
 * service's folder under n8n/ (nodes, credentials, icons, package.json, README) plus n8n/common and the core,
 * bundled in by esbuild.
 */
export const N8N_PACKAGES = [
  { service: 'dub', name: 'n8n-nodes-dub-trigger' },
  { service: 'linkly', name: 'n8n-nodes-linkly-trigger' },
];

/**
 * Where each package's publishable folder lands: both under one parent, so `N8N_CUSTOM_EXTENSIONS=<outRoot>/n8n`
 * loads the two (n8n searches that folder for `*.node.js` and `*.credentials.js` at any depth; several folders
 * separated by `;` do not work for two packages, as each replaces the one before under n8n's CUSTOM name).
 */
export const n8nPackagesDir = (outRoot = 'dist') => path.join(outRoot, 'n8n');
export const n8nPackageDir = (service, outRoot = 'dist') => path.join(n8nPackagesDir(outRoot), service);

/**
 * Builds each package: every node and credential bundled on its own with the shared core and zod (a community
 * package may have no runtime dependencies), n8n-workflow left to the n8n that loads it. Returns, per service, the
 * source files bundled into it (test/n8n/bundle-contents.test.ts holds them to what n8n runs).
 */
export async function buildN8nPackages({ outRoot = 'dist' } = {}) {
  fs.rmSync(n8nPackagesDir(outRoot), { recursive: true, force: true });
  const bundled = {};
  for (const { service, name } of N8N_PACKAGES) {
    const source = path.join('n8n', service);
    const target = n8nPackageDir(service, outRoot);
    const manifest = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8'));
    if (manifest.name !== name) throw new Error(`${source}/package.json is named ${manifest.name}, expected ${name}`);
    const { metafile } = await build({
      entryPoints: [...manifest.n8n.nodes, ...manifest.n8n.credentials].map((file) => sourceOf(source, file)),
      outbase: source,
      outdir: path.join(target, 'dist'),
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['n8n-workflow'],
      logLevel: 'warning',
      metafile: true,
    });
    // What lands in the files, not all that was read: esbuild reads every import, then drops what nothing uses.
    bundled[service] = [...new Set(Object.values(metafile.outputs).flatMap((output) => Object.keys(output.inputs).filter((file) => output.inputs[file].bytesInOutput > 0)))];
    copyMatching(path.join(source, 'nodes'), path.join(target, 'dist', 'nodes'), (file) => file.endsWith('.node.json'));
    copyMatching(path.join(source, 'icons'), path.join(target, 'dist', 'icons'), (file) => file.endsWith('.svg'));
    fs.writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    // npm packs a README and a LICENSE whatever `files` says; the Creator Portal and npm show the README.
    fs.copyFileSync(path.join(source, 'README.md'), path.join(target, 'README.md'));
    fs.copyFileSync('LICENSE', path.join(target, 'LICENSE'));
    checkManifest(target, manifest);
  }
  return bundled;
}

/** `dist/nodes/X/X.node.js` in the manifest comes from `n8n/<service>/nodes/X/X.node.ts`. */
function sourceOf(source, distPath) {
  return path.join(source, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function copyMatching(from, to, wanted) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !wanted(entry.name)) continue;
    const file = path.join(entry.parentPath, entry.name);
    const copy = path.join(to, path.relative(from, file));
    fs.mkdirSync(path.dirname(copy), { recursive: true });
    fs.copyFileSync(file, copy);
  }
}

/** What n8n and its community-package checks insist on, checked on the built package. */
function checkManifest(dir, manifest) {
  const problems = [];
  for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
    if (!fs.existsSync(path.join(dir, file))) problems.push(`${file} was not built`);
  }
  for (const node of manifest.n8n.nodes) {
    if (!fs.existsSync(path.join(dir, `${node}on`))) problems.push(`${node} has no codex file beside it`);
  }
  if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) problems.push('runtime dependencies are not allowed');
  if (!manifest.keywords?.includes('n8n-community-node-package')) problems.push('the n8n-community-node-package keyword is missing');
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
    if (manifest.scripts?.[script]) problems.push(`install script "${script}" is not allowed`);
  }
  if (problems.length > 0) throw new Error(`The n8n package ${manifest.name} is not publishable:\n- ${problems.join('\n- ')}`);
}
