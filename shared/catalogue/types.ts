import type { NormalizedEvent, NormalizedOf } from '../normalized/outputs';
import type { Provider, TriggerKind } from '../normalized/parts';
import type { ReadContext } from './read-leniently';

/** How triggers are grouped in pickers and docs. */
export type TriggerGroup = 'clicks' | 'leads' | 'sales' | 'partners' | 'links';

/** What a user sees of a trigger, on any platform. */
export interface TriggerMeta {
  /** Stable identifier, safe as a Zapier trigger key: letters, digits and underscores. */
  key: string;
  /** Short name, e.g. "New Sale". */
  label: string;
  /** One sentence: when it fires. */
  description: string;
  group: TriggerGroup;
}

/**
 * A delivery's payload, read and normalized: what did not read is in `event.unreadFields`. Failure is only for a
 * body no stand-in could make readable (never seen: the fuzz test holds parseDelivery to an item for every object).
 */
export type ParseOutcome = { ok: true; event: NormalizedEvent } | { ok: false; reason: string };

/** One event of one service as a delivery is read: all an n8n trigger needs of it. */
export interface EventEntry<K extends TriggerKind = TriggerKind> extends TriggerMeta {
  provider: Provider;
  /** The service's own event name: `sale.created`, or Linkly's `click`. */
  event: string;
  trigger: K;
  /**
   * Reads a parsed delivery body with the entry's schema, listing what does not fit, and normalizes it. Never throws.
   * `context` carries what only the body's text tells (whole numbers beyond a double) and what was listed before.
   */
  parse(body: unknown, context?: ReadContext): ParseOutcome;
}

/**
 * One event of one service with its sample: everything any platform needs to know about it. The sample (Zapier's
 * static sample, the tests' and the sandbox's deliveries) is joined to the event in catalogue/index.ts, so what
 * holds only EventEntry (the n8n packages) does not bundle it.
 */
export interface CatalogueEntry<K extends TriggerKind = TriggerKind> extends EventEntry<K> {
  /** A realistic delivery body, as the service sends it. */
  sample: unknown;
  /** The normalized form of `sample`. */
  normalizedSample(): NormalizedOf<K>;
}
