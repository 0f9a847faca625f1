import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const SOURCE = 'n8n';
const PACKAGE = 'dist/n8n';
const OUT = `${PACKAGE}/dist`;

/**
 * The n8n community package: every node and credential bundled on its own with the shared core and zod (a
 * community package may have no runtime dependencies), n8n-workflow left to the n8n that loads it.
 */
export async function buildN8nPackage() {
  fs.rmSync(PACKAGE, { recursive: true, force: true });
  const manifest = JSON.parse(fs.readFileSync(`${SOURCE}/package.json`, 'utf8'));
  const entries = [...manifest.n8n.nodes, ...manifest.n8n.credentials].map(sourceOf);
  await build({
    entryPoints: entries,
    outbase: SOURCE,
    outdir: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['n8n-workflow'],
    logLevel: 'warning',
  });
  copyMatching(`${SOURCE}/nodes`, `${OUT}/nodes`, (name) => name.endsWith('.node.json'));
  copyMatching(`${SOURCE}/icons`, `${OUT}/icons`, (name) => name.endsWith('.svg'));
  fs.writeFileSync(`${PACKAGE}/package.json`, `${JSON.stringify(manifest, null, 2)}\n`);
  checkManifest(manifest);
}

/** `dist/nodes/X/X.node.js` in the manifest comes from `n8n/nodes/X/X.node.ts`. */
function sourceOf(distPath) {
  return path.join(SOURCE, distPath.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

function copyMatching(from, to, wanted) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !wanted(entry.name)) continue;
    const source = path.join(entry.parentPath, entry.name);
    const target = path.join(to, path.relative(from, source));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(source, target);
  }
}

/** What n8n and its community-package checks insist on, checked on the built package. */
function checkManifest(manifest) {
  const problems = [];
  for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
    if (!fs.existsSync(path.join(PACKAGE, file))) problems.push(`${file} was not built`);
  }
  for (const node of manifest.n8n.nodes) {
    if (!fs.existsSync(path.join(PACKAGE, `${node}on`))) problems.push(`${node} has no codex file beside it`);
  }
  if (manifest.dependencies && Object.keys(manifest.dependencies).length > 0) problems.push('runtime dependencies are not allowed');
  if (!manifest.keywords?.includes('n8n-community-node-package')) problems.push('the n8n-community-node-package keyword is missing');
  for (const script of ['preinstall', 'install', 'postinstall', 'prepare']) {
    if (manifest.scripts?.[script]) problems.push(`install script "${script}" is not allowed`);
  }
  if (problems.length > 0) throw new Error(`The n8n package is not publishable:\n- ${problems.join('\n- ')}`);
}
