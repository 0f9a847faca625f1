import type { Provider } from '../normalized/parts';

/** What went wrong with a call to a service, in terms of what the user can do about it. */
export type ApiErrorKind =
  | 'unauthorized' // wrong, expired or revoked credentials
  | 'plan_too_low' // the workspace's plan lacks webhooks
  | 'missing_scope' // the credential may not manage webhooks
  | 'forbidden' // any other 403
  | 'not_found'
  | 'conflict'
  | 'invalid_request' // 400 / 422, or a request the connector refuses to send
  | 'rate_limited'
  | 'server' // 5xx
  | 'network' // no answer at all
  | 'timeout' // no answer in the time the host allows
  | 'unexpected'; // an answer the connector cannot read

export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly provider: Provider,
    readonly kind: ApiErrorKind,
    message: string,
    readonly details: {
      status?: number;
      /** The service's own error code and message, when it sent them. */
      code?: string;
      serviceMessage?: string;
      /** For `missing_scope`: the permission the credential lacks (Dub's name for it, e.g. `webhooks.write`). */
      permission?: string;
      /** For rate limits: how long to wait before trying again. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(message);
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}
