/**
 * Starts and stops a real n8n (installed by scripts/tools.mjs, run on Node 24) for the end-to-end test, the
 * benchmark and the playground. See ../shared/reference/platforms.md for the facts behind the environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** scripts/tools.mjs, found from wherever this file runs: its source folder, or a bundle in dist/. */
const TOOLS_SCRIPT = findUp(__dirname, path.join('scripts', 'tools.mjs'));

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

function runTool(name: 'node24' | 'n8n'): Promise<string> {
  return new Promise((resolve, reject) => {
    // Progress goes to our stderr, so a cold install (minutes) is visible.
    const child = spawn(process.execPath, [TOOLS_SCRIPT, name], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(out.trim().split('\n').pop() ?? '') : reject(new Error(`tools.mjs ${name} exited ${code}`)),
    );
  });
}

export interface N8nTools {
  node: string;
  n8n: string;
}

/** Installs Node 24 and n8n into the tools cache on first use (several minutes cold). */
export async function ensureN8nTools(): Promise<N8nTools> {
  const n8n = await runTool('n8n');
  const node = await runTool('node24');
  return { node, n8n };
}

// ---------- process ----------

export interface StartOptions {
  /** Folder holding the package's built nodes and credentials (may be empty). */
  customExtensionsDir: string;
  port?: number;
  /** Keep n8n's database across runs; otherwise a temp folder that stop() removes (restart() keeps it). */
  userFolder?: string;
  env?: Record<string, string>;
  readyTimeoutMs?: number;
}

export interface N8nHandle {
  readonly baseUrl: string;
  readonly port: number;
  readonly userFolder: string;
  webhookUrl(webhookPath: string): string;
  /** Waits until n8n serves a production webhook (activation registers it in the background). */
  waitForWebhook(webhookPath: string, method?: string, timeoutMs?: number): Promise<void>;
  logTail(lines?: number): string;
  stop(): Promise<void>;
  restart(): Promise<void>;
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
    WEBHOOK_URL: `http://127.0.0.1:${opts.port}/`,
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
    N8N_DISABLED_MODULES: 'mcp-registry', // refreshes a server list from api.n8n.io at start
    EXTERNAL_FRONTEND_HOOKS_URLS: '',
  };
}

/** Starts `n8n start` on Node 24 and waits until it is ready. */
export async function startN8n(options: StartOptions): Promise<N8nHandle> {
  registerExitHook();
  const tools = await ensureN8nTools();
  const port = options.port ?? (await freePort());
  const brokerPort = await freePort();
  const userFolder = options.userFolder ?? fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-n8n-'));
  if (!options.userFolder) tempFolders.add(userFolder);
  fs.mkdirSync(userFolder, { recursive: true });
  const { customExtensionsDir } = options;
  const env = { ...n8nEnv({ node: tools.node, userFolder, port, brokerPort, customExtensionsDir }), ...options.env };
  const baseUrl = `http://127.0.0.1:${port}`;
  const logFile = path.join(userFolder, 'n8n.log');
  const logLines: string[] = [];
  let child: ChildProcess | undefined;

  const launch = async (): Promise<void> => {
    const log = fs.createWriteStream(logFile, { flags: 'a' });
    // n8n leads its own process group, so one kill reaches its task runner too. The sh wrapper leaves a loop in
    // that group which kills the group within a second of this process dying, whatever the cause (a killed
    // or crashed jest, Ctrl-C), since exit hooks cannot be relied on under jest.
    const watchdog = `(while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 0) >/dev/null 2>&1 & exec "$@"`;
    const proc = spawn('/bin/sh', ['-c', watchdog, String(process.pid), tools.node, tools.n8n, 'start'], {
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    liveProcesses.add(proc);
    let exited: string | undefined;
    proc.on('exit', (code, signal) => {
      exited = `n8n exited (${signal ?? code})`;
      liveProcesses.delete(proc);
    });
    const onData = (chunk: Buffer): void => {
      log.write(chunk);
      logLines.push(...chunk.toString().split('\n').filter((line) => line.length > 0));
      if (logLines.length > LOG_LINES_KEPT) logLines.splice(0, logLines.length - LOG_LINES_KEPT);
    };
    proc.stdout?.on('data', onData);
    proc.stderr?.on('data', onData);
    proc.on('close', () => log.end());

    const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
    for (;;) {
      if (exited) {
        await halt(); // the watchdog loop is still running
        throw new Error(`${exited} before it was ready\n${handle.logTail()}`);
      }
      try {
        const res = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await halt();
        throw new Error(`n8n not ready within ${options.readyTimeoutMs ?? 120_000} ms\n${handle.logTail()}`);
      }
      await sleep(250);
    }
  };

  const halt = async (): Promise<void> => {
    const proc = child;
    if (!proc) return;
    child = undefined;
    if (proc.exitCode === null && proc.signalCode === null) {
      // SIGTERM to n8n alone lets it shut its task runner down; the group kill after it catches stragglers.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 20_000);
        proc.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        proc.kill('SIGTERM');
      });
    }
    killGroup(proc.pid, 'SIGKILL');
    liveProcesses.delete(proc);
  };

  const handle: N8nHandle = {
    baseUrl,
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
    logTail: (lines = 60) => logLines.slice(-lines).join('\n'),
    async stop() {
      await halt();
      removeTempFolder(userFolder);
    },
    async restart() {
      await halt();
      await launch();
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
