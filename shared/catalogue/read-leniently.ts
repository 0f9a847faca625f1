import * as z from '../zod';

import { jsonText } from '../normalized/json-text';

/**
 * Reads a delivery with an event's schema without ever refusing it for its shape. A body that fits is read as is;
 * otherwise each value that does not fit is listed (its path, what was expected, what came) and put back in a form
 * the schema accepts, so the event's normalizer runs unchanged and every field that did read keeps its value:
 *
 * 1. the same value in the expected type when converting loses nothing and guesses nothing: text that came as a
 *    number or true/false (`12345` → `"12345"`; a whole number too large for a double as the body wrote it), a whole
 *    number written as text (`"4900"` → `4900`), `"true"`;
 * 2. else null, where the field may be null (most fields: Dub leaves many out), and for a value the schema marks
 *    with `nullWhenUnread` (money, ids, currencies, dates: what a stand-in would make look like data);
 * 3. else a stand-in of the expected type: `""`, `0`, `false`, an empty object or list (whose own required fields
 *    follow the same rules, without being listed again), the one value a fixed field allows.
 *
 * The schemas stay the single description of a delivery: nothing here knows any event. Nothing here recurses into
 * the delivery or copies it whole (only the objects and lists on the way to a value it replaces), and the work per
 * value that did not read is constant: a 1 MB body drifted everywhere is read in one pass per round.
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

/** What the delivery's reader knows beyond the parsed body. */
export interface ReadContext {
  /**
   * A whole number a double cannot hold, as the body wrote it, by dotted path (shared/delivery/exact-integers.ts).
   * Asked only for such a number in a value that did not read: a body that reads costs no scan of its text.
   */
  exactIntegerAt?: (path: string) => string | undefined;
  /** Values already listed before the schema read the body (nesting kept as text); they count toward the limit. */
  listed?: readonly UnreadField[];
}

export type LenientRead<T> = { ok: true; data: T; unread: UnreadField[] } | { ok: false; reason: string };

/** Enough for a stand-in object's fields, then theirs, to be filled in; real payloads need two or three. */
const MAX_ROUNDS = 24;
/** `received` is for recognizing a value, not for keeping it: the whole payload stays in the raw delivery. */
const MAX_RECEIVED_CHARS = 500;
/**
 * How many values an item lists; past it, one last entry (path `…`) says how many more did not read. A delivery
 * drifted throughout (a list of 32,000 links, each wrong) is then one short list, not 96,000 entries on one item.
 */
export const MAX_UNREAD_LISTED = 100;
/** The path of the entry that counts what was not listed. */
export const NOT_LISTED_PATH = '…';

type Path = readonly PropertyKey[];
type Issue = z.core.$ZodRawIssue;
type Checked<T> = { success: true; data: T } | { success: false; issues: Issue[] };

/**
 * A schema's verdict without zod's error object: safeParse finalizes each issue (a spread copy, deletes, a message)
 * and wraps them in a ZodError, which for a list of 32,000 drifted entries cost seconds of allocation and garbage
 * collection; the reader needs only each issue's code and path, and words its own messages.
 */
function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema._zod.run({ value, issues: [] }, { async: false });
  // No delivery schema is asynchronous; a promise here would be a schema this reader was not written for.
  if (result instanceof Promise) return { success: false, issues: [] };
  return result.issues.length === 0 ? { success: true, data: result.value as z.output<S> } : { success: false, issues: result.issues };
}

/** The mark rule 2 puts where a `nullWhenUnread` value did not read; the schema reads it as null. */
const UNREAD: unique symbol = Symbol('unread');
/** The union each `nullWhenUnread` builds, and the schema of the value it expects. */
const unreadMarked = new WeakMap<z.ZodType, z.ZodType>();

/**
 * A value the delivery must have (money, an id, a currency, a date) that reads as null when it does not: listed in
 * unreadFields like any other, but never replaced by a stand-in (`0`, `""`, the time of reading) that looks like data.
 */
export function nullWhenUnread<T extends z.ZodType>(schema: T): z.ZodType<z.output<T> | null, z.input<T>> {
  // No transform to turn the mark into null: a pipe on every such field cost a delivery about a tenth more. The reader
  // puts null where it put the mark, once the body reads (readLeniently), so the mark never leaves this module.
  const marked = z.union([schema, z.custom<typeof UNREAD>((value) => value === UNREAD)]);
  unreadMarked.set(marked, schema);
  return marked as unknown as z.ZodType<z.output<T> | null, z.input<T>>;
}

