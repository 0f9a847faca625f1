import { sleep } from 'n8n-workflow';
import type { RetryPolicy } from '../../shared';

/**
 * Activation may wait a rate limit out (n8n has no retry of its own for it), but never longer than a minute per wait
 * nor two minutes in all; a longer wait fails with the service's real wait in the message. Pickers answer a person
 * looking at the editor: they give up sooner. A delivery that must ask the service which hook it came through answers
 * a sender that gives up after a few seconds (Linkly: 5 s): one quick try, no waiting. Waits go through n8n's helper,
 * as community node code may not use timers.
 */
export const CLIENT_POLICIES = {
  lifecycle: { sleep, onRateLimit: 'wait', maxRateLimitWaitMs: 60_000, budgetMs: 120_000 },
  picker: { sleep, onRateLimit: 'wait', maxRateLimitWaitMs: 10_000, budgetMs: 30_000, requestTimeoutMs: 15_000 },
  delivery: { sleep, onRateLimit: 'report', maxAttempts: 1, budgetMs: 3_000, requestTimeoutMs: 3_000 },
} satisfies Record<string, Partial<RetryPolicy>>;

/** What a client is made for: registering hooks, filling a picker in the editor, or checking a delivery. */
export type ClientUse = keyof typeof CLIENT_POLICIES;

/** The credential's Base URL when one is set (a self-hosted or test instance), else the service's own. */
export function baseUrlOr(configured: string | undefined, fallback: string): string {
  const trimmed = configured?.trim();
  return trimmed ? trimmed : fallback;
}
