import type { PlainOutputField } from 'zapier-platform-core';
import type { OutputField } from '../../shared';

type ZapierFieldType = NonNullable<PlainOutputField['type']>;

const TYPES: Record<Exclude<OutputField['type'], 'object'>, ZapierFieldType> = {
  string: 'string',
  integer: 'integer',
  number: 'number',
  boolean: 'boolean',
  datetime: 'datetime',
};

/** Zapier names nested fields with `__` (`link__shortUrl`); free-form objects have no Zapier type, so none is given. */
export function zapierOutputFields(fields: readonly OutputField[]): PlainOutputField[] {
  return fields.map((field) => ({
    key: field.key.split('.').join('__'),
    label: field.label,
    ...(field.type === 'object' ? {} : { type: TYPES[field.type] }),
    ...(field.list ? { list: true } : {}),
  }));
}
