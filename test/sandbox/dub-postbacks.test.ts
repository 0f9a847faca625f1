/**
 * The sandbox's partner postbacks behave as Dub's code sends them (dubinc/dub 1de955f, 2026-08-21,
 * apps/web/lib/postback/): each fact below names the file it comes from. The signature is recomputed here from the
 * rule in lib/webhook/signature.ts, not with the sandbox's or the core's signer.
 */
import { createHmac } from 'node:crypto';
import { useSandbox } from '../support/sandbox';
import { DUB_MAX_POSTBACKS } from '../../sandbox';
import { useReceivers } from './helpers';

const sandbox = useSandbox({ dubRetryDelaysMs: [20, 40] });
const receiver = useReceivers();

const saleData = { eventName: 'Invoice paid', sale: { amount: 4900, currency: 'eur' } };

test('a postback secret is pbsec_ and 16 random bytes in hex (constants.ts POSTBACK_SECRET_*, createToken in lib/api/oauth/utils.ts)', async () => {
  const target = await receiver();
  const first = sandbox().dub.postbacks.add(target.url, ['sale.created']);
  const second = sandbox().dub.postbacks.add(target.url, ['sale.created']);
  expect(first.secret).toMatch(/^pbsec_[0-9a-f]{32}$/);
  expect(second.secret).not.toBe(first.secret);
  expect(first.id).toMatch(/^pb_/);
});

test('the body is JSON.stringify({id, event, createdAt, data}) with a fresh evt_ id (postback-adapter-custom.ts, send-partner-postback.ts)', async () => {
  const target = await receiver();
  sandbox().dub.postbacks.add(target.url, ['sale.created']);
  await sandbox().dub.postbacks.send('sale.created', saleData);
  const body = target.received[0]?.body ?? '';
  const parsed = JSON.parse(body) as Record<string, unknown>;
  expect(Object.keys(parsed)).toEqual(['id', 'event', 'createdAt', 'data']);
  expect(parsed['id']).toMatch(/^evt_[0-9A-Za-z]{25}$/);
  expect(parsed['event']).toBe('sale.created');
  expect(new Date(String(parsed['createdAt'])).toISOString()).toBe(parsed['createdAt']);
  expect(parsed['data']).toEqual(saleData);
  expect(body).toBe(JSON.stringify(parsed));
});

test("Dub-Signature is the webhook HMAC: hex HMAC-SHA256 of the body keyed with the whole pbsec_ secret (postback-adapters.ts → lib/webhook/signature.ts)", async () => {
  const target = await receiver();
  const { secret } = sandbox().dub.postbacks.add(target.url, ['lead.created']);
  await sandbox().dub.postbacks.send('lead.created', { eventName: 'Sign up' });
  const { headers, body } = target.received[0] ?? { headers: {}, body: '' };
  expect(headers['dub-signature']).toBe(createHmac('sha256', secret).update(body).digest('hex'));
  // QStash's own headers are hidden (Upstash-Hide-Headers: true in postback-adapters.ts).
  expect(Object.keys(headers).filter((name) => name.startsWith('upstash-'))).toEqual([]);
});

test('only enabled postbacks whose triggers hold the event get it, each with its own event id (send-partner-postback.ts)', async () => {
  const [sales, leads, disabled, both] = await Promise.all([receiver(), receiver(), receiver(), receiver()]);
  sandbox().dub.postbacks.add(sales.url, ['sale.created']);
  sandbox().dub.postbacks.add(leads.url, ['lead.created']);
  const off = sandbox().dub.postbacks.add(disabled.url, ['sale.created']);
  sandbox().dub.postbacks.disable(off.id);
  sandbox().dub.postbacks.add(both.url, ['lead.created', 'sale.created']);
  const reports = await sandbox().dub.postbacks.send('sale.created', saleData);
  expect(reports).toHaveLength(2);
  expect([sales, leads, disabled, both].map((target) => target.received.length)).toEqual([1, 0, 0, 1]);
  const ids = [sales, both].map((target) => (JSON.parse(target.received[0]?.body ?? '{}') as { id: string }).id);
  expect(new Set(ids).size).toBe(2);
});

test('a refused postback is retried through QStash until a 2xx, the same bytes each time', async () => {
  const target = await receiver((index) => ({ status: index === 0 ? 500 : 200 }));
  sandbox().dub.postbacks.add(target.url, ['commission.created']);
  const [report] = await sandbox().dub.postbacks.send('commission.created', { id: 'cm_1', amount: 4900, earnings: 980, currency: 'eur' });
  expect(report?.statuses).toEqual([500, 200]);
  expect(target.received[1]?.body).toBe(target.received[0]?.body);
  expect(target.received[1]?.headers['dub-signature']).toBe(target.received[0]?.headers['dub-signature']);
});

test(`a partner has at most ${DUB_MAX_POSTBACKS} postbacks (MAX_POSTBACKS in constants.ts)`, async () => {
  const target = await receiver();
  for (let index = 0; index < DUB_MAX_POSTBACKS; index += 1) sandbox().dub.postbacks.add(target.url, ['lead.created']);
  expect(() => sandbox().dub.postbacks.add(target.url, ['lead.created'])).toThrow('Maximum number of postbacks (5) reached.');
});
