import { catalogue, parseDelivery, signDubBody } from '../../shared';
import { saleEventSchema } from '../../shared/normalized/outputs';
import { SALE_DRIFTS, SALE_EVENT_ID, cleanSaleBody, driftedSaleBody, expectedItem } from '../support/drifts';
import { seedPayloads } from '../support/fixtures';
import {
  DUB_SECRET,
  captureLogs,
  dubApp,
  dubDeliveryBundle,
  expectPlatformChecks,
  hookOf,
  runDub,
  sampleBody,
  zapierRawRequest,
} from './support';

const dubSeeds = seedPayloads().filter((seed) => seed.provider === 'dub');
const entryOf = (event: string) => {
  const entry = catalogue.dub.find((candidate) => candidate.event === event);
  if (!entry) throw new Error(`no catalogue entry for ${event}`);
  return entry;
};

let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

describe('Dub perform: a signed delivery becomes one normalized event', () => {
  const deliveries = [
    ...catalogue.dub.map((entry) => ({ name: `catalogue sample of ${entry.event}`, body: sampleBody(entry) })),
    ...dubSeeds.map((seed) => ({ name: `seed ${seed.name}`, body: seed.body })),
  ];

  it.each(deliveries)('$name', async ({ body }) => {
    const entry = entryOf((JSON.parse(body) as { event: string }).event);
    const result = await runDub(hookOf(dubApp, entry.key).perform, dubDeliveryBundle(body));

    expectPlatformChecks(result);
    const expected = parseDelivery({ provider: 'dub', headers: { 'dub-signature': signDubBody(body, DUB_SECRET) }, body, secret: DUB_SECRET });
    if (!expected.ok) throw expected.error;
    expect(result).toEqual([expected.event]);
    expect(result[0]?.id).toBe((JSON.parse(body) as { id: string }).id);
  });
});

describe('Dub perform: anything that cannot be verified gives no item and says why', () => {
  const sale = entryOf('sale.created');
  const body = sampleBody(sale);
  const perform = hookOf(dubApp, sale.key).perform;

  it.each([...catalogue.dub.map((entry) => ({ name: entry.event, body: sampleBody(entry) })), ...dubSeeds])(
    'a forged signature on $name',
    async ({ body: forged }) => {
      const entry = entryOf((JSON.parse(forged) as { event: string }).event);
      const result = await runDub(hookOf(dubApp, entry.key).perform, dubDeliveryBundle(forged, DUB_SECRET, 'whsec_someone_else'));
      expect(result).toEqual([]);
      expect(logs.lines.join('\n')).toMatch(/Ignored a Dub delivery for ".+": The Dub-Signature does not match .*\(bad_signature\)/);
    },
  );

  it('a body changed after signing', async () => {
    const bundle = dubDeliveryBundle(body);
    bundle.rawRequest.content = body.replace('"amount":', '"amount": 1');
    expect(await runDub(perform, bundle)).toEqual([]);
    expect(logs.lines.join('\n')).toContain('bad_signature');
  });

  it('no Dub-Signature header', async () => {
    const result = await runDub(perform, { ...dubDeliveryBundle(body), rawRequest: zapierRawRequest(body, {}) });
    expect(result).toEqual([]);
    expect(logs.lines.join('\n')).toContain('missing_signature');
  });

  it('no raw request from Zapier', async () => {
    const { rawRequest: _omitted, ...bundle } = dubDeliveryBundle(body);
    expect(await runDub(perform, bundle)).toEqual([]);
    expect(logs.lines.join('\n')).toContain('Zapier passed no raw request body');
  });

  it('no secret stored at subscribe', async () => {
    expect(await runDub(perform, { ...dubDeliveryBundle(body), subscribeData: { id: 'wh_1' } })).toEqual([]);
    expect(logs.lines.join('\n')).toContain('no stored secret');
  });

  it("another event's delivery, correctly signed", async () => {
    const other = sampleBody(entryOf('lead.created'));
    expect(await runDub(perform, dubDeliveryBundle(other))).toEqual([]);
    const leadId = (JSON.parse(other) as { id: string }).id;
    expect(logs.lines.join('\n')).toContain(`it is a "lead.created" event (id ${leadId}), not "sale.created"`);
  });

  it('a body that is not JSON', async () => {
    expect(await runDub(perform, dubDeliveryBundle('{"id":'))).toEqual([]);
    expect(logs.lines.join('\n')).toContain('invalid_json');
  });
});

