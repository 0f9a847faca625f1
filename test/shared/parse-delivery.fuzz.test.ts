import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import fc from 'fast-check';
import { catalogue } from '../../shared/catalogue';
import { signDubBody } from '../../shared/delivery/dub-signature';
import { parseDelivery } from '../../shared/delivery/parse-delivery';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const entries = [...catalogue.dub, ...catalogue.linkly];
const KINDS = ['body_too_large', 'missing_signature', 'bad_signature', 'invalid_json', 'unknown_event', 'schema_mismatch'];

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
        const secret = 'whsec_fuzz';
        const result = parseDelivery({
          provider,
          headers: provider === 'dub' && withSecret ? { 'dub-signature': signDubBody(body, secret) } : {},
          body,
          ...(provider === 'dub' && withSecret ? { secret } : {}),
        });
        if (result.ok) {
          expect(outputSchemaOf(result.entry.trigger).safeParse(result.event).success).toBe(true);
        } else {
          expect(KINDS).toContain(result.error.kind);
          expect(result.error.message.length).toBeGreaterThan(10);
        }
      }),
      { numRuns: 10_000, seed: 20261122 },
    );
  });
});
