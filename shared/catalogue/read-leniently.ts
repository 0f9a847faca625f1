import * as z from '../zod';

/**
 * Reads a delivery with an event's schema without ever refusing it for its shape. A body that fits is read as is;
 * otherwise each value that does not fit is listed (its path, what was expected, what came) and put back in a form
 * the schema accepts, so the event's normalizer runs unchanged and every field that did read keeps its value:
 *
 * 1. the same value in the expected type when converting loses nothing and guesses nothing: text that came as a
 *    number or true/false (`12345` → `"12345"`), a whole number written as text (`"4900"` → `4900`), `"true"`;
 * 2. else null, where the field may be null (most fields: Dub leaves many out);
 * 3. else a stand-in of the expected type: `""`, `0`, `false`, an empty object or list (whose own required fields
 *    follow the same rules, without being listed again), the one value a fixed field allows, and for a required
 *    date-time, the time the delivery was read.
 *
 * The schemas stay the single description of a delivery: nothing here knows any event.
 */

/** One value of a delivery that was not in the form the catalogue expects. */
export interface UnreadField {
  /** Dotted path in the delivery as the service sent it: `data.sale.amount`, `data.links.0.id`. */
  path: string;
  /** What was expected there, in words: `a whole number`, `text`, `an ISO 8601 date-time`, `an object`. */
  expected: string;
  /** The value received, as JSON text (`"4900"`, `12345`, `null`); null when the field was missing. */
  received: string | null;
}

export type LenientRead<T> = { ok: true; data: T; unread: UnreadField[] } | { ok: false; reason: string };

/** Enough for a stand-in object's fields, then theirs, to be filled in; real payloads need two or three. */
const MAX_ROUNDS = 24;
/** `received` is for recognizing a value, not for keeping it: the whole payload stays in the raw delivery. */
const MAX_RECEIVED_CHARS = 500;

type Path = readonly PropertyKey[];

export function readLeniently<S extends z.ZodType>(schema: S, body: unknown): LenientRead<z.output<S>> {
  const first = schema.safeParse(body);
  if (first.success) return { ok: true, data: first.data, unread: [] };

  let working: unknown = structuredClone(body);
  const unread: UnreadField[] = [];
  const repaired: Path[] = [];
  const attempts = new Map<string, number>();
  let issues = first.error.issues;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    for (const issue of issues) {
      const path = issue.path;
      const key = pathText(path);
      const attempt = attempts.get(key) ?? 0;
      attempts.set(key, attempt + 1);
      const local = schemaAt(schema, path);
      if (attempt === 0 && !repaired.some((done) => isWithin(path, done))) {
        unread.push({ path: key, expected: expectedText(local, issue), received: receivedText(valueAt(body, path)) });
      }
      repaired.push(path);
      working = replaceAt(working, path, replacementFor(local, issue, valueAt(working, path), attempt));
    }
    const next = schema.safeParse(working);
    if (next.success) return { ok: true, data: next.data, unread };
    issues = next.error.issues;
  }
  return { ok: false, reason: `${issues.length} values could not be put in a readable form` };
}

/** What goes in place of a value that does not fit, per the rules above. */
function replacementFor(local: z.ZodType | undefined, issue: z.core.$ZodIssue, current: unknown, attempt: number): unknown {
  const candidates = [...conversionsOf(baseType(local) ?? issueType(issue), current), null, undefined, ...standIns(local, issue)];
  if (!local) return candidates[Math.min(attempt, candidates.length - 1)];
  const fitting = candidates.find((candidate) => local.safeParse(candidate).success);
  if (fitting !== undefined || local.safeParse(undefined).success) return fitting;
  // An object or list that cannot fit at once: its own fields are filled in on the next rounds.
  return candidates.find((candidate) => candidate !== null && typeof candidate === 'object');
}

