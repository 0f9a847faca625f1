import * as z from '../zod';
import { outputSchemaOf } from './output-schema-of';
import type { Provider, TriggerKind } from './parts';

/** A leaf of a normalized output, as platforms list them (Zapier's outputFields, n8n's docs). */
export interface OutputField {
  /** Dotted path, e.g. `link.shortUrl`. */
  key: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'object';
  list: boolean;
  nullable: boolean;
  /** Set when only this service can fill the field (schema meta `sentBy`). */
  sentBy?: Provider;
}

interface JsonSchemaNode {
  type?: string;
  title?: string;
  format?: string;
  anyOf?: JsonSchemaNode[];
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  const?: unknown;
  enum?: unknown[];
  sentBy?: Provider;
}

/**
 * A trigger's output fields, for platforms that list them (Zapier): with a service, only those it can fill (a field
 * only the other service fills is left out). Not part of a catalogue entry: a host that never lists fields (n8n)
 * then carries neither the output schemas nor zod's JSON Schema code.
 */
export function triggerOutputFields(kind: TriggerKind, provider?: Provider): OutputField[] {
  const fields = outputFieldsOf(outputSchemaOf(kind));
  return provider === undefined ? fields : fieldsSentBy(fields, provider);
}

const memo = new WeakMap<z.ZodType, OutputField[]>();

/** Walks the output schema's JSON Schema form, so field lists can never drift from what normalizers return. */
export function outputFieldsOf(schema: z.ZodType): OutputField[] {
  const known = memo.get(schema);
  if (known) return known;
  const root = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' }) as JsonSchemaNode;
  const fields: OutputField[] = [];
  collect(root, '', false, fields);
  memo.set(schema, fields);
  return fields;
}

/** A leaf under a nullable object can be null too, whatever its own schema says. */
function collect(node: JsonSchemaNode, prefix: string, parentNullable: boolean, into: OutputField[]): void {
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const key = prefix ? `${prefix}.${name}` : name;
    const unwrapped = unwrapNull(child);
    const inner = unwrapped.inner;
    const nullable = unwrapped.nullable || parentNullable;
    const title = child.title ?? inner.title ?? name;
    const sentBy = child.sentBy ?? inner.sentBy;
    const only = sentBy ? { sentBy } : {};
    if (inner.type === 'object' && inner.properties) {
      collect(inner, key, nullable, into);
    } else if (inner.type === 'array') {
      into.push({ key, label: title, type: leafType(inner.items ?? {}), list: true, nullable, ...only });
    } else {
      into.push({ key, label: title, type: leafType({ ...inner, format: child.format ?? inner.format }), list: false, nullable, ...only });
    }
  }
}

function unwrapNull(node: JsonSchemaNode): { inner: JsonSchemaNode; nullable: boolean } {
  const variants = node.anyOf;
  if (!variants) return { inner: node, nullable: false };
  const nonNull = variants.filter((variant) => variant.type !== 'null');
  return { inner: nonNull.length === 1 && nonNull[0] ? nonNull[0] : {}, nullable: nonNull.length < variants.length };
}

function leafType(node: JsonSchemaNode): OutputField['type'] {
  if (node.format === 'date-time') return 'datetime';
  switch (node.type) {
    case 'integer':
    case 'number':
    case 'boolean':
    case 'object':
      return node.type;
    case 'string':
      return 'string';
    default:
      return node.properties ? 'object' : 'string';
  }
}

/** The fields one service can fill: every field but those only the other service sends. */
export function fieldsSentBy(fields: readonly OutputField[], provider: Provider): OutputField[] {
  return fields.filter((field) => field.sentBy === undefined || field.sentBy === provider);
}

/**
 * A normalized event with only the given fields (dotted keys), the objects that hold them kept: what one service's
 * app shows of it. A field that is a whole object or list (metadata, links) is kept as it is.
 */
export function pickFields<T extends object>(event: T, fields: readonly OutputField[]): Partial<T> {
  return pickPaths(event, new Set(fields.map((field) => field.key)), '') as Partial<T>;
}

function pickPaths(value: unknown, keys: ReadonlySet<string>, prefix: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const picked: Record<string, unknown> = {};
  for (const [name, child] of Object.entries(value)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (keys.has(key)) picked[name] = child;
    else if ([...keys].some((candidate) => candidate.startsWith(`${key}.`))) picked[name] = pickPaths(child, keys, key);
  }
  return picked;
}
