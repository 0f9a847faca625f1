/**
 * The sandbox plays Dub's delivery end to end, each point as Dub's code does it (dubinc/dub 1de955f, 2026-08-21,
 * apps/web): publishing through QStash, the callback after each attempt, the failure count, disabling, and the
 * delivery log that GET /webhooks/{id}/events reads back. Over HTTP, as the connectors see it.
 */
import { DUB_DELIVERY_LOG_LIMIT, DUB_DISABLE_AFTER_FAILURES, DUB_KEY_READ_ONLY, DUB_KEY_ALL_ACCESS, DUB_TOKEN_BUSINESS, DUB_TOKEN_PRO, type DubEnvelope } from '../../sandbox';
import { useSandbox } from '../support/sandbox';
import { arr, bearer, call, errorOf, obj, startReceiver, useReceivers } from './helpers';

// Four retries: five attempts per event, so four refused events make exactly twenty failures.
const RETRIES = [1, 1, 1, 1];
const sandbox = useSandbox({ dubRetryDelaysMs: RETRIES });
const receiver = useReceivers();

async function subscribe(url: string): Promise<string> {
  const result = await call(`${sandbox().dubBaseUrl}/webhooks`, {
    method: 'POST',
    headers: bearer(DUB_TOKEN_BUSINESS),
    body: { name: 'n8n: fidelity', url, triggers: ['link.created', 'sale.created'] },
  });
  return String(obj(result.json)['id']);
}

function linkCreated(n: number): DubEnvelope {
  return { id: `evt_fidelity${String(n).padStart(16, '0')}`, event: 'link.created', createdAt: new Date(Date.UTC(2026, 11, 6, 12, 0, n)).toISOString(), data: { id: `link_${n}` } };
}

async function events(hookId: string, token = DUB_TOKEN_BUSINESS) {
  return call(`${sandbox().dubBaseUrl}/webhooks/${hookId}/events`, { headers: bearer(token) });
}

describe('retries (lib/webhook/qstash.ts publishJSON: QStash retries a non-2xx answer on its schedule)', () => {
  test('a refused event is attempted once and then once per configured retry, with the same bytes and signature', async () => {
    const refusing = await receiver(() => ({ status: 500 }));
    await subscribe(refusing.url);
    const [report] = await sandbox().dub.deliver(linkCreated(1));
    expect(report).toMatchObject({ attempts: 1 + RETRIES.length, delivered: false });
    expect(new Set(refusing.received.map((delivery) => delivery.body)).size).toBe(1);
    expect(new Set(refusing.received.map((delivery) => delivery.headers['dub-signature'])).size).toBe(1);
  });
});

describe('the failure count (app/api/webhooks/callback/route.ts: isFailed = status >= 400 || no answer; lib/webhook/failure.ts)', () => {
  test('every failed attempt counts, not every event; a success clears the count', async () => {
    let refuse = true;
    const target = await receiver(() => ({ status: refuse ? 503 : 200 }));
    const hookId = await subscribe(target.url);
    await sandbox().dub.deliver(linkCreated(1));
    await sandbox().dub.deliver(linkCreated(2));
    expect(sandbox().dub.hooks().find((hook) => hook.id === hookId)?.consecutiveFailures).toBe(2 * (1 + RETRIES.length));
    refuse = false;
    await sandbox().dub.deliver(linkCreated(3));
    expect(sandbox().dub.hooks().find((hook) => hook.id === hookId)?.consecutiveFailures).toBe(0);
  });
});

describe(`disabling at ${DUB_DISABLE_AFTER_FAILURES} (lib/webhook/failure.ts: WEBHOOK_FAILURE_DISABLE_THRESHOLD)`, () => {
  test(`the attempt that makes ${DUB_DISABLE_AFTER_FAILURES} failures in a row disables the hook, not one before`, async () => {
    const down = await startReceiver();
    await down.close();
    const hookId = await subscribe(down.url);
    for (const n of [1, 2, 3]) await sandbox().dub.deliver(linkCreated(n));
    const before = sandbox().dub.hooks().find((hook) => hook.id === hookId);
    expect(before).toMatchObject({ consecutiveFailures: 15, disabledAt: null });
    await sandbox().dub.deliver(linkCreated(4));
    const after = obj((await call(`${sandbox().dubBaseUrl}/webhooks/${hookId}`, { headers: bearer(DUB_TOKEN_BUSINESS) })).json);
    expect(after['disabledAt']).toEqual(expect.any(String));
  });
});

