/**
 * How long a rate-limited caller should wait, read from `Retry-After` and `X-RateLimit-Reset`.
 *
 * Services disagree on what these hold: seconds to wait, an HTTP date, or the reset moment in epoch seconds or epoch
 * milliseconds (Dub sends epoch milliseconds in BOTH headers, though its docs say seconds). A number's size tells
 * which it is, in either header, so no reading can turn a timestamp into a wait of thousands of years.
 */
export function rateLimitWaitMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const waits = [waitFrom(headers['retry-after'], nowMs), waitFrom(headers['x-ratelimit-reset'], nowMs)];
  const known = waits.filter((wait): wait is number => wait !== undefined);
  // When both are sent and disagree, the longer wait is the one that will not be refused again.
  return known.length === 0 ? undefined : Math.max(...known);
}

const EPOCH_MS_THRESHOLD = 1e12; // 2001-09-09 in milliseconds; no wait in seconds is this long
const EPOCH_S_THRESHOLD = 1e9; // 2001-09-09 in seconds; nor this long (31 years)

function waitFrom(header: string | undefined, nowMs: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) {
    if (number >= EPOCH_MS_THRESHOLD) return Math.max(0, number - nowMs);
    if (number >= EPOCH_S_THRESHOLD) return Math.max(0, number * 1000 - nowMs);
    return Math.max(0, number * 1000);
  }
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
