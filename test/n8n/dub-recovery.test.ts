/**
 * The Dub Trigger heals itself (recovery.ts): its periodic check against the sandbox's Dub, which disables hooks,
 * keeps their delivery logs and retries as Dub does. The node's URL is a real receiver here; that webhook() runs each
 * recovered event once is proven in real n8n (test/e2e/n8n-recovery.e2e.test.ts) and in dub-receive's tests.
 */
import { createHmac } from 'node:crypto';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { createDubHook, deleteDubHook, dubHookExists } from '../../n8n/dub/nodes/DubTrigger/lifecycle';
import { checkDubHook, RECOVERY_CHECK_CRON, RECOVERY_HEADER, RECOVERY_STATE_FIELD } from '../../n8n/dub/nodes/DubTrigger/recovery';
import { receiveDubDelivery } from '../../n8n/dub/nodes/DubTrigger/receive';
import type { IDataObject } from 'n8n-workflow';
import { PARKED_HOOK_PARAM } from '../../shared';
import type { DubEnvelope } from '../../sandbox';
import { useReceivers, type Receiver } from '../sandbox/helpers';
import { dubApiKeyCredentials, useSandbox } from '../support/sandbox';
import { DUB_TOKEN_BUSINESS } from '../../sandbox';
import { hookContext, triggerContext, webhookContext } from './support/contexts';

const sandbox = useSandbox({ dubRetryDelaysMs: [1, 1, 1, 1] });
const receiver = useReceivers();

const parameters = { authentication: 'apiKey', events: ['sale.created'] };

function sale(n: number): DubEnvelope {
  return { id: `evt_recover${String(n).padStart(14, '0')}`, event: 'sale.created', createdAt: new Date(Date.UTC(2026, 11, 6, 9, n)).toISOString(), data: { n } };
}

let workflows = 0;

/** "n8n": down (503) or up (200) on demand, at a real URL the hook is registered for. One workflow per test (what a
 *  process remembers is per workflow and node). */
async function node(): Promise<{ url: Receiver; up(): void; down(): void; staticData: IDataObject; workflow: { id: string; name: string } }> {
  let answering = 200;
  const url = await receiver(() => ({ status: answering }));
  const staticData: IDataObject = {};
  workflows += 1;
  const workflow = { id: `wf-recovery-${workflows}`, name: 'Sales to Slack' };
  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters, staticData, webhookUrl: url.url, workflow };
  await createDubHook(hookContext(setup).context);
  return { url, staticData, workflow, up: () => (answering = 200), down: () => (answering = 503) };
}

function triggerOf(n: Awaited<ReturnType<typeof node>>, extra: Parameters<typeof triggerContext>[0] = {}) {
  return triggerContext({ credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: n.staticData, webhookUrl: n.url.url, workflow: n.workflow, ...extra });
}

const signedBy = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('hex');

/** What the node's URL received: the events sent again (each with its id), and the check's checkpoints. */
function split(received: Receiver['received']) {
  const isCheckpoint = (delivery: Receiver['received'][number]) => RECOVERY_STATE_FIELD in (JSON.parse(delivery.body) as object);
  return { events: received.filter((delivery) => !isCheckpoint(delivery)), checkpoints: received.filter(isCheckpoint) };
}

test('trigger() schedules a check every minute on n8n cron, and nothing else', async () => {
  const n = await node();
  const trigger = triggerOf(n);
  const response = await new DubTrigger().trigger.call(trigger.context);
  expect(trigger.crons).toEqual([RECOVERY_CHECK_CRON]);
  expect(trigger.emitted).toEqual([]);
  expect(typeof response.closeFunction).toBe('function');
});

