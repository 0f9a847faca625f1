import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import fc from 'fast-check';
import { catalogue, findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { MAX_DELIVERY_BYTES } from '../../shared/delivery/parse-delivery';
import { parseDelivery } from '../../shared/delivery/services';
import { MAX_NESTING } from '../../shared/delivery/nesting';
import { MAX_UNREAD_LISTED, NOT_LISTED_PATH } from '../../shared/catalogue/read-leniently';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const entries = [...catalogue.dub, ...catalogue.linkly];
const KINDS = ['body_too_large', 'missing_signature', 'bad_signature', 'invalid_json'];
const SECRET = 'whsec_fuzz';

/** Every path to a value inside a JSON document. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const keys: (string | number)[] = Array.isArray(value) ? value.map((_, index) => index) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Record<string | number, Json>)[key] as Json, [...prefix, key]))];
}

function setAt(root: Json, path: (string | number)[], replacement: Json | undefined): Json {
  if (path.length === 0) return replacement ?? null;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, Json>;
  const last = path[path.length - 1] as string | number;
  if (replacement === undefined) delete node[last];
  else node[last] = replacement;
  return copy as Json;
}

const mutatedBody = fc.constantFrom(...entries).chain((entry) => {
  const sample = entry.sample as Json;
  const allPaths = paths(sample);
  const structural = fc.tuple(fc.constantFrom(...allPaths), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined }))
    .map(([path, replacement]) => JSON.stringify(setAt(sample, path, replacement)));
  const text = JSON.stringify(sample);
  const bytes = fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length }), fc.string({ maxLength: 8 }))
    .map(([start, length, insert]) => text.slice(0, start) + insert + text.slice(start + Math.min(length, 8)));
  return fc.record({ provider: fc.constant(entry.provider), body: fc.oneof(structural, bytes) });
});

describe('parseDelivery under 10,000 mutated payloads', () => {
  it('never throws: each result is a valid normalized event or a typed error', () => {
    fc.assert(
      fc.property(mutatedBody, fc.boolean(), ({ provider, body }, withSecret) => {
        const secret = SECRET;
        const result = parseDelivery({
          provider,
          headers: provider === 'dub' && withSecret ? { 'dub-signature': signDubBody(body, secret) } : {},
          body,
          ...(provider === 'dub' && withSecret ? { secret } : {}),
        });
        if (result.ok && result.entry) {
          expect(outputSchemaOf(result.entry.trigger).safeParse(result.event).success).toBe(true);
        } else if (result.ok) {
          // Only a name the catalogue does not know comes back without an entry: a known one always reads.
          expect(findEntry(provider, result.eventName ?? '')).toBeUndefined();
        } else {
          expect(KINDS).toContain(result.error.kind);
          expect(result.error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
  });
});

/** A catalogue sample with up to four values anywhere in it replaced by any JSON (or removed), event name kept. */
const driftedDelivery = fc.constantFrom(...entries).chain((entry) => {
  const sample = entry.sample as Json;
  const replacements = fc.array(
    fc.tuple(fc.constantFrom(...paths(sample).filter((path) => path.length > 0 && path[0] !== 'event')), fc.option(fc.jsonValue() as fc.Arbitrary<Json>, { nil: undefined })),
    { minLength: 1, maxLength: 4 },
  );
  return replacements.map((changes) => {
    let body = sample;
    for (const [path, replacement] of changes) {
      if (valueExists(body, path)) body = setAt(body, path, replacement);
    }
    return { entry, body: JSON.stringify(body) };
  });
});

/** Any JSON object naming a known event: what a Dub that rewrote a payload entirely would send. */
const anyObjectOfKnownEvent = fc
  .tuple(fc.constantFrom(...entries), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue() as fc.Arbitrary<Json>, { maxKeys: 6 }))
  .map(([entry, object]) => ({ entry, body: JSON.stringify({ ...object, event: entry.event }) }));

function valueExists(root: Json, path: (string | number)[]): boolean {
  let node: Json | undefined = root;
  for (const key of path) {
    if (node === null || typeof node !== 'object') return false;
    node = (node as Record<string | number, Json>)[key];
  }
  return node !== undefined;
}

