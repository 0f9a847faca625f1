/**
 * JSON text of a parsed JSON value, written without recursion: JSON.stringify recurses natively and throws
 * `RangeError` a few thousand levels down (4,175 on Node 20's default stack), which a delivery's free-form
 * `metadata` can reach inside Dub's 10,000-character limit. `maxChars` stops the writing early (the text then ends
 * in `…`), so a value shown for recognition costs no more than what is shown.
 */
export function jsonText(value: unknown, maxChars = Number.POSITIVE_INFINITY): string {
  let text = '';
  // Each entry is a value still to write, or a piece of punctuation already decided.
  const pending: ({ value: unknown } | string)[] = [{ value }];
  while (pending.length > 0) {
    if (text.length > maxChars) return `${text.slice(0, maxChars)}…`;
    const next = pending.pop() as { value: unknown } | string;
    if (typeof next === 'string') {
      text += next;
      continue;
    }
    const current = next.value;
    if (Array.isArray(current)) {
      pending.push(']');
      for (let index = current.length - 1; index >= 0; index -= 1) {
        pending.push({ value: current[index] === undefined ? null : current[index] });
        if (index > 0) pending.push(',');
      }
      text += '[';
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current).filter((key) => (current as Record<string, unknown>)[key] !== undefined);
      pending.push('}');
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index] as string;
        pending.push({ value: (current as Record<string, unknown>)[key] });
        pending.push(`${JSON.stringify(key)}:`);
        if (index > 0) pending.push(',');
      }
      text += '{';
    } else {
      text += JSON.stringify(current) ?? 'null';
    }
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
