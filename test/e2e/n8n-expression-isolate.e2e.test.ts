/**
 * What a Dub delivery costs n8n 2.x's expression engine, counted by n8n itself. Under
 * N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true n8n takes an expression isolate only when it must evaluate an expression;
 * its Prometheus counter `expression_pool_acquired` counts each one. The Dub Trigger's webhook description names the
 * Respond parameter (an expression n8n evaluates for every delivery) with the resolver n8n's own Webhook node uses,
 * so a delivery into a trigger whose parameters are plain values takes none; a trigger whose parameters hold an
 * expression (n8n cannot resolve natively then) shows that the counter counts what it should. n8n 1.x has no
 * expression isolates: nothing to count there. Run with `npm run test:e2e`.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { signDubBody } from '../../shared';
import { setupOwner, type N8nApi, type WorkflowDefinition } from '../../scripts/n8n/api';
import { isN8nV1, startN8n, type N8nHandle } from '../../scripts/n8n/process';
import { postTo } from '../../scripts/n8n/workflows';
import { catalogueEntry } from '../support/fixtures';

const SECRET = 'whsec_isolatecount0000000000000000';
const DELIVERIES = 8;
const onN8nV2 = isN8nV1(process.env.LINKHOOKS_N8N_VERSION ?? '') ? describe.skip : describe;

function dubTrigger(name: string, parameters: Record<string, unknown>): { definition: WorkflowDefinition; path: string } {
  const webhookId = randomUUID();
  return {
    path: `${webhookId}/webhook`,
    definition: {
      name,
      connections: {},
      nodes: [{ name: 'Dub Trigger', type: 'CUSTOM.dubTrigger', typeVersion: 1.1, position: [0, 0], webhookId, parameters }],
    },
  };
}

onN8nV2('expression isolates a Dub delivery takes in n8n 2.x, with lazy isolate acquire', () => {
  let n8n: N8nHandle;
  let api: N8nApi;

  beforeAll(async () => {
    n8n = await startN8n({
      customExtensionsDir: path.resolve(__dirname, '../../dist/n8n'),
      env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true', N8N_METRICS: 'true' },
    });
    api = await setupOwner(n8n);
  }, 15 * 60_000);

  afterAll(async () => {
    await n8n?.stop();
  }, 60_000);

  async function isolatesAcquired(): Promise<number> {
    const text = await (await fetch(`${n8n.baseUrl}/metrics`)).text();
    const line = text.split('\n').find((each) => /^n8n_expression_pool_acquired_total(\{[^}]*\})? /.test(each));
    if (line === undefined) throw new Error('n8n exposes no expression_pool_acquired counter at /metrics');
    return Number(line.split(' ').pop());
  }

  /** Activates the workflow, delivers signed sales into it one at a time, and returns the isolates taken meanwhile. */
  async function isolatesFor(workflow: { definition: WorkflowDefinition; path: string }): Promise<number> {
    const created = await api.createWorkflow(workflow.definition);
    await api.activate(created.id);
    await n8n.waitForWebhook(workflow.path, 'POST', 60_000);
    const sale = catalogueEntry('dub', 'sale.created').sample as Record<string, unknown>;
    const before = await isolatesAcquired();
    for (let index = 0; index < DELIVERIES; index += 1) {
      const body = JSON.stringify({ ...sale, id: `evt_isolatecount${randomUUID().replace(/-/g, '').slice(0, 12)}` });
      const answer = await postTo(n8n.webhookUrl(workflow.path), body, { 'dub-signature': signDubBody(body, SECRET) });
      expect(answer.status).toBe(200);
    }
    await api.waitForExecutions(created.id, DELIVERIES, 60_000);
    const taken = (await isolatesAcquired()) - before;
    await api.deactivate(created.id);
    return taken;
  }

  it('takes none for a trigger whose parameters are plain values, with or without the payout answer mode', async () => {
    expect(await isolatesFor(dubTrigger('isolates: sales', { authentication: 'none', signingSecret: SECRET, events: ['sale.created'] }))).toBe(0);
    const payouts = { authentication: 'none', signingSecret: SECRET, events: ['sale.created', 'payout.confirmed'], responseMode: 'onReceived' };
    expect(await isolatesFor(dubTrigger('isolates: payouts answered at once', payouts))).toBe(0);
  }, 5 * 60_000);

  it('counts the ones n8n takes when a parameter is an expression (the counter is not blind)', async () => {
    const withExpression = { authentication: 'none', signingSecret: `={{ "${SECRET}" }}`, events: ['sale.created'] };
    expect(await isolatesFor(dubTrigger('isolates: an expression', withExpression))).toBeGreaterThanOrEqual(DELIVERIES);
  }, 5 * 60_000);
});
