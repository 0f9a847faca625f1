#!/usr/bin/env node
// `npm run test:e2e`: the end-to-end tests (test/e2e, but the queue-mode one) on every tested n8n in turn, the newest
// first, each in its own jest run with LINKHOOKS_N8N_VERSION set; then each version's time. One version only:
// LINKHOOKS_N8N_VERSION=1.123.81 npm run test:e2e. Extra arguments go to jest (e.g. a test file).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chosenN8nVersion, N8N_TESTED_VERSIONS } from './tools.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const jestBin = path.join(repoRoot, 'node_modules', 'jest', 'bin', 'jest.js');
// The caller's arguments first: the ignore option takes a list and would swallow test paths that follow it.
const jestArgs = ['-c', 'test/e2e/jest.e2e.config.js', ...process.argv.slice(2), '--testPathIgnorePatterns', 'n8n-queue'];

function runJest(version) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [jestBin, ...jestArgs], {
      cwd: repoRoot,
      env: { ...process.env, LINKHOOKS_N8N_VERSION: version },
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

const versions = process.env.LINKHOOKS_N8N_VERSION ? [chosenN8nVersion()] : N8N_TESTED_VERSIONS;
const results = [];
for (const version of versions) {
  process.stderr.write(`\n[e2e] n8n ${version}\n`);
  const started = Date.now();
  const code = await runJest(version);
  results.push({ version, code, seconds: (Date.now() - started) / 1000 });
}

process.stderr.write(
  `\n[e2e] n8n matrix: ${results.map(({ version, code, seconds }) => `n8n ${version} ${code === 0 ? 'passed' : 'FAILED'} in ${seconds.toFixed(0)} s`).join('; ')}\n`,
);
process.exit(results.every(({ code }) => code === 0) ? 0 : 1);
