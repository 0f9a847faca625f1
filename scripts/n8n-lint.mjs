#!/usr/bin/env node
// Runs n8n's community-node lint (@n8n/node-cli's eslint config: eslint-plugin-n8n-nodes-base and
// @n8n/eslint-plugin-community-nodes) over n8n/, exactly as `n8n-node lint` would in the package's root.
// The tooling (about 700 MB) is installed once into the tools cache, outside the repo.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolsDir } from './tools.mjs';

export const NODE_CLI_VERSION = '0.48.3';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.join(repoRoot, 'n8n');

function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

/** Installs @n8n/node-cli into a scratch folder and renames it into place: the rename is the only commit point. */
async function ensureLintTools() {
  const dir = path.join(toolsDir(), `n8n-node-cli-${NODE_CLI_VERSION}`);
  if (fs.existsSync(path.join(dir, 'node_modules', 'eslint'))) return dir;
  const scratch = `${dir}.partial-${process.pid}`;
  fs.mkdirSync(scratch, { recursive: true });
  process.stderr.write(`[n8n-lint] installing @n8n/node-cli@${NODE_CLI_VERSION} into ${dir} (once; about a minute)\n`);
  // --ignore-scripts: a plugin's preinstall insists on pnpm, and an optional native module needs Node 24.
  const code = await run(
    'npm',
    ['install', `@n8n/node-cli@${NODE_CLI_VERSION}`, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', scratch],
    { cwd: scratch, stdio: ['ignore', process.stderr, 'inherit'] },
  );
  if (code !== 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm install @n8n/node-cli@${NODE_CLI_VERSION} failed (${code})`);
  }
  try {
    fs.renameSync(scratch, dir);
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error; // otherwise another run finished first: use theirs
  }
  return dir;
}

export async function lintN8nPackage() {
  const tools = await ensureLintTools();
  // The package's own config imports @n8n/node-cli/eslint: run a copy where that import resolves.
  const config = path.join(tools, 'eslint.config.mjs');
  fs.copyFileSync(path.join(packageDir, 'eslint.config.mjs'), config);
  const eslint = path.join(tools, 'node_modules', 'eslint', 'bin', 'eslint.js');
  // Warnings fail too: each is a check n8n's community-package review makes (e.g. a missing homepage).
  return run(process.execPath, [eslint, '-c', config, '--max-warnings', '0', '.'], { cwd: packageDir });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  lintN8nPackage().then(
    (code) => {
      if (code === 0) process.stderr.write('[n8n-lint] no errors, no warnings\n');
      process.exit(code);
    },
    (error) => {
      process.stderr.write(`[n8n-lint] ${error.message}\n`);
      process.exit(1);
    },
  );
}
