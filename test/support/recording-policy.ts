import { defaultRetryPolicy, type RetryPolicy } from '../../shared/api/retry-policy';

export type RecordingPolicy = RetryPolicy & { slept: number[]; advance(ms: number): void };

/** A retry policy on a fake clock: sleeps are recorded and return at once, so tests never wait. */
export function recordingPolicy(overrides: Partial<RetryPolicy> = {}): RecordingPolicy {
  const slept: number[] = [];
  let now = Date.UTC(2026, 10, 22, 12, 0, 0);
  return {
    ...defaultRetryPolicy,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
    ...overrides,
    slept,
    advance: (ms) => {
      now += ms;
    },
  };
}
