import { URL_TOKEN_PARAM } from '../delivery/url-token';
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
    /** Redacted like the message: a service may quote what it was sent, a Linkly hook URL with its token. */
    readonly details: {
      status?: number;
      /** The service's own error code and message, when it sent them. */
      code?: string;
      serviceMessage?: string;
      /** For rate limits: how long to wait before trying again. */
      retryAfterMs?: number;
    } = {},
  ) {
    super(redactSecrets(message));
    if (details.serviceMessage !== undefined) this.details = { ...details, serviceMessage: redactSecrets(details.serviceMessage) };
  }

  get status(): number | undefined {
    return this.details.status;
  }

  get retryAfterMs(): number | undefined {
    return this.details.retryAfterMs;
  }
}

/**
 * A secret shown so that a person can tell which one it is, and nobody can use it: its non-secret prefix
 * (`whsec_`) and its last four characters. How every listing and message shows Dub signing secrets and Linkly URL
 * tokens (`--show-secrets` in the CLI prints them whole).
 */
export function maskSecret(secret: string): string {
  const prefix = secret.startsWith(SIGNING_SECRET_PREFIX) ? SIGNING_SECRET_PREFIX : '';
  return `${prefix}…${secret.length - prefix.length > 8 ? secret.slice(-4) : ''}`;
}

// The Standard Webhooks form of a signing secret, which Dub's are: named neutrally, as every package bundles this file.
const SIGNING_SECRET_PREFIX = 'whsec_';
const SIGNING_SECRET = /whsec_[A-Za-z0-9]+/g;
/** The Linkly URL token in a URL, also where the URL is itself percent-encoded (a DELETE path) or encoded twice. */
const URL_TOKEN = new RegExp(`(${URL_TOKEN_PARAM}(?:=|%3D|%253D))([A-Za-z0-9_-]+)`, 'gi');

/** Every Dub signing secret and Linkly URL token in a text, masked: for any message, log line or thrown text. */
export function redactSecrets(text: string): string {
  return text.replace(SIGNING_SECRET, (secret) => maskSecret(secret)).replace(URL_TOKEN, (_all, name: string, token: string) => `${name}${maskSecret(token)}`);
}