describe('no attempts while disabled (lib/webhook/publish.ts: only hooks with disabledAt: null get a new event)', () => {
  test('a new event reaches no disabled hook; a PATCH cannot enable it again', async () => {
    const target = await receiver();
    const hookId = await subscribe(target.url);
    sandbox().dub.disable(hookId);
    expect(await sandbox().dub.deliver(linkCreated(1))).toEqual([]);
    expect(target.received).toHaveLength(0);
    const patched = await call(`${sandbox().dubBaseUrl}/webhooks/${hookId}`, { method: 'PATCH', headers: bearer(DUB_TOKEN_BUSINESS), body: { disabledAt: null } });
    expect(obj(patched.json)['disabledAt']).toEqual(expect.any(String));
  });

  test("the retries of a message already published go on (QStash knows nothing of disabledAt), and the callback logs them", async () => {
    const down = await startReceiver();
    await down.close();
    const hookId = await subscribe(down.url);
    // Three events: 15 failures. Two more published together: 10 attempts, the 20th failure comes half-way through.
    for (const n of [1, 2, 3]) await sandbox().dub.deliver(linkCreated(n));
    const reports = await Promise.all([4, 5].map((n) => sandbox().dub.deliver(linkCreated(n))));
    expect(reports.flat().map((report) => report.attempts)).toEqual([1 + RETRIES.length, 1 + RETRIES.length]);
    expect(sandbox().dub.hooks().find((hook) => hook.id === hookId)).toMatchObject({ consecutiveFailures: 25, disabledAt: expect.any(String) });
    expect(arr((await events(hookId)).json)).toHaveLength(25);
    expect(await sandbox().dub.deliver(linkCreated(6))).toEqual([]);
    expect(arr((await events(hookId)).json)).toHaveLength(25);
  });
});

describe("the delivery log (app/api/webhooks/[webhookId]/events/route.ts; Tinybird pipe get_webhook_events; webhookEventSchemaTB)", () => {
  test('one row per attempt, newest first, with the fields Dub records, request_body parsed and no answer as 503', async () => {
    let index = 0;
    const flaky = await receiver(() => ({ status: index++ === 0 ? 500 : 200 }));
    const hookId = await subscribe(flaky.url);
    const sent = linkCreated(1);
    await sandbox().dub.deliver(sent);
    const rows = arr((await events(hookId)).json).map(obj);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => row['http_status'])).toEqual([200, 500]);
    for (const row of rows) {
      expect(Object.keys(row).sort()).toEqual(['event', 'event_id', 'http_status', 'message_id', 'request_body', 'response_body', 'timestamp', 'url', 'webhook_id']);
      expect(row).toMatchObject({ event_id: sent.id, webhook_id: hookId, event: 'link.created', url: flaky.url, request_body: sent, response_body: 'ok' });
      expect(String(row['timestamp'])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    expect(rows[0]?.['message_id']).toBe(rows[1]?.['message_id']);
    expect(Date.parse(String(rows[0]?.['timestamp']))).toBeGreaterThanOrEqual(Date.parse(String(rows[1]?.['timestamp'])));

    const down = await startReceiver();
    await down.close();
    const downId = await subscribe(down.url);
    await sandbox().dub.deliver({ ...linkCreated(2), event: 'sale.created' });
    const downRows = arr((await events(downId)).json).map(obj);
    expect(downRows.map((row) => [row['http_status'], row['response_body']])).toEqual(Array.from({ length: 1 + RETRIES.length }, () => [503, '']));
  });

  test(`the last ${DUB_DELIVERY_LOG_LIMIT} attempts only`, async () => {
    const target = await receiver();
    const hookId = await subscribe(target.url);
    for (let n = 1; n <= DUB_DELIVERY_LOG_LIMIT + 5; n += 1) await sandbox().dub.deliver(linkCreated(n));
    const rows = arr((await events(hookId)).json).map(obj);
    expect(rows).toHaveLength(DUB_DELIVERY_LOG_LIMIT);
    expect(rows[0]?.['event_id']).toBe(linkCreated(DUB_DELIVERY_LOG_LIMIT + 5).id);
    expect(rows.at(-1)?.['event_id']).toBe(linkCreated(6).id);
  });

  test('webhooks.read and a Business plan, as every webhook route; a deleted hook has no log to read', async () => {
    const target = await receiver();
    const hookId = await subscribe(target.url);
    expect(errorOf(await events(hookId, DUB_KEY_ALL_ACCESS)).message).toContain("Having the 'webhooks.read' permission would allow this request to continue.");
    expect((await events(hookId, DUB_KEY_READ_ONLY)).status).toBe(403);
    expect(errorOf(await events(hookId, DUB_TOKEN_PRO)).message).toBe('Unauthorized: Need higher plan.');
    await call(`${sandbox().dubBaseUrl}/webhooks/${hookId}`, { method: 'DELETE', headers: bearer(DUB_TOKEN_BUSINESS) });
    const gone = await events(hookId);
    expect([gone.status, errorOf(gone).code]).toEqual([404, 'not_found']);
  });
});
