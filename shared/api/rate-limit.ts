/**
 * How long a rate-limited caller should wait, from `Retry-After` or `X-RateLimit-Reset`. Dub documents the reset as
 * epoch seconds but sends epoch milliseconds, and others send seconds-to-wait: the size of the number tells which.
 */
export function rateLimitWaitMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const retryAfter = headers['retry-after'];
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = Number(headers['x-ratelimit-reset']);
  if (!headers['x-ratelimit-reset'] || !Number.isFinite(reset)) return undefined;
  return Math.max(0, resetToEpochMs(reset, nowMs) - nowMs);
}

const EPOCH_MS_THRESHOLD = 1e12; // 2001-09-09 in milliseconds; no wait in seconds is this long
const EPOCH_S_THRESHOLD = 1e9; // 2001-09-09 in seconds

function resetToEpochMs(reset: number, nowMs: number): number {
  if (reset >= EPOCH_MS_THRESHOLD) return reset;
  if (reset >= EPOCH_S_THRESHOLD) return reset * 1000;
  return nowMs + reset * 1000;
}
