import { createHmac, timingSafeEqual } from 'node:crypto';
import { DUB_DISABLE_AFTER_FAILURES, DUB_TOKEN_BUSINESS, startSandbox, type DubEnvelope, type Sandbox } from '../../sandbox';
import { bearer, call, obj, startReceiver, useReceivers, type Receiver } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ dubRetryDelaysMs: [20, 40] });
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());
const receiver = useReceivers();

async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const result = await call(`${sandbox.dubBaseUrl}/webhooks`, { method: 'POST', headers: bearer(DUB_TOKEN_BUSINESS), body: { name: 'Test', ...body } });
  expect(result.status).toBe(201);
  const hook = obj(result.json);
  return { id: String(hook['id']), secret: String(hook['secret']) };
}

const linkCreated: DubEnvelope = {
  id: 'evt_KleiO4HBwZFbO1vZLWIPZ2AtX',
  event: 'link.created',
  createdAt: '2026-08-01T10:00:00.000Z',
  data: { id: 'link_1', domain: 'dub.sh', key: 'abc', url: 'https://example.com/ünïcode' },
};

function clicked(linkId: string, folderId: string | null): DubEnvelope {
  return {
    id: `evt_click_${linkId}`,
    event: 'link.clicked',
    createdAt: '2026-08-01T10:00:00.000Z',
    data: { click: { id: 'ck1', timestamp: '2026-08-01T09:59:59.000Z' }, link: { id: linkId, folderId } },
  };
}

test('deliveries carry the exact bytes, JSON content type and a verifiable Dub-Signature', async () => {
  const target = await receiver();
  const hook = await subscribe({ url: target.url, triggers: ['link.created'] });
  const [report] = await sandbox.dub.deliver(linkCreated);

  expect(report).toMatchObject({ hookId: hook.id, url: target.url, attempts: 1, statuses: [200], delivered: true });
  const delivery = target.received[0];
  if (!delivery || !report) throw new Error('no delivery');
  expect(delivery.body).toBe(JSON.stringify(linkCreated));
  expect(delivery.body).toBe(report.body);
  expect(delivery.headers['content-type']).toBe('application/json');

  // Verify as a receiver would: HMAC-SHA256 over the raw body, keyed with the whole secret string.
  const expected = createHmac('sha256', hook.secret).update(delivery.body).digest('hex');
  const sent = String(delivery.headers['dub-signature']);
  expect(sent).toMatch(/^[0-9a-f]{64}$/);
  expect(timingSafeEqual(Buffer.from(sent), Buffer.from(expected))).toBe(true);
  expect(report.signature).toBe(sent);
});

test('only hooks subscribed to the event receive it', async () => {
  const created = await receiver();
  const deleted = await receiver();
  await subscribe({ url: created.url, triggers: ['link.created', 'link.updated'] });
  await subscribe({ url: deleted.url, triggers: ['link.deleted'] });
  const reports = await sandbox.dub.deliver(linkCreated);
  expect(reports).toHaveLength(1);
  expect(created.received).toHaveLength(1);
  expect(deleted.received).toHaveLength(0);
});

test('non-2xx answers are retried after each delay, then succeed; the event id stays the same', async () => {
  const flaky = await receiver((index) => ({ status: index < 2 ? 503 : 204 }));
  await subscribe({ url: flaky.url, triggers: ['link.created'] });
  const [report] = await sandbox.dub.deliver(linkCreated);
  expect(report).toMatchObject({ attempts: 3, statuses: [503, 503, 204], delivered: true });
  expect(new Set(flaky.received.map((delivery) => delivery.body)).size).toBe(1);
  expect(sandbox.dub.hooks()[0]?.consecutiveFailures).toBe(0);
});

test('a receiver that never succeeds is reported undelivered after every attempt', async () => {
  const broken = await receiver(() => ({ status: 500 }));
  await subscribe({ url: broken.url, triggers: ['link.created'] });
  const [report] = await sandbox.dub.deliver(linkCreated);
  expect(report).toMatchObject({ attempts: 3, statuses: [500, 500, 500], delivered: false });
});

