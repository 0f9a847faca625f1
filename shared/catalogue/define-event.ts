import type * as z from '../zod';
import type { NormalizedFieldsOf, NormalizedOf } from '../normalized/outputs';
import type { Provider, TriggerKind } from '../normalized/parts';
import { readLeniently, type ReadContext } from './read-leniently';
import type { EventEntry, TriggerMeta } from './types';

interface EventDefinition<S extends z.ZodType, K extends TriggerKind> extends TriggerMeta {
  provider: Provider;
  event: string;
  trigger: K;
  /**
   * The delivery's schema: tolerant of unknown fields, nulls and older shapes. What it does not accept is listed on
   * the item and read around (read-leniently.ts), never refused.
   */
  schema: S;
  normalize(delivery: z.output<S>): NormalizedFieldsOf<K>;
}

/**
 * Turns one event's schema and mapping into a catalogue entry; the types tie the two together. Its sample is joined
 * in catalogue/index.ts.
 */
export function defineEvent<S extends z.ZodType, K extends TriggerKind>(
  definition: EventDefinition<S, K>,
): EventEntry<K> {
  const { schema, normalize, ...meta } = definition;
  return {
    ...meta,
    parse(body, context?: ReadContext) {
      const read = readLeniently(schema, body, context);
      if (!read.ok) return read;
      // Assigned last, so the list sits at the end of every item, after the fields it is about.
      return { ok: true, event: Object.assign(normalize(read.data), { unreadFields: read.unread }) as NormalizedOf<K> };
    },
  };
}
