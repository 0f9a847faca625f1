import type { Bundle, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import { RAW_KEY, isOutputShape, shapeOutput, type CatalogueEntry, type OutputShape, type Provider, type ReceivedEvent } from '../../shared';
import { payloadOutputFields } from './output-fields';

/**
 * The user's choice of what each item holds (the same three as the n8n nodes' Output option), and the one place the
 * Zapier apps act on it: perform and performList shape their items here, and the trigger's dynamic output fields
 * follow it. The static sample and output fields stay those of the default, normalized.
 */

export const OUTPUT_CHOICE_KEY = 'output';
export const DEFAULT_OUTPUT: OutputShape = 'normalized';

const SERVICE: Record<Provider, string> = { dub: 'Dub', linkly: 'Linkly' };

export function outputChoiceField(provider: Provider): PlainInputField {
  const service = SERVICE[provider];
  const choices: Record<OutputShape, string> = {
    normalized: 'Normalized fields (the same for every service)',
    raw: `${service}'s own payload, exactly as sent`,
    both: `Both: the normalized fields, and ${service}'s payload under "Raw"`,
  };
  return {
    key: OUTPUT_CHOICE_KEY,
    label: 'Output',
    type: 'string',
    required: false,
    default: DEFAULT_OUTPUT,
    choices,
    helpText:
      `Normalized fields are documented and stay the same if you switch services. ${service}'s own payload has ` +
      `every field ${service} sends, including ones added after this app was written.`,
  };
}

export function outputShapeOf(bundle: Bundle): OutputShape {
  const chosen: unknown = bundle.inputData?.[OUTPUT_CHOICE_KEY];
  return isOutputShape(chosen) ? chosen : DEFAULT_OUTPUT;
}

/** perform's and performList's items, in the shape the user chose. */
export function itemsInChosenShape(bundle: Bundle, events: readonly ReceivedEvent[]): Array<Record<string, unknown>> {
  const shape = outputShapeOf(bundle);
  return events.map((received) => shapeOutput(received, shape));
}

/**
 * The output fields beyond the static (normalized) ones that the choice adds: the service payload's own fields, read
 * off the catalogue's sample (on first use: only the Zap editor asks), as they are for "raw" (minus keys the static
 * list already names), under `raw__` for "both". Each carries its sample value, so the sample follows the choice.
 */
export function chosenOutputFields(entry: CatalogueEntry, staticFields: readonly PlainOutputField[]) {
  const staticKeys = new Set(staticFields.map((field) => field.key));
  let payloadFields: PlainOutputField[] | undefined;
  return async (_z: ZObject, bundle: Bundle): Promise<PlainOutputField[]> => {
    const shape = outputShapeOf(bundle);
    if (shape === 'normalized') return [];
    payloadFields ??= payloadOutputFields(entry.sample);
    if (shape === 'raw') return payloadFields.filter((field) => !staticKeys.has(field.key));
    return payloadFields.map((field) => ({ ...field, key: `${RAW_KEY}__${field.key}`, label: `Raw ${field.label}` }));
  };
}