test('a hook Dub disabled: its log is read before anything is deleted, a new hook delivers, and each undelivered event is sent once, oldest first, signed with the new secret', async () => {
  const n = await node();
  const before = String(n.staticData['hookId']);
  await sandbox().dub.deliver(sale(0));
  n.down();
  for (const k of [3, 1, 4, 2]) await sandbox().dub.deliver(sale(k));
  expect(sandbox().dub.hooks()[0]?.disabledAt).toEqual(expect.any(String));
  n.up();
  const received = n.url.received.length;

  const report = await checkDubHook(triggerOf(n).context);
  expect(report?.found).toBe('disabled');
  const [live] = sandbox().dub.hooks();
  expect(sandbox().dub.hooks()).toHaveLength(1);
  expect(live).toMatchObject({ url: n.url.url, disabledAt: null });
  expect(live?.id).not.toBe(before);
  expect(n.staticData['hookId']).toBe(live?.id);

  const { events: recovered, checkpoints } = split(n.url.received.slice(received));
  expect(recovered.map((delivery) => (JSON.parse(delivery.body) as DubEnvelope).id)).toEqual([1, 2, 3, 4].map((k) => sale(k).id));
  // Then one checkpoint, for webhook() to record (the node's URL is a plain receiver here: see the checkpoint test).
  expect(checkpoints).toHaveLength(1);
  expect(n.url.received.at(-1)).toBe(checkpoints[0]);
  for (const delivery of [...recovered, ...checkpoints]) {
    expect(delivery.headers['dub-signature']).toBe(signedBy(String(live?.secret), delivery.body));
    expect(delivery.headers[RECOVERY_HEADER]).toBe('1');
  }
  // The log was read from the parked hook before it was deleted; it is gone once everything was recovered.
  const calls = sandbox().dub.requests().map((request) => `${request.method} ${request.path}`);
  expect(calls.indexOf(`GET /webhooks/${before}/events`)).toBeLessThan(calls.indexOf(`DELETE /webhooks/${before}`));
  expect(calls.indexOf(`PATCH /webhooks/${before}`)).toBeLessThan(calls.lastIndexOf('POST /webhooks'));

  // The next check sends nothing again (nor a checkpoint: nothing changed), and the new hook receives.
  const seen = n.url.received.length;
  const again = await checkDubHook(triggerOf(n).context);
  expect(again?.replayed).toEqual([]);
  expect(n.url.received.length).toBe(seen);
  expect((await sandbox().dub.deliver(sale(9)))[0]?.delivered).toBe(true);
});

test('an enabled hook whose log shows an event never answered 2xx: the event is sent again, the hook kept', async () => {
  const n = await node();
  const hookId = String(n.staticData['hookId']);
  n.down();
  await sandbox().dub.deliver(sale(1));
  n.up();
  await sandbox().dub.deliver(sale(2));
  const report = await checkDubHook(triggerOf(n).context);
  expect(report).toMatchObject({ found: 'undelivered', replayed: [expect.objectContaining({ id: sale(1).id, status: 200 })] });
  expect(sandbox().dub.hooks().map((hook) => hook.id)).toEqual([hookId]);
  expect((await checkDubHook(triggerOf(n).context))?.replayed).toEqual([]);
});

test('a refused recovery stops the sending (nothing runs ahead of it) and is tried again, at most three times, then said', async () => {
  const n = await node();
  n.down();
  await sandbox().dub.deliver(sale(1));
  await sandbox().dub.deliver(sale(2));
  const trigger = triggerOf(n);
  for (let check = 0; check < 3; check += 1) {
    const report = await checkDubHook(trigger.context);
    expect(report?.replayed.map((event) => [event.id, event.status])).toEqual([[sale(1).id, 503]]);
  }
  const last = await checkDubHook(trigger.context);
  expect(last?.cannotRecover.join(' ')).toContain(sale(1).id);
  expect(trigger.failedExecutions.some((message) => message.includes(sale(1).id))).toBe(true);
});

test('activation over a hook Dub disabled leaves it to the check (checkExists says it is there), so the log is never lost to create()', async () => {
  const n = await node();
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  const hook = hookContext({ credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: n.staticData, webhookUrl: n.url.url, workflow: n.workflow });
  expect(await dubHookExists(hook.context)).toBe(true);
});

test('deactivating over a disabled hook with undelivered events parks it; the next activation recovers them and deletes it', async () => {
  const n = await node();
  const old = String(n.staticData['hookId']);
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  n.up();
  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: n.staticData, webhookUrl: n.url.url, workflow: n.workflow };
  await deleteDubHook(hookContext(setup).context);
  expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: old, url: expect.stringContaining(`${PARKED_HOOK_PARAM}=${old}`) })]);
  expect(n.staticData['parkedHooks']).toEqual([old]);

  await createDubHook(hookContext(setup).context);
  const received = n.url.received.length;
  await checkDubHook(triggerOf(n).context);
  expect(split(n.url.received.slice(received)).events.map((delivery) => (JSON.parse(delivery.body) as DubEnvelope).id)).toEqual([1, 2, 3, 4].map((k) => sale(k).id));
  expect(sandbox().dub.hooks().map((hook) => hook.id)).toEqual([n.staticData['hookId']]);
  expect(n.staticData['parkedHooks']).toEqual([]);
});

