/** The sandbox's Dub delivery through its in-process API: reports, retries, the failure count, redelivery and the
 *  disable control. (What the reference says of delivery is proven over HTTP in fidelity.test.ts.) */
import { useSandbox } from '../support/sandbox';
import { createHmac } from 'node:crypto';
import { DUB_DISABLE_AFTER_FAILURES, DUB_FOLDERS, DUB_LINKS, DUB_TOKEN_BUSINESS, type DubEnvelope } from '../../sandbox';
import { bearer, call, obj, startReceiver, useReceivers, type Receiver } from './helpers';

const sandbox = useSandbox({ dubRetryDelaysMs: [20, 40] });
const receiver = useReceivers();

async function subscribe(body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const result = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: bearer(DUB_TOKEN_BUSINESS), body: { name: 'Test', ...body } });
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

test('a report tells the hook, every attempt, the bytes and the signature sent', async () => {
  const target = await receiver();
  const hook = await subscribe({ url: target.url, triggers: ['link.created'] });
  const [report] = await sandbox().dub.deliver(linkCreated);
  expect(report).toEqual({
    hookId: hook.id,
    url: target.url,
    attempts: 1,
    statuses: [200],
    delivered: true,
    body: JSON.stringify(linkCreated),
    signature: target.received[0]?.headers['dub-signature'],
  });
});

test('only hooks subscribed to the event receive it', async () => {
  const created = await receiver();
  const deleted = await receiver();
  await subscribe({ url: created.url, triggers: ['link.created', 'link.updated'] });
  await subscribe({ url: deleted.url, triggers: ['link.deleted'] });
  const reports = await sandbox().dub.deliver(linkCreated);
  expect(reports).toHaveLength(1);
  expect(created.received).toHaveLength(1);
  expect(deleted.received).toHaveLength(0);
});

test('the retry delays option sets how many retries follow a failure; a 2xx ends them and clears the failure count', async () => {
  const flaky = await receiver((index) => ({ status: index < 2 ? 503 : 204 }));
  await subscribe({ url: flaky.url, triggers: ['link.created'] });
  const [report] = await sandbox().dub.deliver(linkCreated);
  expect(report).toMatchObject({ attempts: 3, statuses: [503, 503, 204], delivered: true });
  expect(sandbox().dub.hooks()[0]?.consecutiveFailures).toBe(0);
});

test('network errors count as failed attempts', async () => {
  const gone = await startReceiver();
  await gone.close();
  await subscribe({ url: gone.url, triggers: ['link.created'] });
  const [report] = await sandbox().dub.deliver(linkCreated);
  expect(report?.statuses).toEqual([null, null, null]);
  expect(report?.delivered).toBe(false);
  expect(report?.error).toBeDefined();
  expect(sandbox().dub.hooks()[0]?.consecutiveFailures).toBe(3);
});

test('a 3xx is retried (not a 2xx) but is not a failure: it clears the count, as Dub counts only 400 and up', async () => {
  const redirecting = await receiver((index) => ({ status: index === 0 ? 500 : 302 }));
  await subscribe({ url: redirecting.url, triggers: ['link.created'] });
  const [report] = await sandbox().dub.deliver(linkCreated);
  expect(report).toMatchObject({ statuses: [500, 302, 302], delivered: false });
  expect(sandbox().dub.hooks()[0]?.consecutiveFailures).toBe(0);
});

test(`disable() does what ${DUB_DISABLE_AFTER_FAILURES} failures in a row do: the hook gets nothing more`, async () => {
  const target = await receiver();
  const hook = await subscribe({ url: target.url, triggers: ['link.created'] });
  const disabled = sandbox().dub.disable(hook.id);
  expect(disabled).toMatchObject({ id: hook.id, disabledAt: expect.any(String), consecutiveFailures: DUB_DISABLE_AFTER_FAILURES });
  expect(await sandbox().dub.deliver(linkCreated)).toEqual([]);
  expect(target.received).toHaveLength(0);
  expect(sandbox().dub.disable('wh_unknown')).toBeUndefined();
});

