import { build } from 'esbuild';

/** The CLI, the playground and the benchmarks: bundled, so they start fast and run from dist/. */
export async function buildCli() {
  await build({
    entryPoints: { 'cli/linkhooks': 'shared/cli/main.ts', 'playground/run': 'scripts/n8n/playground.ts', 'bench/run': 'test/bench/run.ts' },
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