test("deactivating over a disabled hook whose log cannot be read just now (Dub answers 503) parks it too: what it holds is not deleted on a passing failure", async () => {
  const n = await node();
  const old = String(n.staticData['hookId']);
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  n.up();
  sandbox().faults.inject({ kind: 'server_error', status: 503, match: { provider: 'dub', method: 'GET', path: /^\/webhooks\/[^/]+\/events/ }, times: 20 });
  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: n.staticData, webhookUrl: n.url.url, workflow: n.workflow };
  const hook = hookContext(setup);
  await deleteDubHook(hook.context);
  sandbox().faults.clear();

  expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: old, url: expect.stringContaining(`${PARKED_HOOK_PARAM}=${old}`) })]);
  expect(n.staticData['parkedHooks']).toEqual([old]);
  // Its log is intact for the next activation's check.
  const log = await fetch(`${sandbox().dubBaseUrl}/webhooks/${old}/events`, { headers: { authorization: `Bearer ${DUB_TOKEN_BUSINESS}` } });
  expect(log.status).toBe(200);
  expect(((await log.json()) as unknown[]).length).toBeGreaterThan(0);
});

test('a test delivery: the execution runs trigger() in manual mode, which hands on what webhook() emitted', async () => {
  const setup = { parameters: { authentication: 'none', events: ['sale.created'], signingSecret: 'whsec_test' }, webhookUrl: 'https://n8n.example.test/webhook-test/5b0c7f0e-0000-4000-8000-000000000001/webhook' };
  const body = JSON.stringify(sale(1));
  const delivered = webhookContext(setup, { body, headers: { 'dub-signature': signedBy('whsec_test', body) } });
  const answer = await receiveDubDelivery(delivered.context);
  const manual = triggerContext({ ...setup, mode: 'manual' });
  const response = await new DubTrigger().trigger.call(manual.context);
  await response.manualTriggerFunction?.();
  expect(manual.emitted).toEqual([answer.workflowData]);
});

test('webhook(): a delivery signed by the hook the check registered is accepted before n8n saved it, and kept', async () => {
  const n = await node();
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  n.up();
  // n8n's saved copy: the old hook. The check's copy: the new one.
  const saved = { ...n.staticData };
  await checkDubHook(triggerOf(n).context);
  const [live] = sandbox().dub.hooks();
  const body = JSON.stringify(sale(5));
  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: saved, webhookUrl: n.url.url, workflow: n.workflow };
  const delivered = webhookContext(setup, { body, headers: { 'dub-signature': signedBy(String(live?.secret), body) } });
  const answer = await receiveDubDelivery(delivered.context);
  expect(answer.workflowData).toHaveLength(1);
  expect(saved['hookId']).toBe(live?.id);

  // A forged one after it costs no further listing within the interval.
  const listings = () => sandbox().dub.requests().filter((request) => request.method === 'GET' && request.path === '/webhooks').length;
  const counted = listings();
  for (const forged of ['a', 'b', 'c']) {
    const refused = webhookContext({ ...setup, staticData: { ...saved, secret: 'whsec_stale' } }, { body, headers: { 'dub-signature': signedBy(`whsec_${forged}`, body) } });
    await receiveDubDelivery(refused.context);
    expect(refused.refusals[0]?.status).toBe(401);
  }
  expect(listings() - counted).toBeLessThanOrEqual(1);
});

test("the check's checkpoint, received over n8n's saved copy (the old hook): the new hook adopted, the recovered ids and parked hooks recorded, no execution", async () => {
  const n = await node();
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  n.up();
  // What n8n saved: the old hook, nothing recovered. n8n 2.x saves nothing that webhook() writes in a request that
  // starts an execution, so after the recovered events ran this is still what it holds.
  const saved: IDataObject = { ...n.staticData };
  await checkDubHook(triggerOf(n).context);
  const [live] = sandbox().dub.hooks();
  const checkpoint = split(n.url.received).checkpoints.at(-1);
  expect(checkpoint?.headers['dub-signature']).toBe(signedBy(String(live?.secret), String(checkpoint?.body)));

  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters, staticData: saved, webhookUrl: n.url.url, workflow: n.workflow };
  const delivered = webhookContext(setup, { body: String(checkpoint?.body), headers: { 'dub-signature': String(checkpoint?.headers['dub-signature']), [RECOVERY_HEADER]: '1' } });
  const answer = await receiveDubDelivery(delivered.context);
  expect(answer).toEqual({});
  expect(delivered.refusals).toEqual([]);
  expect(saved).toMatchObject({ hookId: live?.id, secret: live?.secret, parkedHooks: [], recoveredIds: [1, 2, 3, 4].map((k) => sale(k).id) });

  // The same body without the recovery header is no checkpoint: it records nothing.
  const plain: IDataObject = { ...n.staticData, recoveredIds: [] };
  const other = webhookContext({ ...setup, staticData: plain }, { body: String(checkpoint?.body), headers: { 'dub-signature': String(checkpoint?.headers['dub-signature']) } });
  await receiveDubDelivery(other.context);
  expect(plain['recoveredIds']).toEqual([]);
});