test('redeliver() sends what a hook took again, and nothing to a hook that never took it', async () => {
  const took = await receiver();
  const refused = await receiver(() => ({ status: 500 }));
  await subscribe({ url: took.url, triggers: ['link.created'] });
  await subscribe({ url: refused.url, triggers: ['link.created'] });
  await sandbox().dub.deliver(linkCreated);
  const reports = await sandbox().dub.redeliver(linkCreated.id);
  expect(reports).toEqual([expect.objectContaining({ url: took.url, delivered: true, body: JSON.stringify(linkCreated) })]);
  expect(took.received.map((delivery) => delivery.headers['dub-signature'])).toEqual([reports[0]?.signature, reports[0]?.signature]);
  expect(refused.received).toHaveLength(3);
  expect(await sandbox().dub.redeliver('evt_neverSent')).toEqual([]);
});

test('a redelivery still reaches the URL after the hook is gone: the message was already queued', async () => {
  const target = await receiver();
  const hook = await subscribe({ url: target.url, triggers: ['link.created'] });
  await sandbox().dub.deliver(linkCreated);
  await call(`${sandbox().dubBaseUrl}/webhooks/${hook.id}`, { method: 'DELETE', headers: bearer(DUB_TOKEN_BUSINESS) });
  await sandbox().dub.redeliver(linkCreated.id);
  expect(target.received).toHaveLength(2);
});

test('link.clicked honours linkScope: workspace, links (linkIds) and folders (folderIds)', async () => {
  const linkA = String(DUB_LINKS[0]?.['id']);
  const folderX = String(DUB_FOLDERS[0]?.['id']);
  const all = await receiver();
  const byLink = await receiver();
  const byFolder = await receiver();
  await subscribe({ url: all.url, triggers: ['link.clicked'], linkScope: 'workspace' });
  await subscribe({ url: byLink.url, triggers: ['link.clicked'], linkScope: 'links', linkIds: [linkA] });
  await subscribe({ url: byFolder.url, triggers: ['link.clicked'], linkScope: 'folders', folderIds: [folderX] });

  await sandbox().dub.deliver(clicked(linkA, null));
  await sandbox().dub.deliver(clicked('link_B', folderX));
  await sandbox().dub.deliver(clicked('link_C', 'fold_Y'));

  const ids = (target: Receiver): unknown[] => target.received.map((delivery) => obj(JSON.parse(delivery.body) as unknown)['id']);
  expect(ids(all)).toEqual([`evt_click_${linkA}`, 'evt_click_link_B', 'evt_click_link_C']);
  expect(ids(byLink)).toEqual([`evt_click_${linkA}`]);
  expect(ids(byFolder)).toEqual(['evt_click_link_B']);
});

test('the control endpoint delivers the posted bytes unchanged (odd spacing, escapes and all)', async () => {
  const target = await receiver();
  await subscribe({ url: target.url, triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] });
  const raw =
    '{ "id" : "evt_b9ywgxWqai2glUpCQjclB17kM" , "event" : "link.clicked" ,\n "createdAt" : "2024-08-30T10:16:13.149Z" ,' +
    ' "data" : { "click" : { "clickId" : "d0UtZqE0BZuBPrJS", "city" : "S\\u00e3o Paulo" }, "link" : { "id" : "cm0faqkyn0001txvfwjfeq7gl" } } }';
  const result = await call(`${sandbox().url}/__sandbox/dub/deliver`, { method: 'POST', rawBody: raw, headers: { 'content-type': 'application/json' } });
  expect(result.status).toBe(200);
  expect(target.received[0]?.body).toBe(raw);
  const expected = createHmac('sha256', String(sandbox().dub.hooks()[0]?.secret)).update(raw).digest('hex');
  expect(target.received[0]?.headers['dub-signature']).toBe(expected);
});
