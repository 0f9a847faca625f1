import type { Bundle, PlainInputField, PlainOutputField, ZObject } from 'zapier-platform-core';
import { RAW_KEY, isOutputShape, sampleEvent, shapeOutput, type CatalogueEntry, type OutputShape, type Provider, type ReceivedEvent } from '../../shared';
import { payloadOutputFields } from './output-fields';

/**
 * The user's choice of what each item holds (the same three as the n8n nodes' Output option), and the one place the
 * Zapier apps act on it: perform and performList shape their items here, and the trigger's dynamic output fields
 * follow it. The static sample is the default's (normalized); the output fields are all the choice's.
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
 * The output fields of the chosen shape, and nothing else: Normalized, the service's fields of the normalized event;
 * Raw, the payload's own fields (read off the catalogue's sample on first use: only the Zap editor asks), so no
 * normalized field is advertised that a raw item lacks; Both, the two, the payload under `raw__`. Fields of Raw and
 * Both carry their sample value, since the static sample (Zapier allows one) is the default's.
 */
export function chosenOutputFields(entry: CatalogueEntry, normalizedFields: readonly PlainOutputField[], normalizedSample: Record<string, unknown>) {
  const perShape: Partial<Record<OutputShape, PlainOutputField[]>> = {};
  const fieldsOf = (shape: OutputShape): PlainOutputField[] => {
    if (shape === 'normalized') return [...normalizedFields];
    // Raw gives a payload without an id the event's (shapeOutput); Both keeps the payload as sent under `raw`.
    if (shape === 'raw') return payloadOutputFields(shapeOutput(sampleEvent(entry), 'raw'));
    const payload = payloadOutputFields(entry.sample);
    const withSamples = normalizedFields.map((field) => ({ ...field, sample: valueAt(normalizedSample, field.key) as PlainOutputField['sample'] }));
    return [...withSamples, ...payload.map((field) => ({ ...field, key: `${RAW_KEY}__${field.key}`, label: `Raw ${field.label}` }))];
  };
  return async (_z: ZObject, bundle: Bundle): Promise<PlainOutputField[]> => {
    const shape = outputShapeOf(bundle);
    return (perShape[shape] ??= fieldsOf(shape));
  };
}

/** The value under a flattened key (`link__shortUrl`) of a normalized event. */
function valueAt(value: unknown, key: string): unknown {
  let current = value;
  for (const name of key.split('__')) {
    if (current === null || typeof current !== 'object') return null;
    current = (current as Record<string, unknown>)[name];
  }
  return current === undefined ? null : current;
}
