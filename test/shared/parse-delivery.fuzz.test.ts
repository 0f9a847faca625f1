import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import fc from 'fast-check';
import { catalogue, findEntry } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { parseDelivery } from '../../shared/delivery/services';

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
        expect(result.entry).toBe(entry);
        expect(outputSchemaOf(entry.trigger).safeParse(result.event).success).toBe(true);
        // What did not read is listed; a body the schema reads as is lists nothing.
        expect(Array.isArray(result.event?.unreadFields)).toBe(true);
      }),
      { numRuns, seed: 20261205 },
    );
  });
});
