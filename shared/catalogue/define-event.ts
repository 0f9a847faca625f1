import type * as z from '../zod';
import type { NormalizedOf } from '../normalized/outputs';
import type { Provider, TriggerKind } from '../normalized/parts';
import type { CatalogueEntry, TriggerMeta } from './types';

interface EventDefinition<S extends z.ZodType, K extends TriggerKind> extends TriggerMeta {
  provider: Provider;
  event: string;
  trigger: K;
  /** The delivery's schema: tolerant of unknown fields, nulls and older shapes. */
  schema: S;
  normalize(delivery: z.output<S>): NormalizedOf<K>;
  /** A realistic delivery body; the catalogue tests prove it satisfies `schema`. */
  sample: unknown;
}

/** Turns one event's schema, sample and mapping into a catalogue entry; the types tie the three together. */
export function defineEvent<S extends z.ZodType, K extends TriggerKind>(
  definition: EventDefinition<S, K>,
): CatalogueEntry<K> {
  const { schema, normalize, sample, ...meta } = definition;
  return {
    ...meta,
    sample,
    parse(body) {
      const result = schema.safeParse(body);
      return result.success ? { ok: true, event: normalize(result.data) } : { ok: false, issues: result.error.issues };
    },
    normalizedSample() {
      return normalize(schema.parse(sample));
    },
  };
}
