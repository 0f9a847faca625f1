import type { HttpRequest, HttpResponse, Transport } from '../transport/transport';
import { rateLimitWaitMs } from './rate-limit';
import type { RetryPolicy } from './retry-policy';

export interface SendOptions {
  /** True when repeating the call cannot do harm (reads, deletes, and creates the client de-duplicates). */
  retrySafe: boolean;
  policy: RetryPolicy;
}

/**
 * Sends a request, waiting out rate limits (nothing was done, so any call may be repeated) within the policy's
 * budget, and retrying server and network errors with backoff when the call is safe to repeat. Returns the last
 * answer whatever its status; throws the transport's error when no answer came.
 */
export async function sendWithRetry(transport: Transport, request: HttpRequest, options: SendOptions): Promise<HttpResponse> {
  const { policy } = options;
  let rateLimitWaited = 0;
  let failures = 0;
  for (;;) {
    let response: HttpResponse;
    try {
      response = await transport.send(request);
    } catch (error) {
      failures += 1;
      if (!options.retrySafe || failures >= policy.maxAttempts) throw error;
      await policy.sleep(backoff(policy, failures));
      continue;
    }
    if (response.status === 429) {
      const wait = rateLimitWaitMs(response.headers, policy.now()) ?? policy.backoffMs;
      if (rateLimitWaited + wait > policy.maxRateLimitWaitMs) return response;
      rateLimitWaited += wait;
      await policy.sleep(wait);
      continue;
    }
    if (response.status >= 500 && options.retrySafe && failures + 1 < policy.maxAttempts) {
      failures += 1;
      await policy.sleep(backoff(policy, failures));
      continue;
    }
    return response;
  }
}

function backoff(policy: RetryPolicy, failures: number): number {
  return policy.backoffMs * 2 ** (failures - 1);
}
