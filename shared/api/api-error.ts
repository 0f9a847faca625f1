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
      /** For `missing_scope`: the permission the credential lacks (Dub's name for it, e.g. `webhooks.write`). */
      permission?: string;
      /** For rate limits: how long to wait before trying again. */
      retryAfterMs?: number;
    } = {},
    masking: SecretMasking = {},
  ) {
    super(redactSecrets(message, masking));
    if (details.serviceMessage !== undefined) this.details = { ...details, serviceMessage: redactSecrets(details.serviceMessage, masking) };
  }

  /** The same error with the secrets only its maker knows (the credential it sent, its service's key forms) masked too. */
  maskedFurther(masking: SecretMasking): ApiError {
    return new ApiError(this.provider, this.kind, this.message, this.details, masking);
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

/**
 * What a maker of messages knows beyond the forms every package masks: the very credentials it sent (a Linkly API key
 * has no form of its own), and its service's key forms (given by the service's module, so that a package bundles no
 * other service's).
 */
export interface SecretMasking {
  values?: ReadonlyArray<string | undefined>;
  patterns?: readonly RegExp[];
}

// The Standard Webhooks form of a signing secret, which Dub's are: named neutrally, as every package bundles this file.
const SIGNING_SECRET_PREFIX = 'whsec_';
const SIGNING_SECRET = /whsec_[A-Za-z0-9]+/g;
/** The Linkly URL token in a URL, also where the URL is itself percent-encoded (a DELETE path) or encoded twice. */
const URL_TOKEN = new RegExp(`(${URL_TOKEN_PARAM}(?:=|%3D|%253D))([A-Za-z0-9_-]+)`, 'gi');
/** A credential after its HTTP scheme, as an echoed `Authorization` header shows it; cased as sent, so prose stays. */
const AUTHORIZATION = /\b(Bearer|bearer|Basic)(\s+)([\w.~+/=-]{8,})/g;
/**
 * A credential after its field's name, in JSON, a form, a query or a header: OAuth's access and refresh tokens and
 * client secret, API keys (`x-api-key`, `api_key`, `apiKey`), passwords.
 */
const CREDENTIAL_FIELD = /((?:access|refresh)_token|client_secret|api[_-]?key|password)((?:\\?["']?\s*[:=]\s*\\?["']?)|%3D|%22%3A%22)([^\s"'\\&,;}%\u2026]{4,})/gi;
/** Shorter values are not masked by value: they could be words, and a secret that short protects nothing anyway. */
const MIN_MASKED_VALUE = 8;

/**
 * Every secret in a text, masked: Dub signing secrets, Linkly URL tokens, credentials after an `Authorization` scheme
 * or a credential field's name, and what `masking` adds (known values, a service's key forms). For any message, log
 * line or thrown text.
 */
export function redactSecrets(text: string, masking: SecretMasking = {}): string {
  let masked = text;
  const values = (masking.values ?? []).filter((value): value is string => typeof value === 'string' && value.length >= MIN_MASKED_VALUE);
  // Longest first, so that a value containing another is masked whole.
  for (const value of [...values].sort((a, b) => b.length - a.length)) masked = masked.split(value).join(maskSecret(value));
  for (const pattern of masking.patterns ?? []) masked = masked.replace(new RegExp(pattern.source, 'g'), (secret) => maskSecret(secret));
  return masked
    .replace(SIGNING_SECRET, (secret) => maskSecret(secret))
    .replace(URL_TOKEN, (_all, name: string, token: string) => `${name}${maskSecret(token)}`)
    .replace(AUTHORIZATION, (_all, scheme: string, space: string, credential: string) => `${scheme}${space}${maskSecret(credential)}`)
    .replace(CREDENTIAL_FIELD, (_all, name: string, separator: string, credential: string) => `${name}${separator}${maskSecret(credential)}`);
}
