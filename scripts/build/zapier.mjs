import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The core version the apps are written against; Zapier requires an exact version in the app's dependencies. */
export const ZAPIER_CORE_VERSION = '19.1.0';

/**
 * The apps, each a folder Zapier deploys. Zapier takes one authentication scheme per app, so Dub is built twice from
 * zapier/dub: with a Restricted API key (`dub`) and with OAuth (`dub-oauth`), the choice fixed at build time
 * (zapier/dub/settings.ts's DUB_CREDENTIAL). `link` is where the folder's `.zapierapprc` is kept across rebuilds.
 */
export const ZAPIER_APPS = [
  {
    name: 'dub',
    source: 'dub',
    dubAuth: 'api_key',
    title: 'Dub',
    description: 'Instant triggers for every Dub webhook event, connected with a Restricted API key',
    link: 'zapier/dub/.zapierapprc',
  },
  {
    name: 'dub-oauth',
    source: 'dub',
    dubAuth: 'oauth',
    title: 'Dub (OAuth)',
    description: 'Instant triggers for every Dub webhook event, connected over OAuth',
    link: 'zapier/dub/oauth.zapierapprc',
  },
  { name: 'linkly', source: 'linkly', title: 'Linkly', description: 'Instant trigger for Linkly link clicks', link: 'zapier/linkly/.zapierapprc' },
];

/** Where each app's deployable folder lands. */
export const zapierAppDir = (name, outRoot = 'dist') => path.join(outRoot, `zapier-${name}`);

/**
 * What `zapier-platform build` leaves out of source.zip (it reads the folder's .gitignore; without one it zips
 * node_modules too, and warns). build.zip is chosen by the CLI's own dependency detection.
 */
const BUILT_APP_GITIGNORE = ['# Installed or made by `zapier-platform build` / `push`: not source.', 'node_modules/', 'build/', ''].join('\n');

const TRIGGER_OUTPUT_MODULE = /[\\/]zapier[\\/]common[\\/]trigger-output\.ts$/;

/**
 * Writes dist/zapier-dub/, dist/zapier-dub-oauth/ and dist/zapier-linkly/: each a folder `zapier-platform push` deploys as it is, with
 * package.json and a CommonJS index.js at its root. The shared core and zod are bundled in; zapier-platform-core
 * stays a real dependency, because Zapier's build installs it and wraps the app with it.
 *
 * Two passes: the first bundles and runs zapier/common/trigger-output.ts over the app's catalogue entries (every
 * instant trigger's sample and output fields), and the second bakes those in as data, so a cold start does not
 * derive them again.
 */
export async function buildZapierApps({ outRoot = 'dist' } = {}) {
  const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  for (const app of ZAPIER_APPS) {
    const outDir = zapierAppDir(app.name, outRoot);
    const outfile = path.join(outDir, 'index.js');
    fs.rmSync(outDir, { recursive: true, force: true });
    fs.mkdirSync(outDir, { recursive: true });
    await bundle(app.source, {
      outfile,
      plugins: [bakedTriggerOutput(await triggerOutputsOf(app.source))],
      ...(app.dubAuth ? { define: { 'process.env.LINKHOOKS_DUB_ZAPIER_AUTH': JSON.stringify(app.dubAuth) } } : {}),
    });
    writeJson(path.join(outDir, 'package.json'), {
      name: `linkhooks-zapier-${app.name}`,
      version,
      description: `${app.description} (Zapier integration).`,
      private: true,
      license: 'MIT',
      main: 'index.js',
      engines: { node: '>=20' },
      dependencies: { 'zapier-platform-core': ZAPIER_CORE_VERSION },
    });
    writeJson(path.join(outDir, 'package-lock.json'), coreLockfile(`linkhooks-zapier-${app.name}`, version));
    writeJson(path.join(outDir, '.zapierapprc'), appLink(app.link));
    fs.writeFileSync(path.join(outDir, '.gitignore'), BUILT_APP_GITIGNORE);
  }
}

function bundle(name, options) {
  return build({
    entryPoints: [`zapier/${name}/index.ts`],
    bundle: true,
    platform: 'node',
    // Zapier runs Node 22; the folder must also load on the machines' Node 20.
    target: 'node20',
    format: 'cjs',
    external: ['zapier-platform-core'],
    legalComments: 'none',
    logLevel: 'warning',
    ...options,
  });
}

