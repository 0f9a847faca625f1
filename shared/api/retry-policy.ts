import { LONGEST_WAIT_MS } from './rate-limit';

/**
 * How a client waits, retries and gives up. Each host sets it for its own limits: Zapier stops an operation after
 * 30 s and retries throttled runs itself; n8n and the CLI can afford to wait a rate limit out.
 */
export interface RetryPolicy {
  /** 'wait': sleep a 429 out within the bounds below. 'report': fail at once with the wait, for a host that waits itself. */
  onRateLimit: 'wait' | 'report';
  /** The longest single wait for a 429; a service asking for longer gets a failure that says how long. */
  maxRateLimitWaitMs: number;
  /** The shortest: a `Retry-After: 0` or a reset already past must not turn into a tight retry loop. */
  minRateLimitWaitMs: number;
  /**
   * The longest wait ever asked of the host or told to the user, whatever the service's headers say: a host's own
   * retry honours no longer (Zapier's ThrottledError: 300 s).
   */
  rateLimitWaitCapMs: number;
  /** The wait when a 429 names none. */
  unknownRateLimitWaitMs: number;
  /** Attempts in all for one request, whatever went wrong (429, 5xx, no answer). */
  maxAttempts: number;
  /** Wait before the second attempt after a 5xx or no answer; doubled for each one after. */
  backoffMs: number;
  /** The longest one request may take, answer body included. */
  requestTimeoutMs: number;
  /**
   * Everything one client does — every request, retry and wait — ends within this, counted from the client's
   * creation. Hosts make one client per operation (a subscribe, a node's activation, a CLI command).
   */
  budgetMs: number;
  /** How the host waits. n8n's community nodes may not use timers and wait with n8n's helper, so no default here. */
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** What a host gives a client: the defaults it changes, and always how it waits. */
export type ClientPolicy = Partial<RetryPolicy> & Pick<RetryPolicy, 'sleep'>;

/** Waiting on a timer, for the hosts that may: the CLI, the sandbox's demo and Zapier. */
export const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const defaultRetryPolicy: Omit<RetryPolicy, 'sleep'> = {
  onRateLimit: 'wait',
  maxRateLimitWaitMs: 60_000,
  minRateLimitWaitMs: 1_000,
  rateLimitWaitCapMs: LONGEST_WAIT_MS,
  unknownRateLimitWaitMs: 10_000,
  maxAttempts: 4,
  backoffMs: 500,
  requestTimeoutMs: 30_000,
  budgetMs: 120_000,
  now: () => Date.now(),
};