describe("Dub perform: issue 17's deep lead.created (metadata 4,900 levels deep, one drifted field)", () => {
  it('gives one item, which passes Zapier\'s own checks and serializes', async () => {
    const lead = structuredClone(entryOf('lead.created').sample) as { data: { eventName: unknown; metadata: unknown } };
    lead.data.eventName = 5.5;
    lead.data.metadata = { plan: 'DEEP' };
    const body = JSON.stringify(lead).replace('"DEEP"', `${'['.repeat(4_900)}${']'.repeat(4_900)}`);

    // The app reads the raw request only. zapier-platform-core itself JSON.stringifies the bundle before any app code
    // runs (add-app-context.js), and throws on a parsed copy this deep: what Zapier puts in cleanedRequest is its own.
    const bundle = { ...dubDeliveryBundle(body), cleanedRequest: {}, inputData: { output: 'both' } };
    const result = await runDub(hookOf(dubApp, entryOf('lead.created').key).perform, bundle);

    expectPlatformChecks(result);
    expect(result).toHaveLength(1);
    expect(() => JSON.stringify(result)).not.toThrow();
  });
});

describe('Dub perform: a drifted sale.created (one field changed by Dub) still gives its item', () => {
  const perform = hookOf(dubApp, entryOf('sale.created').key).perform;
  const cleanItem = async () => saleEventSchema.parse(((await runDub(perform, dubDeliveryBundle(cleanSaleBody()))) as unknown[])[0]);

  it('a clean delivery carries Fields That Did Not Read, empty, so a Zap filter can rely on it', async () => {
    expect((await cleanItem()).unreadFields).toEqual([]);
  });

  it.each(SALE_DRIFTS)('$name: one item with the event id, its fields and what did not read', async (drift) => {
    const clean = await cleanItem();
    const result = await runDub(perform, dubDeliveryBundle(driftedSaleBody(drift)));

    expectPlatformChecks(result);
    expect(result).toEqual([expectedItem(clean, drift)]);
    expect(result[0]?.id).toBe(SALE_EVENT_ID);
    expect(saleEventSchema.safeParse(result[0]).success).toBe(true);
    expect(logs.lines.join('\n')).toContain(`1 field(s) not in the expected form (${drift.unread.path})`);
  });

  it.each(SALE_DRIFTS)('$name: a forged copy still gives no item', async (drift) => {
    expect(await runDub(perform, dubDeliveryBundle(driftedSaleBody(drift), DUB_SECRET, 'whsec_forger'))).toEqual([]);
    expect(logs.lines.join('\n')).toContain('bad_signature');
  });

  it('keeps the drifted payload whole under raw with Output: Both', async () => {
    const body = driftedSaleBody(SALE_DRIFTS[0]!);
    const [item] = (await runDub(perform, { ...dubDeliveryBundle(body), inputData: { output: 'both' } })) as Array<Record<string, unknown>>;

    expect(item?.['raw']).toEqual(JSON.parse(body));
    expect(item?.['unreadFields']).toEqual([SALE_DRIFTS[0]!.unread]);
  });

  it('reads a body that starts with a byte-order mark, as n8n does, verified on the text received', async () => {
    const withBom = `\uFEFF${cleanSaleBody()}`;
    const result = await runDub(perform, dubDeliveryBundle(withBom));

    expectPlatformChecks(result);
    expect(result).toEqual([await cleanItem()]);
  });

  it('an event this app does not know gives no item (Zapier subscribes each trigger to its own event), and says so', async () => {
    const body = JSON.stringify({ id: 'evt_new_0000000000000000001', event: 'customer.updated', createdAt: '2026-11-02T10:00:00.000Z', data: {} });
    expect(await runDub(perform, dubDeliveryBundle(body))).toEqual([]);
    expect(logs.lines.join('\n')).toContain('an event this app does not know ("customer.updated", id evt_new_0000000000000000001)');
  });
});
