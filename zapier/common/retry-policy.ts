import type { RetryPolicy } from '../../shared';

/**
 * Zapier retries throttled and failed runs itself and stops a run after a few dozen seconds, so the core waits out
 * only a short rate limit and retries a server error once; anything longer becomes Zapier's ThrottledError.
 */
export const zapierRetryPolicy: Partial<RetryPolicy> = {
  maxRateLimitWaitMs: 2_000,
  maxAttempts: 2,
  backoffMs: 250,
};
