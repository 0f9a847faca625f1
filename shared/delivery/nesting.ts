import type { UnreadField } from '../catalogue/read-leniently';
import { jsonText } from '../normalized/json-text';

/**
 * How deep a delivery's values may nest before they are kept as JSON text instead. Dub's own payloads are five levels
 * deep; its free-form `metadata` (up to 10,000 characters) can nest five thousand levels, more than JSON.stringify,
 * structuredClone or the host's own copying of an item can take (they recurse, and throw RangeError near 3,000–4,000
 * levels on Node's default stack). Past this depth a value reaches the item, raw or normalized, as its JSON text.
 */
export const MAX_NESTING = 64;

/** What `received` shows of a value kept as text; the whole text is in the item. */
const SHOWN_CHARS = 500;

/**
 * False when the body's text cannot nest that deep: fewer opening brackets than MAX_NESTING in all (brackets inside
 * strings only make this say true more often). Most deliveries are told apart here, in about a microsecond, without
 * walking their values.
 */
export function mayNestPastLimit(text: string): boolean {
  let opened = 0;
  for (const bracket of ['{', '[']) {
    for (let index = text.indexOf(bracket); index !== -1; index = text.indexOf(bracket, index + 1)) {
      if ((opened += 1) >= MAX_NESTING) return true;
    }
  }
  return false;
}

/**
 * Replaces, in place, every object or list found `MAX_NESTING` levels down with its JSON text, without recursion;
 * lists each one (path, what was expected, the start of its text). The value must be freshly parsed JSON (owned by
 * the caller, with no cycles).
 */
export function flattenDeepValues(root: unknown): UnreadField[] {
  const flattened: UnreadField[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (value === null || typeof value !== 'object') continue;
    const container = value as Record<string, unknown>;
    for (const key of Object.keys(container)) {
      const child = container[key];
      if (child === null || typeof child !== 'object') continue;
      const childPath = path ? `${path}.${key}` : key;
      if (depth + 1 < MAX_NESTING) {
        stack.push({ value: child, path: childPath, depth: depth + 1 });
        continue;
      }
      const text = jsonText(child);
      Object.defineProperty(container, key, { value: text, writable: true, enumerable: true, configurable: true });
      const shown = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
      flattened.push({ path: childPath, expected: `at most ${MAX_NESTING} levels of nesting (kept as JSON text)`, received: shown });
    }
  }
  return flattened;
}
