import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { triggerOutputFields } from '../../shared/normalized/output-fields';
import nock from 'nock';
import type { Bundle, PlainOutputField, Trigger, ZObject } from 'zapier-platform-core';
import { catalogue, URL_TOKEN_PARAM, type CatalogueEntry } from '../../shared';
import { DUB_LINKS, LINKLY_CLICKS, LINKLY_LINKS } from '../../sandbox';
import { useStrictNock } from '../support/strict-nock';
import { seedPayloads } from '../support/fixtures';
import { captureLogs,
  DUB_API,
  LINKLY_API,
  linkPage,
  dubApp,
  dubAuth,
  dubDeliveryBundle,
  expectPlatformChecks,
  hookOf,
  linklyApp,
  linklyAuth,
  runDub,
  runLinkly,
  sampleBody,
  zapierRawRequest,
} from './support';

useStrictNock();

type Item = Record<string, unknown>;

const dubEntry = (event: string): CatalogueEntry => {
  const entry = catalogue.dub.find((candidate) => candidate.event === event);
  if (!entry) throw new Error(`no catalogue entry for ${event}`);
  return entry;
};

/** Every real Dub delivery the tests have: the catalogue's samples and the payloads quoted in Dub's docs. */
const dubDeliveries = [
  ...catalogue.dub.map((entry) => ({ name: `catalogue sample of ${entry.event}`, body: sampleBody(entry) })),
  ...seedPayloads()
    .filter((seed) => seed.provider === 'dub')
    .map((seed) => ({ name: `seed ${seed.name}`, body: seed.body })),
];

/** An item as a Zap sees it: nested objects flattened to `a__b` keys; lists stay lists. */
function flattened(value: unknown, prefix = '', into: Item = {}): Item {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) flattened(child, prefix ? `${prefix}__${key}` : key, into);
  } else {
    into[prefix] = value;
  }
  return into;
}

/** The delivery's non-null values by flattened key; a list counts as one value. */
function nonNullValues(delivery: unknown): Array<[string, unknown]> {
  return Object.entries(flattened(delivery)).filter(([, value]) => value !== null && !(Array.isArray(value) && value.length === 0));
}

async function performDub(body: string, output?: string): Promise<Item[]> {
  const entry = dubEntry((JSON.parse(body) as { event: string }).event);
  const bundle = { ...dubDeliveryBundle(body), inputData: output === undefined ? {} : { output } };
  return (await runDub(hookOf(dubApp, entry.key).perform, bundle)) as Item[];
}

describe('Dub perform: every real delivery in each Output choice', () => {
  it.each(dubDeliveries)('$name: Both carries every non-null value Dub sent, under raw, beside the normalized fields', async ({ body }) => {
    const [normalized] = await performDub(body);
    const items = await performDub(body, 'both');

    expectPlatformChecks(items.slice());
    const item = items[0] ?? {};
    const { raw, ...rest } = item;
    expect(rest).toEqual(normalized);
    const delivered = nonNullValues(JSON.parse(body));
    expect(delivered.length).toBeGreaterThan(3);
    const seen = flattened(item);
    for (const [key, value] of delivered) expect({ key, value: seen[`raw__${key}`] }).toEqual({ key, value });
    expect(raw).toEqual(JSON.parse(body));
  });

  it.each(dubDeliveries)("$name: Raw is Dub's payload exactly, Normalized (the default) the normalized event", async ({ body }) => {
    const entry = dubEntry((JSON.parse(body) as { event: string }).event);
    expect(await performDub(body, 'raw')).toEqual([JSON.parse(body)]);
    const [normalized] = await performDub(body, 'normalized');
    expect(await performDub(body)).toEqual([normalized]);
    expect(outputSchemaOf(entry.trigger).safeParse(normalized).success).toBe(true);
  });

  it('a field Dub adds tomorrow reaches the Zap with Raw and Both, and never breaks Normalized', async () => {
    const sample = structuredClone(dubEntry('sale.created').sample) as { data: Record<string, unknown> };
    sample.data.attribution = { model: 'last-click', touchpoints: 3 };
    const body = JSON.stringify(sample);
    const [raw] = await performDub(body, 'raw');
    const [both] = await performDub(body, 'both');
    const [normalized] = await performDub(body);
    expect(flattened(raw)).toEqual(expect.objectContaining({ data__attribution__model: 'last-click', data__attribution__touchpoints: 3 }));
    expect(flattened(both)).toEqual(expect.objectContaining({ raw__data__attribution__model: 'last-click' }));
    expect(normalized).toEqual(dubEntry('sale.created').normalizedSample());
  });

  it('an unknown choice reads as the default', async () => {
    const body = sampleBody(dubEntry('lead.created'));
    expect(await performDub(body, 'everything')).toEqual(await performDub(body));
  });
});

