/**
 * Dub's rate limits (apps/web/lib/auth/workspace.ts, rate-limit-request.ts): counted per key, at the limit of the
 * key's workspace plan, in a sliding window over fixed windows aligned to the epoch (Upstash's). Every answer to a
 * known key carries the four headers; `Retry-After` and `X-RateLimit-Reset` are the SAME value: the end of the
 * current window as an epoch timestamp in milliseconds.
 */

interface Counts {
  window: number;
  current: number;
  previous: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class DubRateLimiter {
  private buckets = new Map<string, Counts>();

  /** Counts one request against `bucket` (allowed or not, as Upstash does not count a refused one). */
  hit(bucket: string, limit: number, windowMs: number, now = Date.now()): RateDecision {
    const window = Math.floor(now / windowMs);
    const counts = this.rolled(bucket, window);
    // The previous window still weighs by the part of it the sliding window covers.
    const carried = Math.floor(counts.previous * (1 - (now % windowMs) / windowMs));
    const reset = (window + 1) * windowMs;
    if (carried + counts.current >= limit) return { allowed: false, headers: rateHeaders(limit, 0, reset) };
    counts.current += 1;
    return { allowed: true, headers: rateHeaders(limit, Math.max(0, limit - carried - counts.current), reset) };
  }

  clear(): void {
    this.buckets.clear();
  }

  private rolled(bucket: string, window: number): Counts {
    const counts = this.buckets.get(bucket);
    if (counts?.window === window) return counts;
    const next: Counts = { window, current: 0, previous: counts?.window === window - 1 ? counts.current : 0 };
    this.buckets.set(bucket, next);
    return next;
  }
}

export function rateHeaders(limit: number, remaining: number, resetEpochMs: number): Record<string, string> {
  return {
    'retry-after': String(resetEpochMs),
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetEpochMs),
  };
}