describe('parseDelivery: any authentic JSON object delivery of a known event gives an item', () => {
  it.each([
    ['a catalogue sample with values drifted anywhere', driftedDelivery, 1_500],
    ['any JSON object naming the event', anyObjectOfKnownEvent, 1_000],
  ])('%s: never a refusal, always the entry\'s item, matching its output schema', (_case, deliveries, numRuns) => {
    fc.assert(
      fc.property(deliveries, ({ entry, body }) => {
        const url = `/webhook?linkhooks_token=${SECRET}`;
        const result = parseDelivery({ provider: entry.provider, headers: { 'dub-signature': signDubBody(body, SECRET) }, body, secret: SECRET, url });
        if (!result.ok) throw new Error(`refused: ${result.error.message}`);
        expect(result.entry?.key).toBe(entry.key);
        expect(outputSchemaOf(entry.trigger).safeParse(result.event).success).toBe(true);
        // What did not read is listed; a body the schema reads as is lists nothing.
        expect(Array.isArray(result.event?.unreadFields)).toBe(true);
      }),
      { numRuns, seed: 20261205 },
    );
  });
});

/** `depth` levels of lists or objects around a 1, as JSON text: what JSON.stringify of such a value would throw on. */
function nestedText(depth: number, kind: 'list' | 'object'): string {
  return kind === 'list' ? `${'['.repeat(depth)}1${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

const MARK = '"__replaced_by_the_test__"';

/** The sample's JSON text with the value at `path` replaced by `text` (any JSON text, however deep or long). */
function sampleWith(entry: (typeof entries)[number], path: (string | number)[], text: string): string {
  return JSON.stringify(setAt(entry.sample as Json, path, '__replaced_by_the_test__')).replace(MARK, text);
}

function deliverSigned(entry: (typeof entries)[number], body: string) {
  return parseDelivery({ provider: entry.provider, headers: { 'dub-signature': signDubBody(body, SECRET) }, body, secret: SECRET, url: `/webhook?linkhooks_token=${SECRET}` });
}

/** What the host does with an item: n8n and Zapier serialize and copy it; neither may throw. */
function expectOneItemTheHostCanKeep(entry: (typeof entries)[number], body: string): NonNullable<ReturnType<typeof readItem>> {
  const item = readItem(entry, body);
  expect(outputSchemaOf(entry.trigger).safeParse(item.event).success).toBe(true);
  expect(() => JSON.stringify({ event: item.event, raw: item.raw })).not.toThrow();
  expect(() => structuredClone({ event: item.event, raw: item.raw })).not.toThrow();
  return item;
}

function readItem(entry: (typeof entries)[number], body: string) {
  const result = deliverSigned(entry, body);
  if (!result.ok) throw new Error(`refused: ${result.error.message}`);
  if (!result.entry || result.entry.key !== entry.key) throw new Error(`not read as ${entry.event}`);
  return result;
}

describe('parseDelivery: deep and wide authentic bodies give one item, and never throw', () => {
  it('a value anywhere nested up to 10,000 levels deep, with a drifted field beside it', () => {
    const deepDelivery = fc.constantFrom(...entries).chain((entry) => {
      const places = paths(entry.sample as Json).filter((path) => path.length > 0 && path[0] !== 'event');
      return fc.record({
        entry: fc.constant(entry),
        deepAt: fc.constantFrom(...places),
        driftAt: fc.constantFrom(...places),
        depth: fc.integer({ min: 60, max: 10_000 }),
        kind: fc.constantFrom('list' as const, 'object' as const),
      });
    });
    fc.assert(
      fc.property(deepDelivery, ({ entry, deepAt, driftAt, depth, kind }) => {
        const drifted = valueExists(entry.sample as Json, driftAt) ? setAt(entry.sample as Json, driftAt, { drifted: true }) : (entry.sample as Json);
        // A deep value inside the drifted one (which replaced it) goes beside the drift instead.
        const at = valueExists(drifted, deepAt) ? deepAt : [...driftAt, 'deep'];
        const body = JSON.stringify(setAt(drifted, at, '__replaced_by_the_test__')).replace(MARK, nestedText(depth, kind));
        expectOneItemTheHostCanKeep(entry, body);
      }),
      { numRuns: 300, seed: 20261206 },
    );
  });

  it("issue 17's lead.created: metadata nested 4,900 levels (9,800 characters) and one drifted field", () => {
    const lead = findEntry('dub', 'lead.created')!;
    const sample = structuredClone(lead.sample) as { data: { eventName: unknown; metadata: unknown } };
    sample.data.eventName = 5.5;
    sample.data.metadata = { plan: '__replaced_by_the_test__' };
    const body = JSON.stringify(sample).replace(MARK, nestedText(4_900, 'list').replace('1', ''));
    const item = expectOneItemTheHostCanKeep(lead, body);
    const unread = item.event.unreadFields;
    // The deep value reaches the item as its JSON text, listed where it was; the drifted field is listed too.
    expect(unread.map((field) => field.path)).toEqual([`data.metadata.plan${'.0'.repeat(MAX_NESTING - 3)}`, 'data.eventName']);
    expect(unread[0]?.expected).toBe(`at most ${MAX_NESTING} levels of nesting (kept as JSON text)`);
    expect(item.event.trigger === 'lead' && JSON.stringify(item.event.metadata)).toContain('[[[[');
  });

  it.each([
    ['partner.enrolled', 'dub', ['data', 'links'], '{"clicks":"x","leads":"y"}', 30_000],
    ['sale.created', 'dub', ['data', 'customer'], '1', 100_000],
    ['click', 'linkly', ['click', 'params'], '{"a":[[[[1]]]]}', 25_000],
  ] as const)('%s (%s): a value replaced by a list of drifted values up to the 1 MB limit gives one item, a bounded list', (event, provider, path, element, count) => {
    const entry = findEntry(provider, event)!;
    const body = sampleWith(entry, [...path], `[${Array.from({ length: count }, () => element).join(',')}]`);
    expect(Buffer.byteLength(body)).toBeLessThanOrEqual(MAX_DELIVERY_BYTES);
    const { unreadFields } = expectOneItemTheHostCanKeep(entry, body).event;
    expect(unreadFields.length).toBeLessThanOrEqual(MAX_UNREAD_LISTED + 1);
  });

  it('lists at most MAX_UNREAD_LISTED values, then one entry counting the rest', () => {
    const enrolled = findEntry('dub', 'partner.enrolled')!;
    const links = Array.from({ length: 32_000 }, () => '{"clicks":"x","leads":"y"}').join(',');
    const { unreadFields } = readItem(enrolled, sampleWith(enrolled, ['data', 'links'], `[${links}]`)).event;
    expect(unreadFields).toHaveLength(MAX_UNREAD_LISTED + 1);
    expect(unreadFields.slice(0, 3)).toEqual([
      { path: 'data.links.0.id', expected: 'text', received: null },
      { path: 'data.links.0.clicks', expected: 'a whole number', received: '"x"' },
      { path: 'data.links.0.leads', expected: 'a whole number', received: '"y"' },
    ]);
    // 32,000 links, three values each.
    expect(unreadFields[MAX_UNREAD_LISTED]).toEqual({ path: NOT_LISTED_PATH, expected: `${96_000 - MAX_UNREAD_LISTED} more values did not read (not listed)`, received: null });
  });
});

describe('parseDelivery: a Linkly params string nested 100,000 levels deep (parsed after the body was read)', () => {
  it('gives the click item, the parameter kept as JSON text', () => {
    const click = findEntry('linkly', 'click')!;
    const params = `{"deep":${nestedText(100_000, 'list')}}`;
    const item = expectOneItemTheHostCanKeep(click, sampleWith(click, ['click', 'params'], JSON.stringify(params)));
    expect(item.event.trigger === 'click' && item.event.click.params?.['deep']?.startsWith('[[[[')).toBe(true);
  });
});
