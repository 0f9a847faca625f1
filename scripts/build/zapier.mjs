import { build } from 'esbuild';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The core version the apps are written against; Zapier requires an exact version in the app's dependencies. */
export const ZAPIER_CORE_VERSION = '19.1.0';

export const ZAPIER_APPS = [
  { name: 'dub', title: 'Dub', description: 'Instant triggers for every Dub webhook event' },
  { name: 'linkly', title: 'Linkly', description: 'Instant trigger for Linkly link clicks' },
];

/** Where each app's deployable folder lands. */
export const zapierAppDir = (name, outRoot = 'dist') => path.join(outRoot, `zapier-${name}`);

const TRIGGER_OUTPUT_MODULE = /[\\/]zapier[\\/]common[\\/]trigger-output\.ts$/;

/**
 * Writes dist/zapier-dub/ and dist/zapier-linkly/: each a folder `zapier-platform push` deploys as it is, with
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
    await bundle(app.name, { outfile, plugins: [bakedTriggerOutput(await triggerOutputsOf(app.name))] });
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
    writeJson(path.join(outDir, '.zapierapprc'), appLink(app.name));
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
    "import { catalogue } from './shared';",
    "import { triggerOutput } from './zapier/common/trigger-output';",
    `module.exports = Object.fromEntries(catalogue[${JSON.stringify(provider)}].map((entry) => [entry.key, triggerOutput(entry)]));`,
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
 * The folder is rebuilt from scratch, so a link saved as zapier/<app>/.zapierapprc is carried over. core 19's
 * dependencies load files by `exports` that Zapier's dependency detection misses; includeInBuild adds them.
 */
function appLink(name) {
  const saved = path.join('zapier', name, '.zapierapprc');
  const link = fs.existsSync(saved) ? JSON.parse(fs.readFileSync(saved, 'utf8')) : {};
  const includeInBuild = new Set([...(link.includeInBuild ?? []), 'node_modules/[^/]+/require\\.mjs$']);
  return { ...link, includeInBuild: [...includeInBuild] };
}

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}
