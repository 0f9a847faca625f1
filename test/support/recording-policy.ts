import type { RetryPolicy } from '../../shared/api/retry-policy';

/** A retry policy on a fake clock: sleeps are recorded and return at once, so tests never wait. */
export function recordingPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy & { slept: number[] } {
  const slept: number[] = [];
  let now = Date.UTC(2026, 10, 22, 12, 0, 0);
  return {
    maxRateLimitWaitMs: 60_000,
    maxAttempts: 3,
    backoffMs: 500,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    ...overrides,
    slept,
  };
}
