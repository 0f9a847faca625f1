import { catalogue, parseDelivery, signDubBody } from '../../shared';
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
    expect(logs.lines.join('\n')).toContain('it is a "lead.created" event, not "sale.created"');
  });

  it('a body that is not JSON', async () => {
    expect(await runDub(perform, dubDeliveryBundle('{"id":'))).toEqual([]);
    expect(logs.lines.join('\n')).toContain('invalid_json');
  });
});
