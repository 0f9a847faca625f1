/**
 * An outage loses nothing, in a real n8n: the Dub Trigger's own check (every minute, on n8n's cron) notices a hook
 * Dub disabled, or events Dub could not deliver, and recovers each of them once, oldest first, through its own URL.
 * The sandbox's Dub disables a hook after 20 failed attempts and keeps its delivery log, as Dub's code does.
 * Run with `npm run test:e2e -- test/e2e/n8n-recovery.e2e.test.ts`.
 */
import { createHmac } from 'node:crypto';
import { DUB_TOKEN_BUSINESS, type DubEnvelope, type Sandbox } from '../../sandbox';
import { nodeOutput, type OwnerSession, type Workflow } from '../../scripts/n8n/api';
import type { N8nHandle } from '../../scripts/n8n/process';
import { DUB_NODE, dubEventWorkflow, eventually, postTo, sandboxCredentials, savedHookSecret, waitForHookSaved } from '../../scripts/n8n/workflows';
import { catalogueEntry } from '../support/fixtures';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';

const saleEntry = catalogueEntry('dub', 'sale.created');
const run = runSummary('n8n recovery summary');

/** The check runs at every full minute; a recovery is done well within two. */
const RECOVERED_WITHIN_MS = 150_000;

/** Events a test sends, created a minute apart (Dub's creation order is what recovery follows). */
function sale(scenario: string, n: number): DubEnvelope {
  const id = `evt_${scenario}${String(n).padStart(21 - scenario.length, '0')}`;
  return { ...(saleEntry.sample as DubEnvelope), id, createdAt: new Date(Date.UTC(2026, 11, 6, 9, n)).toISOString() };
}

