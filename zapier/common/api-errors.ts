import type { ZObject } from 'zapier-platform-core';
import { ApiError } from '../../shared';
import type { Operation } from './operation';

/** How the app authenticates: OAuth tokens can be refreshed, API keys cannot. */
export type CredentialKind = 'oauth' | 'api_key';

/** Zapier's default wait when a service gives none. */
const DEFAULT_THROTTLE_SECONDS = 60;

/** The core's ApiError as the Zapier error that makes the platform do the right thing; anything else unchanged. */
export function toZapierError(z: ZObject, error: unknown, credential: CredentialKind): unknown {
  if (!(error instanceof ApiError)) return error;
  switch (error.kind) {
    case 'rate_limited':
      return new z.errors.ThrottledError(error.message, throttleSeconds(error.retryAfterMs));
    case 'unauthorized':
      return credential === 'oauth'
        ? new z.errors.RefreshAuthError(error.message)
        : new z.errors.Error(error.message, error.kind, error.status);
    default:
      return new z.errors.Error(error.message, error.kind, error.status);
  }
}

function throttleSeconds(retryAfterMs: number | undefined): number {
  return retryAfterMs === undefined ? DEFAULT_THROTTLE_SECONDS : Math.max(1, Math.ceil(retryAfterMs / 1000));
}

/** Wraps an operation so that every core ApiError it throws reaches Zapier as a Zapier error. */
export function withZapierErrors<R>(credential: CredentialKind, operation: Operation<R>): Operation<R> {
  return async (z, bundle) => {
    try {
      return await operation(z, bundle);
    } catch (error) {
      throw toZapierError(z, error, credential);
    }
  };
}
