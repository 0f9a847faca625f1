/**
 * How long a rate-limited caller should wait, from `Retry-After` or `X-RateLimit-Reset`. Dub documents the reset as
 * epoch seconds but sends epoch milliseconds, and others send seconds-to-wait: the size of the number tells which.
 */
export function rateLimitWaitMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const waits = [retryAfterMs(headers['retry-after'], nowMs), resetWaitMs(headers['x-ratelimit-reset'], nowMs)];
  const known = waits.filter((wait): wait is number => wait !== undefined);
  // When both are sent and disagree, the longer wait is the one that will not be refused again.
  return known.length === 0 ? undefined : Math.max(...known);
}

function retryAfterMs(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

function resetWaitMs(header: string | undefined, nowMs: number): number | undefined {
  const reset = Number(header);
  if (header === undefined || header.trim() === '' || !Number.isFinite(reset)) return undefined;
  return Math.max(0, resetToEpochMs(reset, nowMs) - nowMs);
}

const EPOCH_MS_THRESHOLD = 1e12; // 2001-09-09 in milliseconds; no wait in seconds is this long
const EPOCH_S_THRESHOLD = 1e9; // 2001-09-09 in seconds

function resetToEpochMs(reset: number, nowMs: number): number {
  if (reset >= EPOCH_MS_THRESHOLD) return reset;
  if (reset >= EPOCH_S_THRESHOLD) return reset * 1000;
  return nowMs + reset * 1000;
}
