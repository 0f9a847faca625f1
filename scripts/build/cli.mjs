import { build } from 'esbuild';

/**
 * The CLI, the sandbox, the playground and the benchmarks: bundled, so they start fast and run from dist/.
 * dist/sandbox/cli.js is a bundle of its own: the CLI loads it by path for `linkhooks sandbox` / `demo` only.
 */
export async function buildCli() {
  await build({
    entryPoints: {
      'cli/linkhooks': 'shared/cli/main.ts',
      'sandbox/cli': 'sandbox/cli.ts',
      'playground/run': 'scripts/playground.ts',
      'bench/run': 'test/bench/run.ts',
    },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'linked',
    banner: { js: '#!/usr/bin/env node' },
    logLevel: 'warning',
  });
}
