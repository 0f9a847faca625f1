import type { z } from 'zod/v4';
import { fieldsSentBy, outputFieldsOf } from '../normalized/output-fields';
import { outputSchemaOf } from '../normalized/output-schema-of';
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
    // Both derived on first use: a cold start (a Zapier invocation, n8n loading nodes) should not pay for them.
    get outputSchema() {
      return outputSchemaOf(definition.trigger);
    },
    // The service's own: a field only the other service fills is left out.
    get outputFields() {
      return fieldsSentBy(outputFieldsOf(outputSchemaOf(definition.trigger)), definition.provider);
    },
    parse(body) {
      const result = schema.safeParse(body);
      return result.success ? { ok: true, event: normalize(result.data) } : { ok: false, issues: result.error.issues };
    },
    normalizedSample() {
      return normalize(schema.parse(sample));
    },
  };
}