/**
 * Each instant trigger's output (trigger-output.ts's answer for every catalogue entry of the app's service), keyed
 * by trigger key. The code is bundled from memory and run here, its `require` resolving from the repo.
 */
async function triggerOutputsOf(provider) {
  const table = [
    "import { catalogue, dubPostbackCatalogue } from './shared';",
    "import { triggerOutput } from './zapier/common/trigger-output';",
    // The Dub apps also carry the partner postback triggers (zapier/dub/postback-triggers.ts).
    `const entries = [...catalogue[${JSON.stringify(provider)}], ...(${JSON.stringify(provider)} === 'dub' ? Object.values(dubPostbackCatalogue) : [])];`,
    'module.exports = Object.fromEntries(entries.map((entry) => [entry.key, triggerOutput(entry)]));',
  ].join('\n');
  const result = await build({
    stdin: { contents: table, resolveDir: process.cwd(), loader: 'ts', sourcefile: 'trigger-outputs.ts' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    write: false,
    logLevel: 'warning',
  });
  const module = { exports: {} };
  new Function('module', 'exports', 'require', result.outputFiles[0].text)(module, module.exports, createRequire(import.meta.url));
  return module.exports;
}

/** Serves trigger-output.ts as a lookup in the precomputed table. */
function bakedTriggerOutput(outputs) {
  return {
    name: 'baked-trigger-output',
    setup(esbuild) {
      esbuild.onLoad({ filter: TRIGGER_OUTPUT_MODULE }, () => ({
        loader: 'js',
        contents: [
          `const OUTPUTS = ${JSON.stringify(outputs)};`,
          'export function triggerOutput(entry) {',
          '  const output = OUTPUTS[entry.key];',
          '  if (!output) throw new Error(`No precomputed output for trigger ${entry.key}: rebuild the app.`);',
          '  return output;',
          '}',
        ].join('\n'),
      }));
    },
  };
}

/**
 * `.zapierapprc` links the folder to its Zapier app (`id`, `key`, written by `zapier-platform register` or `link`).
 * The folder is rebuilt from scratch, so a link saved at the app's `link` path is carried over. core 19's
 * dependencies load files by `exports` that Zapier's dependency detection misses; includeInBuild adds them.
 */
function appLink(saved) {
  const link = fs.existsSync(saved) ? JSON.parse(fs.readFileSync(saved, 'utf8')) : {};
  const includeInBuild = new Set([...(link.includeInBuild ?? []), 'node_modules/[^/]+/require\\.mjs$']);
  return { ...link, includeInBuild: [...includeInBuild] };
}

/**
 * The folder's package-lock.json: zapier-platform-core and its dependencies exactly as the repo's lockfile pins them
 * (the same entries, paths and integrity hashes). `zapier-platform build` and `push` run `npm install` on a copy of
 * the folder: with it, they install what the tests ran against, and from npm's cache alone when offline.
 */
function coreLockfile(name, version) {
  const repoLock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
  const entries = repoLock.packages;
  const packages = {
    '': { name, version, license: 'MIT', dependencies: { 'zapier-platform-core': ZAPIER_CORE_VERSION }, engines: { node: '>=20' } },
  };
  const pending = ['node_modules/zapier-platform-core'];
  while (pending.length > 0) {
    const at = pending.pop();
    if (packages[at]) continue;
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = entries[at];
    packages[at] = entry;
    for (const dependency of Object.keys({ ...entry.dependencies, ...entry.optionalDependencies })) {
      const found = resolveInLock(entries, at, dependency);
      if (found) pending.push(found);
      else if (!(dependency in (entry.optionalDependencies ?? {}))) throw new Error(`${dependency} (needed by ${at}) is not in package-lock.json`);
    }
  }
  const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
  return { name, version, lockfileVersion: 3, requires: true, packages: sorted };
}

/** Where Node would find `dependency` from the package at `from`: its own node_modules, then each parent's. */
function resolveInLock(entries, from, dependency) {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${dependency}`;
    if (entries[candidate]) return candidate;
    if (!dir) return undefined;
    const parent = dir.lastIndexOf('/node_modules/');
    dir = parent === -1 ? '' : dir.slice(0, parent);
  }
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
