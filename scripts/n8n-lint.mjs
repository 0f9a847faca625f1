#!/usr/bin/env node
// Runs n8n's community-node lint (@n8n/node-cli's eslint config: eslint-plugin-n8n-nodes-base and
// @n8n/eslint-plugin-community-nodes) in each n8n package's folder (n8n/dub, n8n/linkly), exactly as `n8n-node lint`
// would in the package's root (its package.json, nodes/ and credentials/ rules only apply there), then over the
// shared n8n/common. The tooling (about 700 MB) is installed once into the tools cache, outside the repo.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { N8N_PACKAGES } from './build/n8n.mjs';
import { toolsDir } from './tools.mjs';

export const NODE_CLI_VERSION = '0.48.3';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const n8nDir = path.join(repoRoot, 'n8n');

export function run(cmd, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve(signal ? 1 : (code ?? 1)));
  });
}

/**
 * Installs an npm package into its own folder in the tools cache, once: into a scratch folder first, renamed into
 * place, the rename being the only commit point. `--ignore-scripts`: n8n's eslint plugin has a preinstall that
 * insists on pnpm, and an optional native module needs Node 24; neither is needed to lint.
 */
export async function ensureNpmTool(name, version, { label, present }) {
  const dir = path.join(toolsDir(), `${name.replace(/^@/, '').replace(/\//g, '-')}-${version}`);
  if (fs.existsSync(path.join(dir, 'node_modules', present))) return dir;
  const scratch = `${dir}.partial-${process.pid}`;
  fs.mkdirSync(scratch, { recursive: true });
  process.stderr.write(`[${label}] installing ${name}@${version} into ${dir} (once; a minute or more)\n`);
  const code = await run(
    'npm',
    ['install', `${name}@${version}`, '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--prefix', scratch],
    { cwd: scratch, stdio: ['ignore', process.stderr, 'inherit'] },
  );
  if (code !== 0) {
    fs.rmSync(scratch, { recursive: true, force: true });
    throw new Error(`npm install ${name}@${version} failed (${code})`);
  }
  try {
    fs.renameSync(scratch, dir);
  } catch (error) {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (!fs.existsSync(dir)) throw error; // otherwise another run finished first: use theirs
  }
  return dir;
}

export async function lintN8nPackages() {
  const tools = await ensureNpmTool('@n8n/node-cli', NODE_CLI_VERSION, { label: 'n8n-lint', present: 'eslint' });
  // The packages' config imports @n8n/node-cli/eslint: run a copy where that import resolves.
  const config = path.join(tools, 'eslint.config.mjs');
  fs.copyFileSync(path.join(n8nDir, 'eslint.config.mjs'), config);
  const eslint = path.join(tools, 'node_modules', 'eslint', 'bin', 'eslint.js');
  // Warnings fail too: each is a check n8n's community-package review makes (e.g. a missing homepage).
  const lint = (cwd, target) => run(process.execPath, [eslint, '-c', config, '--max-warnings', '0', target], { cwd });
  let worst = 0;
  for (const { service } of N8N_PACKAGES) {
    process.stderr.write(`[n8n-lint] n8n/${service}\n`);
    worst = Math.max(worst, await lint(path.join(n8nDir, service), '.'));
  }
  process.stderr.write('[n8n-lint] n8n/common\n');
  return Math.max(worst, await lint(n8nDir, 'common'));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  lintN8nPackages().then(
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
