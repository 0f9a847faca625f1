// Builds every deliverable into dist/: the CLI and benchmarks, the two Zapier apps, the two n8n packages.
import { rmSync } from 'node:fs';
import { buildCli } from './build/cli.mjs';

const targets = process.argv.slice(2);
const steps = {
  cli: buildCli,
  zapier: async () => (await import('./build/zapier.mjs')).buildZapierApps(),
  n8n: async () => (await import('./build/n8n.mjs')).buildN8nPackages(),
};

const chosen = targets.length > 0 ? targets : Object.keys(steps);
if (targets.length === 0) rmSync('dist', { recursive: true, force: true });
for (const name of chosen) {
  const step = steps[name];
  if (!step) throw new Error(`Unknown build target "${name}"; choose from ${Object.keys(steps).join(', ')}`);
  const started = Date.now();
  await step();
  console.error(`built ${name} in ${Date.now() - started} ms`);
}