test('a checkpoint not answered 2xx is said in n8n\'s log and sent again at the next check; a check that changed nothing sends none', async () => {
  const n = await node();
  n.down();
  for (const k of [1, 2, 3, 4]) await sandbox().dub.deliver(sale(k));
  const first = triggerOf(n);
  await checkDubHook(first.context);
  expect(split(n.url.received).checkpoints).toHaveLength(1);
  expect(first.logged.filter((line) => line.message.includes('could not be recorded'))).toEqual([
    { level: 'warn', message: expect.stringContaining('(answered 503); the next check tries again') },
  ]);

  n.up();
  await checkDubHook(triggerOf(n).context);
  const { checkpoints } = split(n.url.received);
  expect(checkpoints).toHaveLength(2);
  expect(JSON.parse(String(checkpoints[1]?.body))[RECOVERY_STATE_FIELD]).toEqual({ parked: [], recovered: [1, 2, 3, 4].map((k) => sale(k).id) });
  await checkDubHook(triggerOf(n).context);
  expect(split(n.url.received).checkpoints).toHaveLength(2);
});

test("a recovered payout.confirmed carries the payout's state in Dub now, and its item says it was recovered", async () => {
  let answering = 503;
  const url = await receiver(() => ({ status: answering }));
  const staticData: IDataObject = {};
  const workflow = { id: 'wf-recovery-payouts', name: 'Payouts' };
  const payoutParameters = { authentication: 'apiKey', events: ['payout.confirmed'] };
  const setup = { credentials: dubApiKeyCredentials(sandbox()), parameters: payoutParameters, staticData, webhookUrl: url.url, workflow };
  await createDubHook(hookContext(setup).context);
  const payout = { id: 'evt_payoutrecovered0000001', event: 'payout.confirmed', createdAt: '2026-12-06T09:00:00.000Z', data: { id: 'po_1JSANDBOXPAYOUT000000001', invoiceId: 'inv_1JSANDBOXINVOICE0000001', status: 'processing', amount: 1000, currency: 'usd', partner: { id: 'pn_x' } } };
  await sandbox().dub.deliver(payout);
  answering = 200;
  await checkDubHook(triggerContext({ ...setup }).context);
  const sent = split(url.received).events.at(-1);
  const body = String(sent?.body);
  expect(JSON.parse(body)).toMatchObject({ id: payout.id, linkhooksRecovery: { recovered: true, dubPayoutStatus: 'processing' } });

  const delivered = webhookContext(setup, { body, headers: { 'dub-signature': String(sent?.headers['dub-signature']), [RECOVERY_HEADER]: '1' } });
  const answer = await receiveDubDelivery(delivered.context);
  expect(answer.workflowData?.[0]?.[0]?.json['recovery']).toMatchObject({ recovered: true, dubPayoutStatus: 'processing' });
  expect(staticData['recoveredIds']).toContain(payout.id);
});

test("a kept secret that does not verify while Dub's list cannot be read: one listing for a flood of requests, each refused 401, one line in n8n's log", async () => {
  const n = await node();
  const revokedKey = 'dub_revokedKey0123456789abcdef';
  const setup = { credentials: dubApiKeyCredentials(sandbox(), revokedKey), parameters, staticData: { ...n.staticData }, webhookUrl: n.url.url, workflow: n.workflow };
  const body = JSON.stringify(sale(7));
  const listings = () => sandbox().dub.requests().filter((request) => request.method === 'GET' && request.path === '/webhooks').length;
  const counted = listings();
  const logged: string[] = [];
  for (let k = 0; k < 20; k += 1) {
    const refused = webhookContext(setup, { body, headers: { 'dub-signature': signedBy(`whsec_forged_${k}`, body) } });
    await receiveDubDelivery(refused.context);
    expect(refused.refusals.map((refusal) => refusal.status)).toEqual([401]);
    logged.push(...refused.logged);
  }
  expect(listings() - counted).toBe(1);
  expect(logged).toEqual([expect.stringMatching(/^warn: .*did not verify with the saved hook's secret.*list of hooks could not be read.*API key/i)]);
  expect(logged.join(' ')).not.toContain(revokedKey);
});
