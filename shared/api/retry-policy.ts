/** How a client waits and retries. Platforms tune it (Zapier prefers failing fast and letting Zapier retry). */
export interface RetryPolicy {
  /** The longest a call waits, in all, for rate limits; past it the call fails and says how long to wait. */
  maxRateLimitWaitMs: number;
  /** Attempts in all for server and network errors, on calls that are safe to repeat. */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each one after. */
  backoffMs: number;
  sleep(ms: number): Promise<void>;
  now(): number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxRateLimitWaitMs: 60_000,
  maxAttempts: 3,
  backoffMs: 500,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => Date.now(),
};
