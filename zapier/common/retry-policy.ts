import { timerSleep, type ClientPolicy } from '../../shared';

/**
 * Zapier gives an operation 30 seconds in all and retries throttled runs itself. So a whole subscribe, unsubscribe or
 * sample list — every request, timeout and retry added up — ends within 20 s, and a 429 is never slept on here: it
 * becomes Zapier's ThrottledError carrying the service's real wait.
 */
export const ZAPIER_OPERATION_BUDGET_MS = 20_000;

/** The longest delay Zapier honours on a ThrottledError. */
export const ZAPIER_LONGEST_THROTTLE_MS = 300_000;

export const zapierRetryPolicy: ClientPolicy = {
  sleep: timerSleep,
  onRateLimit: 'report',
  rateLimitWaitCapMs: ZAPIER_LONGEST_THROTTLE_MS,
  maxAttempts: 2,
  backoffMs: 250,
  requestTimeoutMs: 10_000,
  budgetMs: ZAPIER_OPERATION_BUDGET_MS,
};
