/**
 * Starts and stops a real n8n (installed by scripts/tools.mjs, run on Node 24) for the end-to-end test, the
 * benchmark and the playground. See ../shared/reference/platforms.md for the facts behind the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** scripts/tools.mjs and scripts/services.mjs, found from wherever this file runs: its source folder, or a bundle in dist/. */
const TOOLS_SCRIPT = findUp(__dirname, path.join('scripts', 'tools.mjs'));
export const SERVICES_SCRIPT = path.join(path.dirname(TOOLS_SCRIPT), 'services.mjs');

function findUp(start: string, relative: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${relative} not found above ${start}`);
  }
}
const ENCRYPTION_KEY = 'linkhooks-e2e-fixed-encryption-key';
const LOG_LINES_KEPT = 400;

// ---------- tools ----------

/** Runs one of our install scripts (tools.mjs by default) and returns the last line it printed. */
export function runTool(name: string, script = TOOLS_SCRIPT): Promise<string> {
  return new Promise((resolve, reject) => {
    // Progress goes to our stderr, so a cold install (minutes) is visible.
    const child = spawn(process.execPath, [script, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`${path.basename(script)} ${name} exited ${code}`)),
    );
  });
}

export interface N8nTools {
  node: string;
  n8n: string;
  /** The n8n version installed: LINKHOOKS_N8N_VERSION's (one of tools.mjs's tested versions), the newest by default. */
  version: string;
}

/** Installs Node 24 and n8n into the tools cache on first use (several minutes cold). */
export async function ensureN8nTools(): Promise<N8nTools> {
  const n8n = await runTool('n8n');
  const node = await runTool('node24');
  // The binary is node_modules/n8n/bin/n8n; its package.json is one folder up.
  const manifest = JSON.parse(fs.readFileSync(path.join(path.dirname(n8n), '..', 'package.json'), 'utf8')) as { version: string };
  return { node, n8n, version: manifest.version };
}

/** n8n 1.x: the maintained 1.123 line, which differs from 2.x in a few settings and editor calls. */
export function isN8nV1(version: string): boolean {
  return version.startsWith('1.');
}

// ---------- process ----------

/** What an n8n process is: the main instance, or (queue mode) a webhook processor or a worker. */
export type N8nRole = 'start' | 'webhook' | 'worker';

export interface StartOptions {
  /** Folder holding the package's built nodes and credentials (may be empty). */
  customExtensionsDir: string;
  /** `n8n start` by default; a worker serves its health check on `port` (QUEUE_HEALTH_CHECK_PORT). */
  role?: N8nRole;
  /** Arguments after the role, e.g. `--concurrency=4` for a worker. */
  args?: string[];
  port?: number;
  /** Keep n8n's database across runs; otherwise a temp folder that stop() removes (restart() keeps it). */
  userFolder?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface N8nHandle {
  readonly baseUrl: string;
  /** The n8n version running. */
  readonly version: string;
  readonly port: number;
  readonly userFolder: string;
  webhookUrl(webhookPath: string): string;
  /** Waits until n8n serves a production webhook (activation registers it in the background). */
  waitForWebhook(webhookPath: string, method?: string, timeoutMs?: number): Promise<void>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  /** Kills the process at once (SIGKILL, task runner included), as a crash would; restart() brings it back. */
  crash(): Promise<void>;
}

const liveProcesses = new Set<ChildProcess>();
const tempFolders = new Set<string>();

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: the group is already gone.
  }
}

function removeTempFolder(folder: string): void {
  if (!tempFolders.delete(folder) || process.env.N8N_E2E_KEEP_FOLDERS) return;
  fs.rmSync(folder, { recursive: true, force: true });
}

// Only effective outside jest: jest hands tests a copy of `process` whose listeners never fire.
// Under jest, afterAll's stop() and the watchdog in launch() are what end n8n.
let exitHookRegistered = false;
function registerExitHook(): void {
  if (exitHookRegistered) return;
  exitHookRegistered = true;
  process.on('exit', () => {
    for (const child of liveProcesses) killGroup(child.pid, 'SIGKILL');
    for (const folder of [...tempFolders]) removeTempFolder(folder);
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface EnvOptions {
  node: string;
  version: string;
  userFolder: string;
  port: number;
  brokerPort: number;
  customExtensionsDir: string;
}

function n8nEnv(opts: EnvOptions): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  // Jest sets NODE_ENV=test, which changes n8n's behaviour; NODE_OPTIONS may carry Node 20 flags.
  delete base.NODE_ENV;
  delete base.NODE_OPTIONS;
  return {
    ...base,
    NODE_ENV: 'production',
    // n8n spawns its JS task runner as plain `node`: it must find Node 24, not the machine's Node 20.
    PATH: `${path.dirname(opts.node)}${path.delimiter}${base.PATH ?? ''}`,
    N8N_USER_FOLDER: opts.userFolder,
    N8N_CUSTOM_EXTENSIONS: opts.customExtensionsDir,
    N8N_LISTEN_ADDRESS: '127.0.0.1',
    N8N_PORT: String(opts.port),
    // n8n 1.x reads only WEBHOOK_URL; 2.x reads both but calls WEBHOOK_URL deprecated.
    [isN8nV1(opts.version) ? 'WEBHOOK_URL' : 'N8N_WEBHOOK_URL']: `http://127.0.0.1:${opts.port}/`,
    N8N_ENCRYPTION_KEY: ENCRYPTION_KEY,
    N8N_SECURE_COOKIE: 'false',
    // Task runners listen on their own port (5679 by default): pick one so instances can run side by side.
    N8N_RUNNERS_BROKER_PORT: String(opts.brokerPort),
    EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
    // Everything that would call n8n's or third parties' servers.
    N8N_DIAGNOSTICS_ENABLED: 'false',
    N8N_PERSONALIZATION_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
    N8N_VERSION_NOTIFICATIONS_WHATS_NEW_ENABLED: 'false',
    N8N_TEMPLATES_ENABLED: 'false',
    N8N_DYNAMIC_BANNERS_ENABLED: 'false',
    N8N_HIRING_BANNER_ENABLED: 'false',
    N8N_COMMUNITY_PACKAGES_ENABLED: 'false',
    N8N_LICENSE_AUTO_RENEW_ENABLED: 'false',
    N8N_AI_ENABLED: 'false',
    // 2.x: refreshes a server list from api.n8n.io at start. n8n 1.x has no such module and refuses to start on it.
    // (1.x's SQLite stays as 1.x ships it: its pooled mode, DB_SQLITE_POOL_SIZE, times out on its write lock under a
    // burst of deliveries.)
    ...(isN8nV1(opts.version) ? {} : { N8N_DISABLED_MODULES: 'mcp-registry' }),
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
  };
}

