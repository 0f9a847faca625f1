/**
 * Whole numbers a double cannot hold, as the body wrote them. JSON.parse turns `12345678901234567890` into
 * 12345678901234567000; Node 20's JSON.parse offers no access to the source text, so the body is scanned once, without
 * recursion, and each such number's text is kept by its path (dotted, as unreadFields writes paths). Only bodies
 * holding a run of 16 digits are scanned: every integer of 15 digits or fewer reads exactly.
 */
export function integersBeyondDoubles(text: string): ReadonlyMap<string, string> {
  const found = new Map<string, string>();
  if (!/\d{16}/.test(text)) return found;
  // One frame per open object or list: its path, and the key or index of the value being read in it.
  const frames: { path: string; key: string | number; inObject: boolean; expectingKey: boolean }[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '{' || char === '[') {
      const parent = frames[frames.length - 1];
      frames.push({ path: parent ? childPath(parent) : '', key: 0, inObject: char === '{', expectingKey: char === '{' });
      index += 1;
    } else if (char === '}' || char === ']') {
      frames.pop();
      index += 1;
    } else if (char === ',') {
      const frame = frames[frames.length - 1];
      if (frame?.inObject) frame.expectingKey = true;
      else if (frame) frame.key = (frame.key as number) + 1;
      index += 1;
    } else if (char === '"') {
      const end = stringEnd(text, index);
      const frame = frames[frames.length - 1];
      if (frame?.inObject && frame.expectingKey) {
        frame.key = String(JSON.parse(text.slice(index, end)));
        frame.expectingKey = false;
      }
      index = end;
    } else if (char === '-' || (char >= '0' && char <= '9')) {
      const match = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
      match.lastIndex = index;
      const token = match.exec(text)?.[0] ?? char;
      if (!/[.eE]/.test(token) && !Number.isSafeInteger(Number(token))) {
        const frame = frames[frames.length - 1];
        found.set(frame ? childPath(frame) : '', token);
      }
      index += token.length;
    } else {
      index += 1;
    }
  }
  return found;
}

function childPath(frame: { path: string; key: string | number }): string {
  return frame.path ? `${frame.path}.${frame.key}` : String(frame.key);
}

/** The index just past the closing quote of the string that opens at `start`. */
function stringEnd(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index += 1;
  }
  return index;
}