export function readLeniently<S extends z.ZodType>(schema: S, body: unknown, context: ReadContext = {}): LenientRead<z.output<S>> {
  const first = check(schema, body);
  if (first.success && !context.listed?.length) return { ok: true, data: first.data, unread: [] };
  const unread = new UnreadList(context.listed ?? []);
  if (first.success) return { ok: true, data: first.data, unread: unread.entries() };

  const working = new WorkingCopy(body);
  const repaired = new Set<string>();
  const attempts = new Map<string, number>();
  const standIns = new StandInMemo();
  const marks: Path[] = [];
  let issues = first.issues;
  for (let round = 0; round < MAX_ROUNDS; round += 1) {
    for (const issue of issues) {
      const path = issue.path ?? [];
      const key = pathText(path);
      const attempt = attempts.get(key) ?? 0;
      attempts.set(key, attempt + 1);
      const local = schemaAt(schema, path);
      if (attempt === 0 && !withinRepaired(path, repaired)) {
        unread.add(() => {
          const value = valueAt(body, path);
          return { path: key, expected: expectedText(local, issue), received: receivedText(value, exactTextOf(value, key, context)) };
        });
      }
      repaired.add(key);
      const current = valueAt(working.root, path);
      const conversions = conversionsOf(markedInner(local) ?? local, issue, current, exactTextOf(current, key, context));
      const replacement = conversions.length > 0 || !local
        ? replacementFor(local, issue, conversions, attempt)
        : standIns.get(local, attempt, () => replacementFor(local, issue, conversions, attempt));
      working.replace(path, replacement);
      if (replacement === UNREAD) marks.push(path);
    }
    const next = check(schema, working.root);
    if (next.success) return { ok: true, data: withoutMarks(next.data, marks), unread: unread.entries() };
    issues = next.issues;
  }
  return { ok: false, reason: `${issues.length} values could not be put in a readable form` };
}

/** The text the body wrote for `value`, when it is a whole number a double could not hold and the text is known. */
function exactTextOf(value: unknown, path: string, context: ReadContext): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || Number.isSafeInteger(value)) return undefined;
  return context.exactIntegerAt?.(path);
}

/** The read data with null where the reader put its mark (zod's output holds its own copies of objects and lists). */
function withoutMarks<T>(data: T, marks: readonly Path[]): T {
  for (const path of marks) {
    const parent = valueAt(data, path.slice(0, -1));
    const last = path[path.length - 1];
    if (last !== undefined && parent !== null && typeof parent === 'object' && (parent as Record<PropertyKey, unknown>)[last] === UNREAD) {
      setOwn(parent, last, null);
    }
  }
  return data;
}

/** The values listed on an item: the first MAX_UNREAD_LISTED in full, the rest counted. */
class UnreadList {
  private readonly listed: UnreadField[];
  private notListed = 0;

  constructor(already: readonly UnreadField[]) {
    this.listed = already.slice(0, MAX_UNREAD_LISTED);
    this.notListed = already.length - this.listed.length;
  }

  /** Describing a value costs more than counting it, so an entry past the limit is never built. */
  add(describe: () => UnreadField): void {
    if (this.listed.length < MAX_UNREAD_LISTED) this.listed.push(describe());
    else this.notListed += 1;
  }

  entries(): UnreadField[] {
    if (this.notListed === 0) return this.listed;
    const more = { path: NOT_LISTED_PATH, expected: `${this.notListed} more values did not read (not listed)`, received: null };
    return [...this.listed, more];
  }
}

/**
 * The body with values replaced, sharing every object and list it leaves alone: each one on the way to a replaced
 * value is copied (shallowly) the first time, never the body whole.
 */
class WorkingCopy {
  root: unknown;
  private readonly copies = new Set<object>();

  constructor(body: unknown) {
    this.root = body;
  }

  /** Sets (or, for undefined, removes) the value at `path`. */
  replace(path: Path, value: unknown): void {
    if (path.length === 0) {
      this.root = value;
      return;
    }
    this.root = this.own(this.root);
    let parent = this.root;
    for (const segment of path.slice(0, -1)) {
      if (parent === null || typeof parent !== 'object') return;
      const child = (parent as Record<PropertyKey, unknown>)[segment];
      if (child === null || typeof child !== 'object') return;
      parent = setOwn(parent, segment, this.own(child));
    }
    if (parent === null || typeof parent !== 'object') return;
    const last = path[path.length - 1] as PropertyKey;
    if (value === undefined) delete (parent as Record<PropertyKey, unknown>)[last];
    else setOwn(parent, last, value);
  }

  private own(value: unknown): unknown {
    if (value === null || typeof value !== 'object' || this.copies.has(value)) return value;
    const copy: object = Array.isArray(value) ? value.slice() : Object.create(Object.getPrototypeOf(value) as object | null);
    if (!Array.isArray(value)) for (const key of Object.keys(value)) setOwn(copy, key, (value as Record<string, unknown>)[key]);
    this.copies.add(copy);
    return copy;
  }
}