// ---------- supervised processes ----------

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Appended with everything the process prints. */
  logFile: string;
  /** Run as another user (Postgres refuses root). */
  runAs?: { uid: number; gid: number };
  cwd?: string;
}

/** A child process that cannot outlive us, its output kept in a file and its last lines in memory. */
export interface Supervised {
  readonly pid: number | undefined;
  /** Why it exited, once it has. */
  exited(): string | undefined;
  logTail(lines?: number): string;
  /** The whole output so far (from the log file). */
  log(): string;
  /** SIGTERM (or `signal`), up to `graceMs`; then SIGKILL to its whole process group. */
  halt(options?: { signal?: NodeJS.Signals; graceMs?: number }): Promise<void>;
}

/**
 * Starts `command` as the leader of its own process group, so one kill reaches its children too. The sh wrapper
 * leaves a loop in that group which kills the group within a second of this process dying, whatever the cause (a
 * killed or crashed jest, Ctrl-C), since exit hooks cannot be relied on under jest. It watches /proc rather than
 * `kill -0`, which another user (runAs) may not send.
 */
export function supervise(command: string, args: string[], options: SpawnOptions): Supervised {
  registerExitHook();
  const watchdog = `(while [ -d "/proc/$0" ]; do sleep 1; done; kill -9 0) >/dev/null 2>&1 & exec "$@"`;
  const logStream = fs.createWriteStream(options.logFile, { flags: 'a' });
  const proc = spawn('/bin/sh', ['-c', watchdog, String(process.pid), command, ...args], {
    env: options.env ?? process.env,
    cwd: options.cwd,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
  });
  liveProcesses.add(proc);
  const lines: string[] = [];
  let exited: string | undefined;
  proc.on('exit', (code, signal) => {
    exited = `${path.basename(command)} exited (${signal ?? code})`;
    liveProcesses.delete(proc);
  });
  const onData = (chunk: Buffer): void => {
    logStream.write(chunk);
    lines.push(...chunk.toString().split('\n').filter((line) => line.length > 0));
    if (lines.length > LOG_LINES_KEPT) lines.splice(0, lines.length - LOG_LINES_KEPT);
  };
  proc.stdout?.on('data', onData);
  proc.stderr?.on('data', onData);
  proc.on('close', () => logStream.end());

  return {
    pid: proc.pid,
    exited: () => exited,
    logTail: (count = 60) => lines.slice(-count).join('\n'),
    log: () => (fs.existsSync(options.logFile) ? fs.readFileSync(options.logFile, 'utf8') : ''),
    async halt({ signal = 'SIGTERM', graceMs = 20_000 } = {}) {
      if (proc.exitCode === null && proc.signalCode === null) {
        // The signal to the leader alone lets it shut its children down; the group kill after it catches stragglers.
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          proc.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          proc.kill(signal);
        });
      }
      killGroup(proc.pid, 'SIGKILL');
      liveProcesses.delete(proc);
    },
  };
}