/** The same value in the expected type, only where nothing is lost or guessed. */
function conversionsOf(type: string | undefined, value: unknown): unknown[] {
  if (type === 'string' && ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean')) return [String(value)];
  if (type === 'number' && typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) return [Number(value.trim())];
  if (type === 'boolean' && (value === 'true' || value === 'false')) return [value === 'true'];
  return [];
}

function standIns(local: z.ZodType | undefined, issue: z.core.$ZodIssue): unknown[] {
  const base = unwrap(local);
  const type = baseType(local) ?? issueType(issue);
  if (base && type === 'union') return (base._zod.def as unknown as { options: z.ZodType[] }).options.flatMap((option) => standIns(option, issue));
  if (type === 'literal' || type === 'enum' || issue.code === 'invalid_value') return allowedValues(base, issue).slice(0, 1);
  switch (type) {
    case 'string':
      return ['', new Date().toISOString()];
    case 'number':
      return [0];
    case 'boolean':
      return [false];
    case 'object':
    case 'record':
      return [{}];
    case 'array':
      return [[]];
    default:
      return [];
  }
}

/** The values a fixed field (a literal or an enum) allows: from the issue when it names them, else the schema. */
function allowedValues(base: z.ZodType | undefined, issue?: z.core.$ZodIssue): unknown[] {
  if (issue?.code === 'invalid_value') return [...issue.values];
  const def = base?._zod.def as { values?: unknown[]; entries?: Record<string, unknown> } | undefined;
  return def?.values ?? Object.values(def?.entries ?? {});
}

/** The schema that reads the value at `path`, through objects, lists, records and the object form of a union. */
function schemaAt(schema: z.ZodType, path: Path): z.ZodType | undefined {
  let node: z.ZodType | undefined = schema;
  for (const segment of path) {
    node = childOf(unwrap(node), segment);
    if (!node) return undefined;
  }
  return node;
}

function childOf(node: z.ZodType | undefined, segment: PropertyKey): z.ZodType | undefined {
  if (!node) return undefined;
  const def = node._zod.def as unknown as Record<string, unknown> & { type: string };
  switch (def.type) {
    case 'object':
      return (def.shape as Record<PropertyKey, z.ZodType>)[segment];
    case 'array':
      return def.element as z.ZodType;
    case 'record':
      return def.valueType as z.ZodType;
    case 'union':
      for (const option of def.options as z.ZodType[]) {
        const child = childOf(unwrap(option), segment);
        if (child) return child;
      }
      return undefined;
    default:
      return undefined;
  }
}

/** Past nullable, optional, default and pipe wrappers, to the schema that decides the value's type. */
function unwrap(node: z.ZodType | undefined): z.ZodType | undefined {
  let current = node;
  for (let depth = 0; current && depth < 16; depth += 1) {
    const def = current._zod.def as unknown as { type: string; innerType?: z.ZodType; in?: z.ZodType };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current;
  }
  return current;
}

function baseType(local: z.ZodType | undefined): string | undefined {
  return unwrap(local)?._zod.def.type;
}

function issueType(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.expected === 'int' ? 'number' : issue.expected;
}

/** What was expected, in words a user reads on the item. */
function expectedText(local: z.ZodType | undefined, issue: z.core.$ZodIssue): string {
  const base = unwrap(local);
  const described = base ? z.globalRegistry.get(base)?.description : undefined;
  if (described) return described;
  if (base) return typeText(base);
  if (issue.code === 'invalid_type') return TYPE_TEXT[issue.expected] ?? issue.expected;
  return issue.message;
}

const TYPE_TEXT: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'an object',
  record: 'an object',
  array: 'a list',
};

function typeText(base: z.ZodType): string {
  const def = base._zod.def as unknown as { type: string; options?: z.ZodType[] };
  if (def.type === 'number') return base.safeParse(0.5).success ? 'a number' : 'a whole number';
  if (def.type === 'union' && def.options) return def.options.map((option) => typeText(unwrap(option) ?? option)).join(' or ');
  if (def.type === 'literal' || def.type === 'enum') {
    return allowedValues(base).map((value) => JSON.stringify(value)).join(' or ');
  }
  return TYPE_TEXT[def.type] ?? def.type;
}

function receivedText(value: unknown): string | null {
  if (value === undefined) return null;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_RECEIVED_CHARS ? `${text.slice(0, MAX_RECEIVED_CHARS)}…` : text;
}

function pathText(path: Path): string {
  return path.map(String).join('.');
}

function isWithin(path: Path, ancestor: Path): boolean {
  return ancestor.length < path.length && ancestor.every((segment, index) => segment === path[index]);
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}

/** Sets (or, for undefined, removes) the value at `path` in the working copy; returns the new root. */
function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value;
  const parent = valueAt(root, path.slice(0, -1));
  if (parent === null || typeof parent !== 'object') return root;
  const last = path[path.length - 1] as PropertyKey;
  if (value === undefined) delete (parent as Record<PropertyKey, unknown>)[last];
  else (parent as Record<PropertyKey, unknown>)[last] = value;
  return root;
}
