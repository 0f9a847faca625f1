import type { PlainOutputField } from 'zapier-platform-core';
import { triggerOutputFields, type CatalogueEntry } from '../../shared';
import { zapierOutputFields } from './output-fields';

export interface TriggerOutput {
  /** The catalogue's sample, normalized: the default output's sample. */
  sample: Record<string, unknown>;
  /** The normalized output's fields: the default output's fields. */
  outputFields: PlainOutputField[];
}

/**
 * What a trigger shows of its output, derived from the catalogue entry. Deriving it (a schema parse and a JSON
 * Schema walk per entry) is most of an app's own cold-start work, so the build replaces this module with a table of
 * the values it returns (scripts/build/zapier.mjs).
 */
export function triggerOutput(entry: CatalogueEntry): TriggerOutput {
  return { sample: entry.normalizedSample(), outputFields: zapierOutputFields(triggerOutputFields(entry.trigger)) };
}
