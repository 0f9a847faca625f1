/**
 * n8n in queue mode on this machine: Redis and Postgres (installed by scripts/services.mjs, started here on loopback
 * ports), then main + webhook processors + a worker of n8n 2.41.1 sharing them. Everything it starts is stopped by
 * stop(), and dies with this process whatever happens (see supervise()). Facts: ../shared/reference/platforms.md.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { freePort, runTool, SERVICES_SCRIPT, startN8n, supervise, waitUntilReady, type N8nHandle, type Supervised } from './process';

interface PostgresInstall {
  bin: string;
  runAs?: { uid: number; gid: number };
}

export interface QueueClusterOptions {
  /** Folder holding the package's built nodes and credentials. */
  customExtensionsDir: string;
  webhookProcessors?: number;
  /** Executions the worker runs at once (n8n's `--concurrency`). */
  workerConcurrency?: number;
  /** n8n settings for every n8n process. */
  env?: Record<string, string>;
}

export interface QueueCluster {
  /** `n8n start`: the editor, the API, and the only process that registers and removes hooks. */
  readonly main: N8nHandle;
  /** `n8n webhook`: each receives deliveries on its own port and enqueues executions. */
  readonly processors: readonly N8nHandle[];
  /** `n8n worker`: runs the executions. */
  readonly worker: N8nHandle;
  /** N8N_WEBHOOK_URL of every process: what main registers with the service (the first processor here). */
  readonly publicWebhookBase: string;
  /** One line per process: what it is and where. */
  describe(): string[];
  stop(): Promise<void>;
}

export async function startQueueCluster(options: QueueClusterOptions): Promise<QueueCluster> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-queue-'));
  const started: Array<{ stop(): Promise<void> }> = [];
  const stopAll = async (): Promise<void> => {
    // n8n first (it flushes to Redis and Postgres on the way out), then the servers.
    for (const item of started.reverse()) await item.stop();
    started.length = 0;
    if (!process.env.N8N_E2E_KEEP_FOLDERS) fs.rmSync(root, { recursive: true, force: true });
  };
  try {
    const [redisServer, postgres] = await Promise.all([
      runTool('redis', SERVICES_SCRIPT).then((out) => (JSON.parse(out) as { server: string }).server),
      runTool('postgres', SERVICES_SCRIPT).then((out) => JSON.parse(out) as PostgresInstall),
    ]);
    const redisPort = await freePort();
    const postgresPort = await freePort();
    const [redis, database] = await Promise.all([startRedis(redisServer, redisPort, root), startPostgres(postgres, postgresPort, root)]);
    started.push({ stop: () => redis.halt() }, { stop: () => database.halt({ signal: 'SIGINT' }) });

    const processorPorts = await Promise.all(Array.from({ length: options.webhookProcessors ?? 2 }, () => freePort()));
    const publicWebhookBase = `http://127.0.0.1:${processorPorts[0]}/`;
    const env: Record<string, string> = {
      DB_TYPE: 'postgresdb',
      DB_POSTGRESDB_HOST: '127.0.0.1',
      DB_POSTGRESDB_PORT: String(postgresPort),
      DB_POSTGRESDB_DATABASE: 'postgres',
      DB_POSTGRESDB_USER: 'postgres',
      DB_POSTGRESDB_PASSWORD: '',
      EXECUTIONS_MODE: 'queue',
      QUEUE_BULL_REDIS_HOST: '127.0.0.1',
      QUEUE_BULL_REDIS_PORT: String(redisPort),
      // Main registers this URL with the service, so it must reach the webhook processors.
      N8N_WEBHOOK_URL: publicWebhookBase,
      // A processor stopped with executions in flight would otherwise wait 30 s.
      N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '3',
      ...options.env,
    };
    const n8nFolder = (name: string) => path.join(root, name);
    const startRole = async (role: 'start' | 'webhook' | 'worker', name: string, extra: { port?: number; args?: string[]; env?: Record<string, string> } = {}) => {
      const handle = await startN8n({
        customExtensionsDir: options.customExtensionsDir,
        role,
        userFolder: n8nFolder(name),
        ...(extra.port ? { port: extra.port } : {}),
        ...(extra.args ? { args: extra.args } : {}),
        env: { ...env, ...extra.env },
        readyTimeoutMs: 180_000,
      });
      started.push(handle);
      return handle;
    };

    // Main first: it creates the database tables.
    const main = await startRole('start', 'main', { env: { N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' } });
    const [worker, ...processors] = await Promise.all([
      startRole('worker', 'worker', { args: [`--concurrency=${options.workerConcurrency ?? 4}`] }),
      ...processorPorts.map((port, index) => startRole('webhook', `webhook-${index + 1}`, { port })),
    ]);
    return {
      main,
      processors,
      worker: worker as N8nHandle,
      publicWebhookBase,
      describe: () => [
        `redis 127.0.0.1:${redisPort}, postgres 127.0.0.1:${postgresPort}`,
        `main ${main.baseUrl}, webhook processors ${processors.map((processor) => processor.baseUrl).join(' and ')}, worker (health) ${worker?.baseUrl}`,
      ],
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

async function startRedis(server: string, port: number, root: string): Promise<Supervised> {
  const dir = path.join(root, 'redis');
  fs.mkdirSync(dir);
  const redis = supervise(server, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    logFile: path.join(dir, 'redis.log'),
  });
  try {
    await waitUntilReady('redis', redis, () => redisAnswersPing(port), 30_000);
  } catch (error) {
    await redis.halt();
    throw error;
  }
  return redis;
}

function redisAnswersPing(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.setTimeout(1000);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      socket.destroy();
      resolve(data.toString().startsWith('+PONG'));
    });
    socket.on('error', () => resolve(false));
    socket.on('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** A fresh cluster (the `postgres` database, trust on loopback), fsync off: throwaway test data. */
async function startPostgres(install: PostgresInstall, port: number, root: string): Promise<Supervised> {
  const dir = path.join(root, 'postgres');
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { recursive: true });
  if (install.runAs) {
    fs.chmodSync(root, 0o755);
    for (const folder of [dir, data]) fs.chownSync(folder, install.runAs.uid, install.runAs.gid);
  }
  const runAs = install.runAs ? { uid: install.runAs.uid, gid: install.runAs.gid } : {};
  execFileSync(path.join(install.bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], {
    ...runAs,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logFile = path.join(dir, 'postgres.log');
  const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'max_connections=200'];
  const postgres = supervise(path.join(install.bin, 'postgres'), args, { logFile, ...(install.runAs ? { runAs: install.runAs } : {}) });
  try {
    await waitUntilReady('postgres', postgres, async () => postgres.log().includes('ready to accept connections'), 60_000);
  } catch (error) {
    await postgres.halt({ signal: 'SIGINT' });
    throw error;
  }
  return postgres;
}
