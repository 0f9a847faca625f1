import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import nock from 'nock';
import { catalogue, type CatalogueEntry } from '../../shared';
import {
  DUB_CLICK_EVENTS,
  DUB_COMMISSIONS,
  DUB_LEAD_EVENTS,
  DUB_LINKS,
  DUB_PARTNERS,
  DUB_PAYOUTS,
  DUB_SALE_EVENTS,
} from '../../sandbox/dub/fixtures';
import { DUB_API, captureLogs, dubApp, dubAuth, dubDeliveryBundle, expectPlatformChecks, hookOf, runDub, sampleBody } from './support';
import { useStrictNock } from '../support/strict-nock';
import { expectSameShape } from './shape';

useStrictNock();

/** Dub's list endpoints and the records they answer with (the sandbox's copies of Dub's documented shapes). */
const SOURCES: Record<string, { path: string; query: Record<string, string>; records: unknown[] }> = {
  'link.created': { path: '/links', query: { pageSize: '3' }, records: DUB_LINKS },
  'link.updated': { path: '/links', query: { pageSize: '3' }, records: DUB_LINKS },
  'link.deleted': { path: '/links', query: { pageSize: '3' }, records: DUB_LINKS },
  'link.clicked': { path: '/events', query: { event: 'clicks', limit: '3', interval: '30d' }, records: DUB_CLICK_EVENTS },
  'lead.created': { path: '/events', query: { event: 'leads', limit: '3', interval: '30d' }, records: DUB_LEAD_EVENTS },
  'sale.created': { path: '/events', query: { event: 'sales', limit: '3', interval: '30d' }, records: DUB_SALE_EVENTS },
  'partner.enrolled': { path: '/partners', query: { pageSize: '3' }, records: DUB_PARTNERS },
  'commission.created': { path: '/commissions', query: { pageSize: '3' }, records: DUB_COMMISSIONS },
  'payout.confirmed': { path: '/payouts', query: { pageSize: '3' }, records: DUB_PAYOUTS },
};

const withSource = catalogue.dub.filter((entry) => SOURCES[entry.event]);
const withoutSource = catalogue.dub.filter((entry) => !SOURCES[entry.event]);

/** What perform returns for the entry's own sample delivery: the shape performList must match. */
async function performShapeOf(entry: CatalogueEntry): Promise<unknown> {
  const [item] = (await runDub(hookOf(dubApp, entry.key).perform, dubDeliveryBundle(sampleBody(entry)))) as unknown[];
  return item;
}

describe('Dub performList: real recent data in exactly the shape perform returns', () => {
  it.each(withSource.map((entry) => [entry.event, entry] as const))('%s', async (event, entry) => {
    const source = SOURCES[event];
    if (!source) throw new Error('unreachable');
    nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } })
      .get(source.path)
      .query(source.query)
      .reply(200, source.records.slice(0, 3));

    const items = await runDub(hookOf(dubApp, entry.key).performList, { authData: dubAuth, inputData: {} });

    expectPlatformChecks(items);
    expect(items).toHaveLength(Math.min(3, source.records.length));
    expect(items).not.toContainEqual(entry.normalizedSample());
    const performed = await performShapeOf(entry);
    for (const item of items) {
      expect(outputSchemaOf(entry.trigger).safeParse(item).success).toBe(true);
      expectSameShape(entry, item, performed);
    }
  });

  it('sales from the events endpoint carry no currency: Dub stores them in USD', async () => {
    nock(DUB_API).get('/events').query(true).reply(200, [{ ...DUB_SALE_EVENTS[0], sale: { amount: 4500, paymentProcessor: 'stripe', invoiceId: null } }]);
    const [sale] = (await runDub(hookOf(dubApp, 'sale_created').performList, { authData: dubAuth, inputData: {} })) as Array<{ sale: unknown }>;
    expect(sale?.sale).toEqual({ amount: 4500, currency: 'USD', paymentProcessor: 'stripe', invoiceId: null });
  });

  it("reads a lead's metadata whether the events endpoint sends it as JSON text or as an object", async () => {
    nock(DUB_API)
      .get('/events')
      .query(true)
      .reply(200, [
        { ...DUB_LEAD_EVENTS[0], metadata: '{"plan":"trial","seats":3}' },
        { ...DUB_LEAD_EVENTS[1], metadata: { plan: 'pro' } },
      ]);
    const leads = (await runDub(hookOf(dubApp, 'lead_created').performList, { authData: dubAuth, inputData: {} })) as Array<{ metadata: unknown }>;
    expect(leads.map((lead) => lead.metadata)).toEqual([{ plan: 'trial', seats: 3 }, { plan: 'pro' }]);
  });

  it('falls back to the catalogue sample when the workspace has nothing recent', async () => {
    nock(DUB_API).get('/events').query(true).reply(200, []);
    const entry = catalogue.dub.find((candidate) => candidate.event === 'lead.created');
    expect(await runDub(hookOf(dubApp, 'lead_created').performList, { authData: dubAuth, inputData: {} })).toEqual([entry?.normalizedSample()]);
  });

  it('leaves out records that do not read as the event, and says so', async () => {
    const logs = captureLogs();
    try {
      nock(DUB_API).get('/payouts').query(true).reply(200, [{ id: 'po_broken' }, ...DUB_PAYOUTS]);
      const items = await runDub(hookOf(dubApp, 'payout_confirmed').performList, { authData: dubAuth, inputData: {} });
      expectPlatformChecks(items);
      expect(items.map((item) => item.id)).toEqual(DUB_PAYOUTS.map((payout) => payout['id']));
      expect(logs.lines.join('\n')).toContain('Skipped 1 recent Dub record(s) that did not read as "payout.confirmed"');
    } finally {
      logs.restore();
    }
  });
});

describe('Dub performList without a list endpoint: the catalogue sample', () => {
  it.each(withoutSource.map((entry) => [entry.event, entry] as const))('%s', async (_event, entry) => {
    const items = await runDub(hookOf(dubApp, entry.key).performList, { authData: dubAuth, inputData: {} });
    expectPlatformChecks(items);
    expect(items).toEqual([entry.normalizedSample()]);
    expectSameShape(entry, items[0], await performShapeOf(entry));
  });
});
