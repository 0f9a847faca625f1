import type * as z from '../zod';
import type { Provider } from '../normalized/parts';
import type { HttpMethod, Transport } from '../transport/transport';
import { ApiError, type SecretMasking } from './api-error';
import { describeWait, failedCall, type FailedCall } from './failed-call';
import { defaultRetryPolicy, type ClientPolicy, type RetryPolicy } from './retry-policy';
import { NoAnswerError, rateLimitDelayMs, sendWithRetry } from './send-with-retry';

export interface ApiCall<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Reads, deletes and absolute updates are; a create is not (the hook registrar recovers a lost one itself). */
  retrySafe: boolean;
  /** The answer's shape; loose, so new fields never break a call. */
  schema: z.ZodType<T>;
}

export interface ApiCallerOptions {
  provider: Provider;
  /** The service as messages name it. */
  serviceName: string;
  transport: Transport;
  baseUrl: string;
  headers: Record<string, string>;
  policy: ClientPolicy;
  /** Turns a non-2xx answer into the message the user sees. */
  describeFailure(failure: FailedCall): ApiError;
  /** The service's credential forms (its API keys, OAuth tokens), masked in every error this caller throws. */
  credentialPatterns?: readonly RegExp[];
}

export type ApiCaller = <T>(call: ApiCall<T>) => Promise<T>;

/**
 * A JSON client for one service: URL building, retries, error mapping and answer validation in one place. Its time
 * budget starts now: every call it makes shares one deadline.
 */
export function createApiCaller(options: ApiCallerOptions): ApiCaller {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.policy };
  const deadline = policy.now() + policy.budgetMs;
  const { serviceName } = options;
  const base = options.baseUrl.replace(/\/+$/, '');

  // Besides the forms every message is masked for: the credentials this caller sends, whatever their form.
  const masking: SecretMasking = { values: credentialsIn(options.headers), patterns: options.credentialPatterns ?? [] };

  return async function call<T>(apiCall: ApiCall<T>): Promise<T> {
    try {
      return await send(apiCall);
    } catch (error) {
      throw error instanceof ApiError ? error.maskedFurther(masking) : error;
    }
  };

  async function send<T>(apiCall: ApiCall<T>): Promise<T> {
    const url = `${base}${apiCall.path}${queryString(apiCall.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (apiCall.body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await sendWithRetry(
        options.transport,
        { method: apiCall.method, url, headers, ...(apiCall.body === undefined ? {} : { body: JSON.stringify(apiCall.body) }) },
        { retrySafe: apiCall.retrySafe, policy, deadline },
      );
    } catch (error) {
      throw noAnswer(options.provider, serviceName, `${apiCall.method} ${apiCall.path}`, base, policy, error);
    }
    if (response.status < 200 || response.status >= 300) {
      const retryAfterMs = response.status === 429 ? rateLimitDelayMs(response, policy) : undefined;
      throw options.describeFailure(failedCall(apiCall.method, apiCall.path, response, retryAfterMs));
    }
    return readAnswer(response.body, apiCall.schema, `${serviceName}'s answer to ${apiCall.method} ${apiCall.path}`, options.provider);
  }
}

/** The credentials among a request's headers: an `Authorization` value without its scheme, any key or token header. */
function credentialsIn(headers: Record<string, string>): string[] {
  return Object.entries(headers).flatMap(([name, value]) => {
    const lower = name.toLowerCase();
    if (lower === 'authorization') return [value, value.replace(/^\S+\s+/, '')];
    return /key|token|secret/.test(lower) ? [value] : [];
  });
}

function noAnswer(provider: Provider, serviceName: string, what: string, base: string, policy: RetryPolicy, error: unknown): ApiError {
  if (error instanceof NoAnswerError && error.reason === 'timeout') {
    const waited = error.waitedMs > 0 ? ` (${what} waited ${describeWait(error.waitedMs)} for an answer)` : ` before ${what} could be sent`;
    return new ApiError(
      provider,
      'timeout',
      `${serviceName} did not answer in time: this step may take at most ${describeWait(policy.budgetMs)}, and that time ran out${waited}. ` +
        'Nothing is wrong with your settings; try again in a few minutes.',
    );
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new ApiError(
    provider,
    'network',
    `Could not reach ${serviceName} at ${base} (${reason}). Check the API base URL and the network, then try again.`,
  );
}

function readAnswer<T>(body: string, schema: z.ZodType<T>, what: string, provider: Provider): T {
  let parsed: unknown;
  try {
    parsed = body.trim() === '' ? null : JSON.parse(body);
  } catch {
    throw new ApiError(provider, 'unexpected', `${what} is not JSON; is the API base URL right?`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path.map(String).join('.') || '(root)';
    throw new ApiError(provider, 'unexpected', `${what} has an unexpected shape at ${path}: ${issue?.message ?? 'invalid'}.`);
  }
  return result.data;
}

function queryString(query: ApiCall<unknown>['query']): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
