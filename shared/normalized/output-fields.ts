import * as z from '../zod';
import { outputSchemaOf } from './output-schema-of';
import type { TriggerKind } from './parts';

/** A leaf of a normalized output, as platforms list them (Zapier's outputFields, n8n's docs). */
export interface OutputField {
  /** Dotted path, e.g. `link.shortUrl`. */
  key: string;
  label: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'datetime' | 'object';
  list: boolean;
  nullable: boolean;
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
}

/**
 * A trigger's output fields, for platforms that list them (Zapier). Not part of a catalogue entry: a host that never
 * lists fields (n8n) then carries neither the output schemas nor zod's JSON Schema code.
 */
export function triggerOutputFields(kind: TriggerKind): OutputField[] {
  return outputFieldsOf(outputSchemaOf(kind));
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
    if (inner.type === 'object' && inner.properties) {
      collect(inner, key, nullable, into);
    } else if (inner.type === 'array') {
      into.push({ key, label: title, type: leafType(inner.items ?? {}), list: true, nullable });
    } else {
      into.push({ key, label: title, type: leafType({ ...inner, format: child.format ?? inner.format }), list: false, nullable });
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