test('network errors count as failed attempts', async () => {
  const gone = await startReceiver();
  await gone.close();
  await subscribe({ url: gone.url, triggers: ['link.created'] });
  const [report] = await sandbox.dub.deliver(linkCreated);
  expect(report?.statuses).toEqual([null, null, null]);
  expect(report?.delivered).toBe(false);
  expect(report?.error).toBeDefined();
});

test(`the hook is disabled after ${DUB_DISABLE_AFTER_FAILURES} failures in a row`, async () => {
  const quick = await startSandbox({ dubRetryDelaysMs: [] });
  try {
    const broken = await receiver(() => ({ status: 500 }));
    const created = await call(`${quick.dubBaseUrl}/webhooks`, {
      method: 'POST',
      headers: bearer(DUB_TOKEN_BUSINESS),
      body: { name: 'Broken', url: broken.url, triggers: ['link.created'] },
    });
    expect(created.status).toBe(201);
    for (let i = 0; i < DUB_DISABLE_AFTER_FAILURES - 1; i += 1) await quick.dub.deliver(linkCreated);
    expect(quick.dub.hooks()[0]?.disabledAt).toBeNull();
    await quick.dub.deliver(linkCreated);
    const hook = quick.dub.hooks()[0];
    expect(hook?.disabledAt).toEqual(expect.any(String));
    // A disabled hook gets nothing more, and the API shows disabledAt.
    expect(await quick.dub.deliver(linkCreated)).toEqual([]);
    const shown = await call(`${quick.dubBaseUrl}/webhooks/${String(hook?.id)}`, { headers: bearer(DUB_TOKEN_BUSINESS) });
    expect(obj(shown.json)['disabledAt']).toBe(hook?.disabledAt);
  } finally {
    await quick.close();
  }
});

test('link.clicked honours linkScope: workspace, links (linkIds) and folders (folderIds)', async () => {
  const all = await receiver();
  const byLink = await receiver();
  const byFolder = await receiver();
  await subscribe({ url: all.url, triggers: ['link.clicked'], linkScope: 'workspace' });
  await subscribe({ url: byLink.url, triggers: ['link.clicked'], linkScope: 'links', linkIds: ['link_A'] });
  await subscribe({ url: byFolder.url, triggers: ['link.clicked'], linkScope: 'folders', folderIds: ['fold_X'] });

  await sandbox.dub.deliver(clicked('link_A', null));
  await sandbox.dub.deliver(clicked('link_B', 'fold_X'));
  await sandbox.dub.deliver(clicked('link_C', 'fold_Y'));

  const ids = (target: Receiver): unknown[] => target.received.map((delivery) => obj(JSON.parse(delivery.body) as unknown)['id']);
  expect(ids(all)).toEqual(['evt_click_link_A', 'evt_click_link_B', 'evt_click_link_C']);
  expect(ids(byLink)).toEqual(['evt_click_link_A']);
  expect(ids(byFolder)).toEqual(['evt_click_link_B']);
});

test('the control endpoint delivers the posted bytes unchanged (odd spacing, escapes and all)', async () => {
  const target = await receiver();
  await subscribe({ url: target.url, triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] });
  const raw =
    '{ "id" : "evt_b9ywgxWqai2glUpCQjclB17kM" , "event" : "link.clicked" ,\n "createdAt" : "2024-08-30T10:16:13.149Z" ,' +
    ' "data" : { "click" : { "clickId" : "d0UtZqE0BZuBPrJS", "city" : "S\\u00e3o Paulo" }, "link" : { "id" : "cm0faqkyn0001txvfwjfeq7gl" } } }';
  const result = await call(`${sandbox.url}/__sandbox/dub/deliver`, { method: 'POST', rawBody: raw, headers: { 'content-type': 'application/json' } });
  expect(result.status).toBe(200);
  expect(target.received[0]?.body).toBe(raw);
  const expected = createHmac('sha256', String(sandbox.dub.hooks()[0]?.secret)).update(raw).digest('hex');
  expect(target.received[0]?.headers['dub-signature']).toBe(expected);
});
