/**
 * How long a rate-limited caller should wait, read from `Retry-After` and `X-RateLimit-Reset`.
 *
 * Services disagree on what these hold: seconds to wait, an HTTP date, or the reset moment in epoch seconds or epoch
 * milliseconds (Dub sends epoch milliseconds in BOTH headers, though its docs say seconds). A number's size tells
 * which it is, in either header, so no reading can turn a timestamp into a wait of thousands of years.
 *
 * A reset moment is the server's clock, so it is measured from the answer's own `Date` header when there is one: a
 * server whose clock is behind ours would otherwise have every reset look already past (and one ahead, too far).
 */
export function rateLimitWaitMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const serverNowMs = serverClock(headers['date'], nowMs);
  const waits = [waitFrom(headers['retry-after'], serverNowMs), waitFrom(headers['x-ratelimit-reset'], serverNowMs)];
  const known = waits.filter((wait): wait is number => wait !== undefined);
  // When both are sent and disagree, the longer wait is the one that will not be refused again.
  return known.length === 0 ? undefined : Math.min(LONGEST_WAIT_MS, Math.max(...known));
}

/** No service means a wait longer than a day; a bigger number is a misreading (or `1e300`), not a wait. */
export const LONGEST_WAIT_MS = 24 * 60 * 60 * 1000;

const EPOCH_MS_THRESHOLD = 1e12; // 2001-09-09 in milliseconds; no wait in seconds is this long
const EPOCH_S_THRESHOLD = 1e9; // 2001-09-09 in seconds; nor this long (31 years)

/** `Date` counts whole seconds: within that (and a moment of transit) of our clock, ours is the finer one. */
const DATE_PRECISION_MS = 2_000;

function serverClock(header: string | undefined, nowMs: number): number {
  const text = header?.trim();
  const date = text ? Date.parse(text) : Number.NaN;
  return Number.isNaN(date) || Math.abs(date - nowMs) < DATE_PRECISION_MS ? nowMs : date;
}

/**
 * One header's wait. A header sent twice reaches us joined with commas (`Retry-After: 30, 30`); HTTP dates hold a
 * comma of their own, so the whole text is read first, then each value of the list, and the longest counts.
 */
function waitFrom(header: string | undefined, nowMs: number): number | undefined {
  const text = header?.trim();
  if (!text) return undefined;
  const whole = singleWait(text, nowMs);
  if (whole !== undefined) return whole;
  const values = text.match(/(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),[^,]+|[^,]+/g) ?? [];
  const waits = values.map((value) => singleWait(value.trim(), nowMs)).filter((wait): wait is number => wait !== undefined);
  return waits.length === 0 ? undefined : Math.max(...waits);
}

function singleWait(text: string, nowMs: number): number | undefined {
  if (!text) return undefined;
  const number = Number(text);
  if (Number.isFinite(number)) {
    if (number >= EPOCH_MS_THRESHOLD) return Math.max(0, number - nowMs);
    if (number >= EPOCH_S_THRESHOLD) return Math.max(0, number * 1000 - nowMs);
    return Math.max(0, number * 1000);
  }
  if (!/[a-z]/i.test(text)) return undefined; // a bare "2026" is no date
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
