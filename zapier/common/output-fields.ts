import type { PlainOutputField } from 'zapier-platform-core';
import { isTimestamp, type OutputField } from '../../shared';

type ZapierFieldType = NonNullable<PlainOutputField['type']>;

/** Zapier names nested fields with `__` (`link__shortUrl`), as it flattens an item's objects for mapping. */
const NESTING = '__';

const TYPES: Record<Exclude<OutputField['type'], 'object'>, ZapierFieldType> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
};

/** The normalized output's fields; free-form objects have no Zapier type, so none is given. */
export function zapierOutputFields(fields: readonly OutputField[]): PlainOutputField[] {
  return fields.map((field) => ({
    key: field.key.split('.').join(NESTING),
    label: field.label,
    ...(field.type === 'object' ? {} : { type: TYPES[field.type] }),
    ...(field.list ? { list: true } : {}),
  }));
}

/**
 * The fields of a service's own payload, read off a real-shaped example of it: every leaf, keyed as Zapier flattens
 * it, labelled from its path in Title Case, typed from its value, with the value as the field's sample. Lists stay
 * lists; a list of objects is one field.
 */
export function payloadOutputFields(payload: unknown): PlainOutputField[] {
  const fields: PlainOutputField[] = [];
  collectLeaves(payload, [], fields);
  return fields;
}

function collectLeaves(value: unknown, path: string[], into: PlainOutputField[]): void {
  if (isPlainObject(value) && Object.keys(value).length > 0) {
    for (const [name, child] of Object.entries(value)) collectLeaves(child, [...path, name], into);
    return;
  }
  if (path.length === 0) return;
  const type = Array.isArray(value) ? typeOf(value.find((item) => item !== null)) : typeOf(value);
  into.push({
    key: path.join(NESTING),
    label: labelOf(path),
    ...(type ? { type } : {}),
    ...(Array.isArray(value) ? { list: true } : {}),
    sample: value as PlainOutputField['sample'],
  });
}

function typeOf(value: unknown): ZapierFieldType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'string') return isTimestamp(value) ? 'datetime' : 'string';
  return undefined;
}

/** Words that read better in capitals, as the services' own docs write them. */
const ACRONYMS: Record<string, string> = {
  id: 'ID',
  ids: 'IDs',
  url: 'URL',
  utm: 'UTM',
  qr: 'QR',
  ip: 'IP',
  ua: 'UA',
  os: 'OS',
  eu: 'EU',
  isp: 'ISP',
  og: 'OG',
  ios: 'iOS',
};

/** `data__link__utm_source` → "Data Link UTM Source"; `shortLink` → "Short Link". */
export function labelOf(path: readonly string[]): string {
  return path
    .flatMap((segment) => segment.replace(/([a-z0-9])([A-Z])/g, '$1 $2').split(/[\s_-]+/))
    .filter((word) => word.length > 0)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
