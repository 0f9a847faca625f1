import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { median, table } from '../bench/measure';

/**
 * The cold-load cost of each built Zapier app against a bare zapier-platform-core app. Each round starts a fresh
 * Node that times `require('zapier-platform-core')` (what any app, even an empty one, loads) and then the built
 * app on top of it; the ratio is (core + app) / core, so both sides share the process and the machine's state.
 */
export interface ColdLoadRow {
  app: string;
  bareMs: number;
  appMs: number;
  ratio: number;
  bytes: number;
  gzipBytes: number;
}

const APPS = ['dub', 'linkly'];

export function benchZapierColdLoad(rounds = 21, root = process.cwd()): { rows: ColdLoadRow[]; text: string } {
  const rows = APPS.map((app) => {
    const built = resolve(root, 'dist', `zapier-${app}`);
    const runs = Array.from({ length: rounds }, () => timeLoads(built, root));
    const bundle = join(built, 'index.js');
    return {
      app,
      bareMs: median(runs.map((run) => run.coreMs)),
      appMs: median(runs.map((run) => run.coreMs + run.appMs)),
      ratio: median(runs.map((run) => (run.coreMs + run.appMs) / run.coreMs)),
      bytes: statSync(bundle).size,
      gzipBytes: gzipSync(readFileSync(bundle)).length,
    };
  });
  const text = table([
    ['app', 'bare core app (ms)', 'built app (ms)', 'ratio', 'index.js', 'gzipped'],
    ...rows.map((row) => [
      `zapier-${row.app}`,
      row.bareMs.toFixed(1),
      row.appMs.toFixed(1),
      `${row.ratio.toFixed(2)}×`,
      `${(row.bytes / 1024).toFixed(0)} KiB`,
      `${(row.gzipBytes / 1024).toFixed(0)} KiB`,
    ]),
  ]);
  return { rows, text };
}

function timeLoads(appDir: string, cwd: string): { coreMs: number; appMs: number } {
  const probe = [
    'const ms = () => Number(process.hrtime.bigint()) / 1e6;',
    "let start = ms(); require('zapier-platform-core'); const coreMs = ms() - start;",
    `start = ms(); require(${JSON.stringify(appDir)}); const appMs = ms() - start;`,
    'process.stdout.write(JSON.stringify({ coreMs, appMs }));',
  ].join('\n');
  return JSON.parse(execFileSync(process.execPath, ['-e', probe], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString()) as { coreMs: number; appMs: number };
}