/** An own property, even one named `__proto__` (JSON.parse makes those; an assignment would change the prototype). */
function setOwn(target: object, key: PropertyKey, value: unknown): unknown {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

/** True when a value containing `path` was already replaced whole: only the outermost is listed. */
function withinRepaired(path: Path, repaired: ReadonlySet<string>): boolean {
  let prefix = '';
  for (let index = 0; index < path.length - 1; index += 1) {
    prefix = index === 0 ? String(path[0]) : `${prefix}.${String(path[index])}`;
    if (repaired.has(prefix)) return true;
  }
  return false;
}

/**
 * The replacement of a value with nothing to convert depends only on the schema there and the attempt: found once
 * per read, not once per value (checking a candidate that does not fit builds a zod error, which is what made a list
 * of 32,000 drifted entries cost seconds).
 */
class StandInMemo {
  private readonly found = new Map<z.ZodType, Map<number, unknown>>();

  get(local: z.ZodType, attempt: number, find: () => unknown): unknown {
    const bySchema = this.found.get(local) ?? new Map<number, unknown>();
    this.found.set(local, bySchema);
    if (!bySchema.has(attempt)) bySchema.set(attempt, find());
    const replacement = bySchema.get(attempt);
    // A stand-in object or list is filled in place later: each value gets its own.
    return Array.isArray(replacement) ? [] : replacement !== null && typeof replacement === 'object' ? {} : replacement;
  }
}

/** What goes in place of a value that does not fit, per the rules above, given its lossless conversions. */
function replacementFor(local: z.ZodType | undefined, issue: Issue, conversions: unknown[], attempt: number): unknown {
  if (markedInner(local)) return [...conversions, UNREAD].find((candidate) => local !== undefined && check(local, candidate).success);
  const candidates = [...conversions, null, undefined, ...standIns(local, issue)];
  if (!local) return candidates[Math.min(attempt, candidates.length - 1)];
  const fitting = candidates.find((candidate) => check(local, candidate).success);
  if (fitting !== undefined || check(local, undefined).success) return fitting;
  // An object or list that cannot fit at once: its own fields are filled in on the next rounds.
  return candidates.find((candidate) => candidate !== null && typeof candidate === 'object');
}

/** For a `nullWhenUnread` value, the schema of what it expects. */
function markedInner(local: z.ZodType | undefined): z.ZodType | undefined {
  const base = unwrap(local);
  return base ? unreadMarked.get(base) : undefined;
}

/** The same value in the expected type (any type a union allows), only where nothing is lost or guessed. */
function conversionsOf(local: z.ZodType | undefined, issue: Issue, value: unknown, exactText: string | undefined): unknown[] {
  const base = unwrap(local);
  const type = base?._zod.def.type ?? issueType(issue);
  const types = type === 'union' && base ? (base._zod.def as unknown as { options: z.ZodType[] }).options.map((option) => baseType(option)) : [type];
  const conversions: unknown[] = [];
  for (const expected of types) {
    if (expected === 'string' && typeof value === 'number') conversions.push(...numberAsText(value, exactText));
    if (expected === 'string' && typeof value === 'boolean') conversions.push(String(value));
    if (expected === 'number' && typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim())) conversions.push(Number(value.trim()));
    if (expected === 'boolean' && (value === 'true' || value === 'false')) conversions.push(value === 'true');
  }
  return conversions;
}

/**
 * A number as text: a whole number a double cannot hold only as the body wrote it (`12345678901234567890`, never
 * the double's `12345678901234567000`), and not at all when that text is unknown.
 */
function numberAsText(value: number, exactText: string | undefined): string[] {
  if (exactText !== undefined && Number(exactText) === value) return [exactText];
  if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) return [];
  return [String(value)];
}

function standIns(local: z.ZodType | undefined, issue: Issue): unknown[] {
  const base = unwrap(local);
  const type = baseType(local) ?? issueType(issue);
  if (base && type === 'union') return (base._zod.def as unknown as { options: z.ZodType[] }).options.flatMap((option) => standIns(option, issue));
  if (type === 'literal' || type === 'enum' || issue.code === 'invalid_value') return allowedValues(base, issue).slice(0, 1);
  switch (type) {
    case 'string':
      return [''];
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
function allowedValues(base: z.ZodType | undefined, issue?: Issue): unknown[] {
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

function issueType(issue: Issue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  return issue.expected === 'int' ? 'number' : issue.expected;
}

/** What was expected, in words a user reads on the item. */
function expectedText(local: z.ZodType | undefined, issue: Issue): string {
  const inner = markedInner(local);
  if (inner) return expectedText(inner, issue);
  const base = unwrap(local);
  const described = base ? z.globalRegistry.get(base)?.description : undefined;
  if (described) return described;
  if (base) return typeText(base);
  if (issue.code === 'invalid_type') return TYPE_TEXT[issue.expected] ?? issue.expected;
  return issue.message ?? 'a value of another form';
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

/** The value as JSON text, cut to MAX_RECEIVED_CHARS; a whole number a double could not hold, as the body wrote it. */
function receivedText(value: unknown, exactText: string | undefined): string | null {
  if (value === undefined) return null;
  if (exactText !== undefined && typeof value === 'number' && Number(exactText) === value) return exactText;
  return jsonText(value, MAX_RECEIVED_CHARS);
}

function pathText(path: Path): string {
  return path.map(String).join('.');
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const segment of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<PropertyKey, unknown>)[segment];
  }
  return node;
}
