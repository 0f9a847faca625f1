import type { z } from 'zod/v4';
import type { Provider } from '../normalized/parts';
import type { HttpMethod, Transport } from '../transport/transport';
import { ApiError } from './api-error';
import { failedCall, type FailedCall } from './failed-call';
import { defaultRetryPolicy, type RetryPolicy } from './retry-policy';
import { sendWithRetry } from './send-with-retry';

export interface ApiCall<T> {
  method: HttpMethod;
  path: string;
  query?: Record<string, string | number | undefined>;
  body?: unknown;
  /** Reads and deletes are; a create is when the client de-duplicates it. */
  retrySafe: boolean;
  /** The answer's shape; loose, so new fields never break a call. */
  schema: z.ZodType<T>;
}

export interface ApiCallerOptions {
  provider: Provider;
  transport: Transport;
  baseUrl: string;
  headers: Record<string, string>;
  policy?: Partial<RetryPolicy>;
  /** Turns a non-2xx answer into the message the user sees. */
  describeFailure(failure: FailedCall): ApiError;
}

export type ApiCaller = <T>(call: ApiCall<T>) => Promise<T>;

/** A JSON client for one service: URL building, retries, error mapping and answer validation in one place. */
export function createApiCaller(options: ApiCallerOptions): ApiCaller {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.policy };
  const serviceName = options.provider === 'dub' ? 'Dub' : 'Linkly';
  const base = options.baseUrl.replace(/\/+$/, '');

  return async function call<T>(apiCall: ApiCall<T>): Promise<T> {
    const url = `${base}${apiCall.path}${queryString(apiCall.query)}`;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (apiCall.body !== undefined) headers['content-type'] = 'application/json';
    let response;
    try {
      response = await sendWithRetry(
        options.transport,
        { method: apiCall.method, url, headers, ...(apiCall.body === undefined ? {} : { body: JSON.stringify(apiCall.body) }) },
        { retrySafe: apiCall.retrySafe, policy },
      );
    } catch (error) {
      if (error instanceof ApiError) throw error;
      const reason = error instanceof Error ? error.message : String(error);
      throw new ApiError(
        options.provider,
        'network',
        `Could not reach ${serviceName} at ${base} (${reason}). Check the API base URL and the network, then try again.`,
      );
    }
    if (response.status < 200 || response.status >= 300) {
      throw options.describeFailure(failedCall(apiCall.method, apiCall.path, response, policy.now()));
    }
    return readAnswer(response.body, apiCall.schema, `${serviceName}'s answer to ${apiCall.method} ${apiCall.path}`, options.provider);
  };
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