/** Polls `probe` until it answers true; fails early when `process` has exited, and at the deadline. */
export async function waitUntilReady(what: string, target: Supervised, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const exited = target.exited();
    if (exited) throw new Error(`${what}: ${exited} before it was ready\n${target.logTail()}`);
    if (await probe().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms\n${target.logTail()}`);
    await sleep(250);
  }
}

// ---------- n8n ----------

/**
 * Ready: `/healthz/readiness` answers 200 and, for main, the editor's API is mounted (n8n 1.x answers readiness during
 * its migrations, before `/rest/*` exists).
 */
async function isReady(baseUrl: string, role: N8nRole): Promise<boolean> {
  const answers = async (urlPath: string): Promise<boolean> => {
    const response = await fetch(`${baseUrl}${urlPath}`, { signal: AbortSignal.timeout(2000) });
    await response.arrayBuffer();
    return response.status === 200;
  };
  return (await answers('/healthz/readiness')) && (role !== 'start' || (await answers('/rest/settings')));
}

/** Starts `n8n start` (or a queue-mode webhook processor or worker) on Node 24 and waits until it is ready. */
export async function startN8n(options: StartOptions): Promise<N8nHandle> {
  const tools = await ensureN8nTools();
  const port = options.port ?? (await freePort());
  const brokerPort = await freePort();
  const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-n8n-'));
  if (!options.userFolder) tempFolders.add(userFolder);
  fs.mkdirSync(userFolder, { recursive: true });
  const { customExtensionsDir } = options;
  const role = options.role ?? 'start';
  const roleEnv = role === 'worker' ? { QUEUE_HEALTH_CHECK_ACTIVE: 'true', QUEUE_HEALTH_CHECK_PORT: String(port) } : {};
  const env = { ...n8nEnv({ node: tools.node, version: tools.version, userFolder, port, brokerPort, customExtensionsDir }), ...roleEnv, ...options.env };
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(userFolder, 'n8n.log');
  let child: Supervised | undefined;
  const earlierLines: string[] = [];

  const launch = async (): Promise<void> => {
    const proc = supervise(tools.node, [tools.n8n, role, ...(options.args ?? [])], { env, logFile });
    child = proc;
    const timeoutMs = options.readyTimeoutMs ?? 120_000;
    try {
      await waitUntilReady(`n8n ${tools.version} ${role}`, proc, () => isReady(baseUrl, role), timeoutMs);
    } catch (err) {
      await halt(); // the watchdog loop is still running
      throw err;
    }
  };

  const halt = async (options_: { signal?: NodeJS.Signals } = {}): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    earlierLines.push(...proc.logTail(LOG_LINES_KEPT).split('\n'));
    earlierLines.splice(0, Math.max(0, earlierLines.length - LOG_LINES_KEPT));
    await proc.halt(options_);
  };

  const handle: N8nHandle = {
    baseUrl,
    version: tools.version,
    port,
    userFolder,
    webhookUrl: (webhookPath) => `${baseUrl}/webhook/${webhookPath.replace(/^\/+/, '')}`,
    async waitForWebhook(webhookPath, method = 'POST', timeoutMs = 30_000) {
      // A CORS preflight asks n8n which methods the path has, without running the workflow: 404 until registered.
      const deadline = Date.now() + timeoutMs;
      let status = 0;
      while (Date.now() < deadline) {
        const res = await fetch(handle.webhookUrl(webhookPath), {
          method: 'OPTIONS',
          headers: { origin: baseUrl, 'access-control-request-method': method },
        });
        status = res.status;
        await res.arrayBuffer();
        const allowed = res.headers.get('access-control-allow-methods') ?? '';
        if (res.ok && allowed.split(/,\s*/).includes(method)) return;
        await sleep(200);
      }
      throw new Error(`webhook ${method} ${webhookPath} not registered after ${timeoutMs} ms (last ${status})\n${handle.logTail()}`);
    },
    logTail: (lines = 60) => [...earlierLines, ...(child?.logTail(LOG_LINES_KEPT).split('\n') ?? [])].slice(-lines).join('\n'),
    async stop() {
      await halt();
      removeTempFolder(userFolder);
    },
    async restart() {
      await halt();
      await launch();
    },
    async crash() {
      await halt({ signal: 'SIGKILL' });
    },
  };

  try {
    await launch();
  } catch (err) {
    await handle.stop();
    throw err;
  }
  return handle;
}
