/**
 * Deliveries per second and p99 answer time into our Dub Trigger against n8n's own Webhook node, on the same
 * running n8n, with the same signed bodies, headers and concurrency, in alternating rounds.
 *
 * Measured three times: with n8n as shipped; with n8n told not to skip its expression sandbox for its own Webhook
 * node (n8n 2.x skips acquiring an isolated-vm isolate per request only for n8n-nodes-base.webhook; every other
 * trigger, its own Stripe or Cal.com triggers and ours, pays for one), so what is left of the gap is our node's own
 * cost; and with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (an isolate only when an expression needs one), the setting
 * the README recommends to high-volume users when our node then reaches 0.9× of the Webhook node.
 *
 * And the Dub Trigger in queue mode (Redis, Postgres, main + two webhook processors + a worker), deliveries spread
 * over both processors, beside the single-process figure: same bodies, same concurrency, n8n as shipped.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TRIGGER_NODE_VERSION } from '../../n8n/common/node-version';
import { setupOwner, type N8nApi, type WorkflowDefinition } from '../../scripts/n8n/api';
import { startN8n, type N8nHandle } from '../../scripts/n8n/process';
import { startQueueCluster } from '../../scripts/n8n/queue';
import { table } from './measure';
import {
  BENCH_SIGNING_SECRET,
  deliverAll,
  figuresOf,
  loadTarget,
  resetFigures,
  signedBodies,
  type LoadTarget,
  type SignedBody,
  type ThroughputFigures,
} from './n8n-load';

export type { ThroughputFigures } from './n8n-load';

export interface N8nThroughput {
  concurrency: number;
  dubTrigger: ThroughputFigures;
  webhookNode: ThroughputFigures;
  /** dubTrigger.perSecond / webhookNode.perSecond; the aim is at least 0.9. */
  ratio: number;
}

export interface N8nThroughputReport {
  /** n8n with its default settings (or `n8nEnv`). */
  asShipped: N8nThroughput;
  /** n8n with N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP=false: both nodes pay for the expression sandbox. */
  isolateMatched?: N8nThroughput;
  /** n8n with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true. */
  lazyAcquire?: N8nThroughput;
  /** The Dub Trigger in queue mode, same load as `asShipped.dubTrigger`; or why it could not be measured here. */
  queueMode?: ThroughputFigures | { notMeasured: string };
}

export interface N8nThroughputOptions {
  /** Deliveries into each node, over all rounds. */
  deliveries?: number;
  concurrency?: number;
  rounds?: number;
  /** The built n8n packages' parent folder (dist/n8n), which n8n searches for both. */
  packageDir?: string;
  /** Also measure with the expression sandbox cost matched (a second n8n start); default true. */
  isolateMatched?: boolean;
  /** Also measure with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true (a third n8n start); default true. */
  lazyAcquire?: boolean;
  /** Also measure the Dub Trigger in queue mode (Redis, Postgres and four n8n processes); default true. */
  queueMode?: boolean;
  /** n8n settings for every measurement, e.g. to try a deployment's own. */
  n8nEnv?: Record<string, string>;
}

