import type { HttpRequest, HttpResponse, Transport } from '../transport/transport';
import { rateLimitWaitMs } from './rate-limit';
import type { RetryPolicy } from './retry-policy';

/** No answer came: the network failed, the request ran out of time, or the budget left no time to try. */
export class NoAnswerError extends Error {
  override readonly name = 'NoAnswerError';

  constructor(
    readonly reason: 'network' | 'timeout',
    /** How long the last attempt waited for an answer. */
    readonly waitedMs: number,
    detail: string,
  ) {
    super(detail);
  }
}

export interface SendOptions {
  /** True when repeating the call cannot do harm (reads, deletes, and updates that set absolute values). */
  retrySafe: boolean;
  policy: RetryPolicy;
  /** The moment (policy clock) by which everything must be over. */
  deadline: number;
}

/** A request needs at least this long to be worth starting. */
const MIN_REQUEST_MS = 1_000;

/**
 * Sends a request; waits out rate limits (nothing was done, so any call may be repeated) and retries server errors
 * and missing answers when the call is safe to repeat — always within the policy's attempts and the deadline.
 * Returns the last answer whatever its status; throws NoAnswerError when none came.
 */
export async function sendWithRetry(transport: Transport, request: Omit<HttpRequest, 'timeoutMs'>, options: SendOptions): Promise<HttpResponse> {
  const { policy, deadline } = options;
  for (let attempt = 1; ; attempt += 1) {
    const timeoutMs = Math.min(policy.requestTimeoutMs, deadline - policy.now());
    if (timeoutMs < MIN_REQUEST_MS) throw new NoAnswerError('timeout', 0, 'no time was left in the budget for this request');
    const outcome = await attemptOnce(transport, { ...request, timeoutMs }, policy);

    const wait = retryWait(outcome, attempt, options);
    if (wait === undefined || policy.now() + wait + MIN_REQUEST_MS > deadline) {
      if (outcome instanceof NoAnswerError) throw outcome;
      return outcome;
    }
    await policy.sleep(wait);
  }
}

async function attemptOnce(transport: Transport, request: HttpRequest, policy: RetryPolicy): Promise<HttpResponse | NoAnswerError> {
  const started = policy.now();
  try {
    return await transport.send(request);
  } catch (error) {
    const waited = policy.now() - started;
    const detail = error instanceof Error ? error.message : String(error);
    // Transports word their timeouts differently; having used up the time given is what makes one.
    return new NoAnswerError(waited >= request.timeoutMs * 0.95 || isTimeoutError(error) ? 'timeout' : 'network', waited, detail);
  }
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && /timeout|timed out|aborted/i.test(`${error.name} ${error.message}`);
}

/** How long to wait before trying again, or undefined when this outcome is final. */
function retryWait(outcome: HttpResponse | NoAnswerError, attempt: number, options: SendOptions): number | undefined {
  const { policy } = options;
  if (attempt >= policy.maxAttempts) return undefined;
  if (outcome instanceof NoAnswerError) return options.retrySafe ? backoff(policy, attempt) : undefined;
  if (outcome.status === 429) {
    if (policy.onRateLimit === 'report') return undefined;
    const wait = rateLimitDelayMs(outcome, policy);
    return wait <= policy.maxRateLimitWaitMs ? wait : undefined;
  }
  if (outcome.status >= 500 && options.retrySafe) return backoff(policy, attempt);
  return undefined;
}

/** The wait a 429 asks for, by the server's clock, between the policy's floor and cap: what we sleep, and what a
 *  failure reports. */
export function rateLimitDelayMs(response: HttpResponse, policy: RetryPolicy): number {
  const asked = rateLimitWaitMs(response.headers, policy.now()) ?? policy.unknownRateLimitWaitMs;
  return Math.min(policy.rateLimitWaitCapMs, Math.max(policy.minRateLimitWaitMs, asked));
}

function backoff(policy: RetryPolicy, attempt: number): number {
  return policy.backoffMs * 2 ** (attempt - 1);
}
