import type { PlainOutputField } from 'zapier-platform-core';
import { pickFields, triggerOutputFields, type CatalogueEntry } from '../../shared';
import { zapierOutputFields } from './output-fields';

export interface TriggerOutput {
  /** The catalogue's sample, normalized, with the fields the service can fill: the default output's sample. */
  sample: Record<string, unknown>;
  /** The normalized output's fields the service can fill: the default output's fields. */
  outputFields: PlainOutputField[];
}

/**
 * What a trigger shows of its output, derived from the catalogue entry. Deriving it (a schema parse and a JSON
 * Schema walk per entry) is most of an app's own cold-start work, so the build replaces this module with a table of
 * the values it returns (scripts/build/zapier.mjs).
 */
export function triggerOutput(entry: CatalogueEntry): TriggerOutput {
  const fields = triggerOutputFields(entry.trigger, entry.provider);
  return { sample: pickFields(entry.normalizedSample(), fields), outputFields: zapierOutputFields(fields) };
}
