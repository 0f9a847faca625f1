/**
 * Deliveries per second and p99 answer time into our Dub Trigger against n8n's own Webhook node, on the same
 * running n8n, with the same signed bodies, headers and concurrency, in alternating rounds.
 *
 * Measured twice: with n8n as shipped, and with n8n told not to skip its expression sandbox for its own Webhook
 * node. n8n 2.x skips acquiring an isolated-vm isolate per request only for n8n-nodes-base.webhook; every other
 * trigger (its own Stripe or Cal.com triggers, and ours) pays for one. The second figure compares like with like,
 * so what is left of the gap is our node's own cost.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { TRIGGER_NODE_VERSION } from '../../n8n/common/node-version';
import { setupOwner, type N8nApi, type WorkflowDefinition } from '../../scripts/n8n/api';
import { startN8n, type N8nHandle } from '../../scripts/n8n/process';
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
}

export interface N8nThroughputOptions {
  /** Deliveries into each node, over all rounds. */
  deliveries?: number;
  concurrency?: number;
  rounds?: number;
  /** The built n8n package (dist/n8n). */
  packageDir?: string;
  /** Also measure with the expression sandbox cost matched (a second n8n start); default true. */
  isolateMatched?: boolean;
  /** n8n settings for every measurement, e.g. to try a deployment's own. */
  n8nEnv?: Record<string, string>;
}

export async function measureN8nThroughput(options: N8nThroughputOptions = {}): Promise<N8nThroughputReport> {
  const settings = options.n8nEnv ?? {};
  const asShipped = await measureOnce(options, settings);
  if (options.isolateMatched === false) return { asShipped };
  const matched = { ...settings, N8N_EXPRESSION_ENGINE_ALLOW_WEBHOOK_ISOLATE_SKIP: 'false' };
  return { asShipped, isolateMatched: await measureOnce(options, matched) };
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
  return `${table(rows)}\n(${report.asShipped.dubTrigger.deliveries} deliveries into each node, ${report.asShipped.concurrency} at a time)`;
}

async function measureOnce(options: N8nThroughputOptions, n8nEnv: Record<string, string>): Promise<N8nThroughput> {
  const concurrency = options.concurrency ?? 16;
  const rounds = options.rounds ?? 3;
  const perRound = Math.ceil((options.deliveries ?? 600) / rounds);
  const n8n = await startN8n({
    customExtensionsDir: options.packageDir ?? path.resolve(__dirname, '../../dist/n8n'),
    env: n8nEnv,
  });
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

async function activate(api: N8nApi, n8n: N8nHandle, name: string, workflow: { definition: WorkflowDefinition; path: string }): Promise<LoadTarget> {
  const created = await api.createWorkflow(workflow.definition);
  await api.activate(created.id);
  await n8n.waitForWebhook(workflow.path);
  return loadTarget(name, n8n.webhookUrl(workflow.path), created.id);
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