describe('Linkly perform: Linkly sends no id, so Raw gets the event id', () => {
  const entry = catalogue.linkly[0];
  if (!entry) throw new Error('Linkly has no catalogue entry');
  const token = 'tok_output_choice_test';
  const bundle = (output: string) => ({
    authData: linklyAuth,
    inputData: { output },
    subscribeData: { id: 'hook_1', url: 'x', token },
    rawRequest: zapierRawRequest(sampleBody(entry), {}, `${URL_TOKEN_PARAM}=${token}`),
  });

  it('Raw: the delivery as sent, with the stable id first; Both: the normalized fields and the delivery under raw', async () => {
    const normalized = entry.normalizedSample();
    const raw = (await runLinkly(hookOf(linklyApp, entry.key).perform, bundle('raw'))) as Item[];
    expectPlatformChecks(raw);
    expect(raw).toEqual([{ id: normalized.id, ...(entry.sample as Item) }]);
    expect(await runLinkly(hookOf(linklyApp, entry.key).perform, bundle('both'))).toEqual([{ ...normalized, raw: entry.sample }]);
  });
});

describe('performList follows the choice', () => {
  it('Dub links from GET /links, as the link.created deliveries Dub would have sent', async () => {
    nock(DUB_API).get('/links').query(true).reply(200, DUB_LINKS.slice(0, 3));
    const items = await runDub(hookOf(dubApp, 'link_created').performList, { authData: dubAuth, inputData: { output: 'raw' } });
    expectPlatformChecks(items);
    expect(items).toEqual(DUB_LINKS.slice(0, 3).map((link) => ({ event: 'link.created', id: link['id'], createdAt: link['createdAt'], data: link })));
  });

  it("Linkly's recent clicks, with the id Zapier needs, Both with the normalized fields", async () => {
    const ownLinks = LINKLY_LINKS.filter((link) => link.workspace_id === 1);
    const ownClicks = LINKLY_CLICKS.filter((record) => ownLinks.some((link) => link.id === record.link_id));
    const reply = () => {
      nock(LINKLY_API).get('/workspace/1/clicks/export').query(true).reply(200, ownClicks);
      nock(LINKLY_API).get('/workspace/1/list_links').query(true).reply(200, linkPage(ownLinks));
    };
    const entry = catalogue.linkly[0];
    if (!entry) throw new Error('Linkly has no catalogue entry');
    reply();
    const normalized = (await runLinkly(hookOf(linklyApp, entry.key).performList, { authData: linklyAuth, inputData: {} })) as Item[];
    reply();
    const raw = (await runLinkly(hookOf(linklyApp, entry.key).performList, { authData: linklyAuth, inputData: { output: 'raw' } })) as Item[];
    reply();
    const both = (await runLinkly(hookOf(linklyApp, entry.key).performList, { authData: linklyAuth, inputData: { output: 'both' } })) as Item[];

    expectPlatformChecks(raw.slice());
    expect(raw.map((item) => item['id'])).toEqual(normalized.map((item) => item['id']));
    expect(raw.map((item) => item['event'])).toEqual(['click', 'click', 'click']);
    expect(flattened(raw[0])).toEqual(expect.objectContaining({ link__id: 101, click__country: expect.any(String) }));
    both.forEach(({ raw: payload, ...rest }, index) => {
      expect(rest).toEqual(normalized[index]);
      expect({ id: rest['id'], ...(payload as Item) }).toEqual(raw[index]);
    });
  });

  it('without real data, nothing in any shape (Zapier then offers its static sample, as a sample)', async () => {
    const entry = dubEntry('partner.merged');
    const logs = captureLogs();
    try {
      for (const output of ['normalized', 'raw', 'both']) {
        expect(await runDub(hookOf(dubApp, entry.key).performList, { authData: dubAuth, inputData: { output } })).toEqual([]);
      }
    } finally {
      logs.restore();
    }
    expect(logs.lines).toHaveLength(3);
    expect(new Set(logs.lines.map((line) => line.trim()))).toEqual(new Set(['Dub has no list of past "partner.merged" events, so there is no recent one to show; Zapier offers the built-in sample instead.']));
  });
});

