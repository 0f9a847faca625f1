import type { z } from 'zod/v4';
import type { OutputField } from '../normalized/output-fields';
import type { NormalizedEvent, NormalizedOf, OutputSchemas } from '../normalized/outputs';
import type { Provider, TriggerKind } from '../normalized/parts';

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

/** A delivery's payload after validation, before normalizing; schema-typed in each entry's own file. */
export type ParseOutcome =
  | { ok: true; event: NormalizedEvent }
  | { ok: false; issues: z.core.$ZodIssue[] };

/** One event of one service: everything any platform needs to know about it. */
export interface CatalogueEntry<K extends TriggerKind = TriggerKind> extends TriggerMeta {
  provider: Provider;
  /** The service's own event name: `sale.created`, or Linkly's `click`. */
  event: string;
  trigger: K;
  /** A realistic delivery body, as the service sends it. */
  sample: unknown;
  outputSchema: OutputSchemas[K];
  /** The output schema's fields this service can fill (the schema's `sentBy` fields of the other service left out). */
  outputFields: OutputField[];
  /** Validates a parsed delivery body with the entry's schema and normalizes it. Never throws on bad input. */
  parse(body: unknown): ParseOutcome;
  /** The normalized form of `sample`. */
  normalizedSample(): NormalizedOf<K>;
}
