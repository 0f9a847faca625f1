import { build } from 'esbuild';

/** The CLI and the benchmarks: bundled, so they start fast and run from dist/ alone. */
export async function buildCli() {
  await build({
    entryPoints: { 'cli/linkhooks': 'shared/cli/main.ts', 'bench/run': 'test/bench/run.ts' },
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
