/** Dub's per-workspace, per-minute limits, with the headers Dub puts on every response. */

const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  count: number;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
}

export class DubRateLimiter {
  private windows = new Map<string, Window>();

  /** Counts one request against `bucket`; `enforce` is false for unauthenticated callers. */
  hit(bucket: string, limit: number, enforce: boolean, now = Date.now()): RateDecision {
    let window = this.windows.get(bucket);
    if (!window || now >= window.startedAt + WINDOW_MS) {
      window = { startedAt: now, count: 0 };
      this.windows.set(bucket, window);
    }
    window.count += 1;
    const reset = window.startedAt + WINDOW_MS;
    const allowed = !enforce || window.count <= limit;
    const headers = rateHeaders(limit, Math.max(0, limit - window.count), reset);
    if (!allowed) headers['retry-after'] = String(Math.max(1, Math.ceil((reset - now) / 1000)));
    return { allowed, headers };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** X-RateLimit-Reset is an epoch timestamp in milliseconds, as Dub's code sends it (its docs say seconds). */
export function rateHeaders(limit: number, remaining: number, resetEpochMs: number): Record<string, string> {
  return {
    'x-ratelimit-limit': String(limit),
    'x-ratelimit-remaining': String(remaining),
    'x-ratelimit-reset': String(resetEpochMs),
  };
}