export async function measureN8nThroughput(options: N8nThroughputOptions = {}): Promise<N8nThroughputReport> {
  const settings = options.n8nEnv ?? {};
  const report: N8nThroughputReport = { asShipped: await measureOnce(options, settings) };
  if (options.isolateMatched !== false) {
    report.isolateMatched = await measureOnce(options, { ...settings, N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' });
  }
  if (options.lazyAcquire !== false) {
    report.lazyAcquire = await measureOnce(options, { ...settings, N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' });
  }
  if (options.queueMode !== false) {
    // Redis comes from the system's packages: a machine without it (and without root to install it) skips this figure.
    report.queueMode = await measureQueueMode(options, settings).catch((error: unknown) => ({
      notMeasured: error instanceof Error ? error.message.split('\n')[0] ?? '' : String(error),
    }));
  }
  return report;
}

export function describeN8nThroughput(report: N8nThroughputReport): string {
  const rows: (string | number)[][] = [['n8n settings', 'node', 'deliveries/s', 'p50 ms', 'p99 ms', 'ratio']];
  const add = (label: string, run: N8nThroughput | undefined) => {
    if (!run) return;
    rows.push([label, 'Dub Trigger', run.dubTrigger.perSecond.toFixed(1), run.dubTrigger.p50Ms.toFixed(0), run.dubTrigger.p99Ms.toFixed(0), `${run.ratio.toFixed(2)}×`]);
    rows.push(['', 'n8n Webhook', run.webhookNode.perSecond.toFixed(1), run.webhookNode.p50Ms.toFixed(0), run.webhookNode.p99Ms.toFixed(0), '']);
  };
  add('as configured', report.asShipped);
  add('sandbox cost matched', report.isolateMatched);
  add('lazy isolate acquire', report.lazyAcquire);
  const lines = [table(rows), `(${report.asShipped.dubTrigger.deliveries} deliveries into each node, ${report.asShipped.concurrency} at a time)`];
  if (report.lazyAcquire) {
    const verdict = report.lazyAcquire.ratio >= 0.9 ? 'at least 0.9×: recommend N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true' : 'below 0.9×: no recommendation';
    lines.push(`with N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true the Dub Trigger reaches ${report.lazyAcquire.ratio.toFixed(2)}× of the Webhook node (${verdict})`);
  }
  if (report.queueMode && 'notMeasured' in report.queueMode) {
    lines.push('', `n8n queue mode not measured: ${report.queueMode.notMeasured}`);
  } else if (report.queueMode) {
    const single = report.asShipped.dubTrigger;
    const queue = report.queueMode;
    const queueRows: (string | number)[][] = [
      ['Dub Trigger', 'deliveries/s', 'p50 ms', 'p99 ms'],
      ['single process', single.perSecond.toFixed(1), single.p50Ms.toFixed(0), single.p99Ms.toFixed(0)],
      ['queue mode (2 webhook processors)', queue.perSecond.toFixed(1), queue.p50Ms.toFixed(0), queue.p99Ms.toFixed(0)],
    ];
    lines.push('', 'n8n queue mode vs single process, same bodies and concurrency, n8n as shipped', table(queueRows));
  }
  return lines.join('\n');
}

/** The same load for every measurement: deliveries in rounds, so each setting is measured under equal conditions. */
function loadShape(options: N8nThroughputOptions) {
  const rounds = options.rounds ?? 3;
  return {
    concurrency: options.concurrency ?? 16,
    rounds,
    perRound: Math.ceil((options.deliveries ?? 600) / rounds),
    packageDir: options.packageDir ?? path.resolve(__dirname, '../../dist/n8n'),
  };
}

async function measureOnce(options: N8nThroughputOptions, n8nEnv: Record<string, string>): Promise<N8nThroughput> {
  const { concurrency, rounds, perRound, packageDir } = loadShape(options);
  const n8n = await startN8n({ customExtensionsDir: packageDir, env: n8nEnv });
  try {
    const api = await setupOwner(n8n);
    const ours = await activate(api, n8n, 'Dub Trigger', dubTriggerWorkflow());
    const theirs = await activate(api, n8n, 'Webhook', webhookWorkflow());

    const warmUp = signedBodies(concurrency * 2);
    for (const target of [ours, theirs]) await deliverAndSettle(api, target, warmUp, concurrency);
    for (const target of [ours, theirs]) resetFigures(target);

    for (let round = 0; round < rounds; round += 1) {
      const bodies = signedBodies(perRound);
      // Alternate who goes first, so neither always runs on the other's leftovers.
      const order = round % 2 === 0 ? [ours, theirs] : [theirs, ours];
      for (const target of order) await deliverAndSettle(api, target, bodies, concurrency);
    }
    const dubTrigger = figuresOf(ours);
    const webhookNode = figuresOf(theirs);
    return { concurrency, dubTrigger, webhookNode, ratio: dubTrigger.perSecond / webhookNode.perSecond };
  } finally {
    await n8n.stop();
  }
}

/** Timed delivery, then (untimed) waiting for the runs, so the next round does not pay for this one's backlog. */
async function deliverAndSettle(api: N8nApi, target: LoadTarget, bodies: SignedBody[], concurrency: number): Promise<void> {
  await deliverAll(target, bodies, concurrency);
  const started = (await api.executions(target.workflowId, { includeData: false })).length;
  await api.waitForExecutions(target.workflowId, started, 10 * 60_000);
}

/** The Dub Trigger in queue mode: the same warm-up and rounds as measureOnce, deliveries alternating between the processors. */
async function measureQueueMode(options: N8nThroughputOptions, n8nEnv: Record<string, string>): Promise<ThroughputFigures> {
  const { concurrency, rounds, perRound, packageDir } = loadShape(options);
  const cluster = await startQueueCluster({
    customExtensionsDir: packageDir,
    env: n8nEnv,
    workerConcurrency: 8,
  });
  try {
    const api = await setupOwner(cluster.main);
    const ours = await activate(api, cluster.processors, 'Dub Trigger', dubTriggerWorkflow());
    await deliverAndSettle(api, ours, signedBodies(concurrency * 2), concurrency);
    resetFigures(ours);
    for (let round = 0; round < rounds; round += 1) await deliverAndSettle(api, ours, signedBodies(perRound), concurrency);
    return figuresOf(ours);
  } finally {
    await cluster.stop();
  }
}

/** Activates the workflow and waits until every receiving n8n process serves it. */
async function activate(api: N8nApi, receivers: N8nHandle | readonly N8nHandle[], name: string, workflow: { definition: WorkflowDefinition; path: string }): Promise<LoadTarget> {
  const created = await api.createWorkflow(workflow.definition);
  await api.activate(created.id);
  const list = Array.isArray(receivers) ? receivers : [receivers as N8nHandle];
  for (const receiver of list) await receiver.waitForWebhook(workflow.path, 'POST', 60_000);
  return loadTarget(name, list.map((receiver) => receiver.webhookUrl(workflow.path)), created.id);
}

function dubTriggerWorkflow(): { definition: WorkflowDefinition; path: string } {
  const webhookId = randomUUID();
  return {
    path: `${webhookId}/webhook`,
    definition: {
      name: 'bench: Dub Trigger',
      connections: {},
      nodes: [
        {
          name: 'Dub Trigger',
          type: 'CUSTOM.dubTrigger',
          typeVersion: TRIGGER_NODE_VERSION,
          position: [0, 0],
          webhookId,
          // Manual registration: no service to call, so the figures are the receiving path alone.
          parameters: { authentication: 'none', signingSecret: BENCH_SIGNING_SECRET, events: ['sale.created'] },
        },
      ],
    },
  };
}

function webhookWorkflow(): { definition: WorkflowDefinition; path: string } {
  const webhookPath = `bench-${randomUUID()}`;
  return {
    path: webhookPath,
    definition: {
      name: 'bench: n8n Webhook',
      connections: {},
      nodes: [
        {
          name: 'Webhook',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          position: [0, 0],
          webhookId: randomUUID(),
          parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived' },
        },
      ],
    },
  };
}