describe('recovery of what Dub could not deliver, in a real n8n', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let api: OwnerSession;

  beforeAll(async () => {
    ({ sandbox, n8n, api } = await startSandboxedN8n(run));
  }, 20 * 60_000);

  afterAll(async () => {
    await stopSandboxedN8n({ sandbox, n8n }, run);
  }, 60_000);

  async function activeWorkflow(name: string): Promise<{ workflow: Workflow; webhookPath: string; hookId: () => string }> {
    const { dub } = await sandboxCredentials(api, sandbox);
    const definition = dubEventWorkflow(dub, 'sale.created', name);
    const workflow = await api.createWorkflow(definition.definition);
    await api.activate(workflow.id);
    await n8n.waitForWebhook(definition.webhookPath);
    await waitForHookSaved(api, workflow.id, DUB_NODE);
    const url = n8n.webhookUrl(definition.webhookPath);
    const hookId = () => String(sandbox.dub.hooks().find((hook) => hook.url === url)?.id);
    return { workflow, webhookPath: definition.webhookPath, hookId };
  }

  /** The event ids each execution of the workflow ran, oldest first. */
  async function ranIds(workflowId: string): Promise<string[]> {
    const executions = await api.executions(workflowId, { includeData: true });
    return executions
      .sort((a, b) => Number(a.id) - Number(b.id))
      .flatMap((execution) => nodeOutput(execution, DUB_NODE))
      .map((item) => String(item['id']));
  }

  async function waitUntilRan(workflowId: string, ids: string[]): Promise<string[]> {
    return eventually(`events ${ids.join(', ')} run`, async () => {
      const ran = await ranIds(workflowId);
      return ids.every((id) => ran.includes(id)) ? ran : undefined;
    }, RECOVERED_WITHIN_MS);
  }

  it('restart: n8n is down while Dub disables the hook; after it starts again each event runs once, in order, and new ones arrive', async () => {
    const { workflow, hookId } = await activeWorkflow('Sales, through a restart');
    const before = hookId();
    expect((await sandbox.dub.deliver(sale('restart', 0)))[0]?.delivered).toBe(true);
    await api.waitForExecutions(workflow.id, 1, 60_000);

    await n8n.crash();
    for (const n of [3, 1, 4, 2]) await sandbox.dub.deliver(sale('restart', n));
    expect(sandbox.dub.hooks().find((hook) => hook.id === before)?.disabledAt).toEqual(expect.any(String));
    const restarted = Date.now();
    await n8n.restart();

    const ran = await waitUntilRan(workflow.id, [1, 2, 3, 4].map((n) => sale('restart', n).id));
    const seconds = Math.round((Date.now() - restarted) / 1000);
    expect(ran).toEqual([0, 1, 2, 3, 4].map((n) => sale('restart', n).id));
    const after = hookId();
    expect(after).not.toBe(before);
    expect(sandbox.dub.hooks().map((hook) => hook.id)).toEqual([after]);

    const [fresh] = await sandbox.dub.deliver(sale('restart', 5));
    expect(fresh?.statuses).toEqual([200]);
    await waitUntilRan(workflow.id, [sale('restart', 5).id]);
    expect(await ranIds(workflow.id)).toEqual([0, 1, 2, 3, 4, 5].map((n) => sale('restart', n).id));
    // What n8n saved holds the live hook: the check's checkpoint (on n8n 2.x the only way: it saves nothing webhook()
    // writes in a request that starts an execution), or on 1.x already the execution that adopted it.
    const live = sandbox.dub.hooks()[0]?.secret;
    await eventually('the live hook saved', async () => ((await savedHookSecret(api, workflow.id, DUB_NODE)) === live ? true : undefined), 60_000);
    run.proved(`restart: a hook Dub disabled while n8n was down was replaced and its 4 events ran once each, in order, ${seconds} s after n8n started`);
  }, 10 * 60_000);

  it('no restart: Dub disables the hook while n8n is up (it could not reach n8n); the same outcome', async () => {
    const { workflow, webhookPath, hookId } = await activeWorkflow('Sales, disabled while up');
    const before = hookId();
    const url = n8n.webhookUrl(webhookPath);
    // Dub cannot reach n8n (a tunnel gone): the hook points nowhere while the events come, then back.
    await patchHookUrl(before, 'http://127.0.0.1:9/unreachable');
    for (const n of [1, 2, 3, 4]) await sandbox.dub.deliver(sale('upnow', n));
    await patchHookUrl(before, url);
    expect(sandbox.dub.hooks().find((hook) => hook.id === before)?.disabledAt).toEqual(expect.any(String));

    const ran = await waitUntilRan(workflow.id, [1, 2, 3, 4].map((n) => sale('upnow', n).id));
    expect(ran).toEqual([1, 2, 3, 4].map((n) => sale('upnow', n).id));
    expect(hookId()).not.toBe(before);
    run.proved('no restart: a hook Dub disabled while n8n was up was replaced and its 4 events ran once each, in order');
  }, 10 * 60_000);

  it("short outage: the hook stays enabled with an event whose retries ran out; it runs once, and Dub's late retry of it runs nothing more", async () => {
    const { workflow, webhookPath, hookId } = await activeWorkflow('Sales, short outage');
    const live = hookId();
    const url = n8n.webhookUrl(webhookPath);
    await patchHookUrl(live, 'http://127.0.0.1:9/unreachable');
    const lost = sale('short', 1);
    await sandbox.dub.deliver(lost);
    await patchHookUrl(live, url);
    expect((await sandbox.dub.deliver(sale('short', 2)))[0]?.statuses).toEqual([200]);
    expect(sandbox.dub.hooks().find((hook) => hook.id === live)?.disabledAt).toBeNull();

    await waitUntilRan(workflow.id, [lost.id]);
    // Dub's late retry: the same bytes, signed with the hook's secret.
    const body = JSON.stringify(lost);
    const secret = String(sandbox.dub.hooks().find((hook) => hook.id === live)?.secret);
    const late = await postTo(url, body, { 'dub-signature': createHmac('sha256', secret).update(body).digest('hex') });
    expect(late.status).toBe(200);
    await api.waitForExecutions(workflow.id, 2, 30_000);
    expect((await ranIds(workflow.id)).filter((id) => id === lost.id)).toHaveLength(1);
    expect(hookId()).toBe(live);

    // Dub's log still shows the event undelivered (it was recovered through n8n's URL, not by Dub): after a restart,
    // only what n8n saved tells the check it ran. Two checks after the restart (the second begins once the first is
    // done) and it has still run once.
    await n8n.restart();
    const logReads = () => sandbox.dub.requests().filter((request) => request.method === 'GET' && request.path === `/webhooks/${live}/events`).length;
    const readsBefore = logReads();
    await eventually('two checks after the restart', async () => (logReads() >= readsBefore + 2 ? true : undefined), RECOVERED_WITHIN_MS);
    expect((await ranIds(workflow.id)).filter((id) => id === lost.id)).toHaveLength(1);
    run.proved("short outage: an event whose retries ran out on an enabled hook ran once; Dub's late retry of it ran nothing, nor did the checks after a restart");
  }, 10 * 60_000);

  it("deactivation over a disabled hook whose log Dub cannot answer just now (503) keeps it, parked, instead of deleting what it holds", async () => {
    const { workflow, webhookPath, hookId } = await activeWorkflow('Sales, deactivated while Dub falters');
    const before = hookId();
    const url = n8n.webhookUrl(webhookPath);
    // Just after a check (its log read seen), so that no check runs between disabling the hook and deactivating.
    const logReads = () => sandbox.dub.requests().filter((request) => request.method === 'GET' && request.path === `/webhooks/${before}/events`).length;
    const readsBefore = logReads();
    await eventually('a check of the hook', async () => (logReads() > readsBefore ? true : undefined), RECOVERED_WITHIN_MS);
    await patchHookUrl(before, 'http://127.0.0.1:9/unreachable');
    for (const n of [1, 2, 3, 4]) await sandbox.dub.deliver(sale('falter', n));
    await patchHookUrl(before, url);
    expect(sandbox.dub.hooks().find((hook) => hook.id === before)?.disabledAt).toEqual(expect.any(String));
    sandbox.faults.inject({ match: { provider: 'dub', method: 'GET', path: new RegExp(`^/webhooks/${before}/events`) }, kind: 'server_error', status: 503, times: 50 });
    const requestsBefore = sandbox.dub.requests().length;
    const touched = () =>
      sandbox.dub
        .requests()
        .slice(requestsBefore)
        .some((request) => (request.method === 'PATCH' || request.method === 'DELETE') && request.path === `/webhooks/${before}`);
    try {
      await api.deactivate(workflow.id);
      // n8n 2.x may answer the deactivation before its delete() has run.
      await eventually('delete() to move or delete the hook', async () => (touched() ? true : undefined), 60_000);
    } finally {
      sandbox.faults.clear();
    }
    // Through n8n's own HTTP helper, Dub's 503 read as "not now": the hook stays, moved aside, its log intact.
    expect(sandbox.dub.hooks()).toEqual(expect.arrayContaining([expect.objectContaining({ id: before, url: expect.stringContaining(`linkhooks_recovering=${before}`) })]));
    expect(sandbox.dub.requests().slice(requestsBefore).some((request) => request.method === 'DELETE' && request.path === `/webhooks/${before}`)).toBe(false);
    run.proved("deactivation while Dub answered its log with 503: the disabled hook was parked with its log, not deleted");
  }, 10 * 60_000);

  async function patchHookUrl(id: string, url: string): Promise<void> {
    const response = await fetch(`${sandbox.dubBaseUrl}/webhooks/${id}`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${DUB_TOKEN_BUSINESS}`, 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
    });
    if (!response.ok) throw new Error(`PATCH hook → ${response.status}: ${await response.text()}`);
  }
});