describe('output fields follow the choice', () => {
  async function outputFields(app: typeof dubApp, key: string, output?: string): Promise<PlainOutputField[]> {
    const fields = (app.triggers as Record<string, Trigger>)[key]?.operation.outputFields;
    if (!fields) throw new Error(`${key} has no output fields`);
    const run = app === dubApp ? runDub : runLinkly;
    // The tester runs a field list too, as Zapier does (core finds it by its place in the app); its types say functions only.
    const asOperation = fields as unknown as (z: ZObject, bundle: Bundle) => Promise<PlainOutputField[]>;
    return run(asOperation, { inputData: output === undefined ? {} : { output } });
  }

  it('Normalized (the default): exactly the static fields, those of the normalized output', async () => {
    const entry = dubEntry('partner.enrolled');
    const fields = await outputFields(dubApp, entry.key);
    expect(fields.map((field) => field.key)).toEqual(triggerOutputFields(entry.trigger).map((field) => field.key.replaceAll('.', '__')));
    expect(await outputFields(dubApp, entry.key, 'normalized')).toEqual(fields);
  });

  it.each(catalogue.dub.map((entry) => [entry.event, entry] as const))(
    '%s: Both adds a labelled, typed raw__ field for every value of the sample payload, its value as the sample',
    async (_event, entry) => {
      const fields = await outputFields(dubApp, entry.key, 'both');
      const byKey = new Map(fields.map((field) => [field.key, field]));
      for (const [key, value] of Object.entries(flattened(entry.sample))) {
        const field = byKey.get(`raw__${key}`);
        expect({ key, sample: field?.sample, labelled: /^Raw [A-Z]/.test(field?.label ?? '') }).toEqual({ key, sample: value, labelled: true });
      }
    },
  );

  it("Raw: the payload's own fields, labelled and typed from the sample (Dub's partner.enrolled)", async () => {
    const fields = await outputFields(dubApp, 'partner_enrolled', 'raw');
    expect(fields).toEqual(
      expect.arrayContaining([
        { key: 'data__username', label: 'Data Username', type: 'string', sample: 'sarahj' },
        { key: 'data__companyName', label: 'Data Company Name', sample: null },
        { key: 'data__links', label: 'Data Links', list: true, sample: expect.any(Array) },
        { key: 'data__totalSaleAmount', label: 'Data Total Sale Amount', type: 'integer', sample: 0 },
        { key: 'data__payoutsEnabledAt', label: 'Data Payouts Enabled At', type: 'datetime', sample: '2025-06-02T15:30:12.000Z' },
        { key: 'createdAt', label: 'Created At', type: 'datetime', sample: '2025-06-03T09:00:01.204Z' },
      ]),
    );
    // Only the payload's own fields: a raw item has no normalized ones (no `customer__email`, no `trigger`).
    expect(fields.filter((field) => field.key === 'id' || field.key === 'event').map((field) => field.label)).toEqual(['ID', 'Event']);
    expect(fields.map((field) => field.key)).not.toEqual(expect.arrayContaining(['trigger']));
    expect(fields.map((field) => field.key)).not.toContain('partner__email');
  });

  it("Linkly's Raw fields, acronyms kept", async () => {
    const entry = catalogue.linkly[0];
    if (!entry) throw new Error('Linkly has no catalogue entry');
    const fields = await outputFields(linklyApp, entry.key, 'raw');
    expect(fields).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ key: 'link__full_url', label: 'Link Full URL', type: 'string' }),
        expect.objectContaining({ key: 'click__is_eu_country', label: 'Click Is EU Country', type: 'boolean', sample: false }),
        expect.objectContaining({ key: 'link__utm_source', label: 'Link UTM Source' }),
      ]),
    );
  });
});
