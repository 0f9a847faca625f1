import type { ZObject } from 'zapier-platform-core';
import { ApiError, DUB_WEBHOOK_PERMISSION, DubEventsKeptForReplay, type Provider } from '../../shared';
import type { Operation } from './operation';

/** How the app authenticates: OAuth tokens can be refreshed, API keys cannot. */
export type CredentialKind = 'oauth' | 'api_key';

/** Zapier's default wait when a service gives none. */
const DEFAULT_THROTTLE_SECONDS = 60;

/**
 * What works on Zapier, per service and kind of connection: the core's messages say what happened and what the service
 * said; these say what a Zapier user can do about it. Dub's apps: one connects with a Restricted API key, the other
 * over OAuth (README, "Which Dub app to deploy").
 */
interface ZapierAdvice {
  /** A credential that may not manage webhooks (Dub's 403 naming webhooks.read or webhooks.write). */
  webhookPermission: string;
  /** A credential that lacks another permission, which the core names: a picker's links.read, samples' analytics.read. */
  otherPermission: string;
  /** The service no longer accepts the credential (401). */
  unauthorized: string;
}

const DUB_KEY_STEPS =
  'In Dub: Settings → API Keys → Create → Restricted, set Webhooks to Write (and, for Link Clicked\'s pickers and ' +
  'real samples, Links, Folders and Analytics to Read); only a workspace owner can make such a key. The "All access" ' +
  'and "Read only" keys cannot manage webhooks.';

const DUB_OAUTH_OWNER =
  'Over OAuth, Dub gives webhooks.write to workspace owners only, and checks the role on every request.';

const ADVICE: Record<Provider, Partial<Record<CredentialKind, Partial<ZapierAdvice>>>> = {
  dub: {
    api_key: {
      webhookPermission: `On Zapier, connect this app with a Restricted API key that has Webhooks: Write. ${DUB_KEY_STEPS} Then reconnect (Zapier: My Apps → Dub → Reconnect).`,
      otherPermission: 'On Zapier, give the Restricted key that permission too (Dub: Settings → API Keys → edit the key), then try again.',
      unauthorized: `On Zapier, reconnect with a Restricted API key that has Webhooks: Write (Zapier: My Apps → Dub → Reconnect). ${DUB_KEY_STEPS}`,
    },
    oauth: {
      webhookPermission:
        `${DUB_OAUTH_OWNER} The person who connected this Dub account is not, or is no longer, an owner of the workspace: ` +
        'ask an owner to reconnect it in Zapier (My Apps → Dub → Reconnect), or use the Dub app that connects with a ' +
        'Restricted API key that has Webhooks: Write.',
      otherPermission: 'On Zapier, reconnect the Dub account (My Apps → Dub → Reconnect) so Dub grants the permission again; a workspace owner must approve it.',
      unauthorized: `On Zapier, reconnect the Dub account (My Apps → Dub → Reconnect). ${DUB_OAUTH_OWNER}`,
    },
  },
  linkly: {
    api_key: {
      unauthorized: "On Zapier, reconnect with the API key and workspace id from Linkly's API settings page (Zapier: My Apps → Linkly → Reconnect).",
    },
  },
};

/** The core's ApiError as the Zapier error that makes the platform do the right thing; anything else unchanged. */
export function toZapierError(z: ZObject, error: unknown, credential: CredentialKind): unknown {
  // Not a failure of Dub's: the turn-on stops on purpose, with what the user does next.
  if (error instanceof DubEventsKeptForReplay) return new z.errors.Error(error.message, 'undelivered_events_kept');
  if (!(error instanceof ApiError)) return error;
  const message = withZapierAdvice(error, credential);
  switch (error.kind) {
    case 'rate_limited':
      return new z.errors.ThrottledError(message, throttleSeconds(error.retryAfterMs));
    case 'unauthorized':
      // An OAuth token can be refreshed: Zapier calls refreshAccessToken and retries. A key cannot: Zapier marks the
      // connection expired and asks the user to reconnect it.
      return credential === 'oauth' ? new z.errors.RefreshAuthError(message) : new z.errors.ExpiredAuthError(message);
    default:
      return new z.errors.Error(message, error.kind, error.status);
  }
}

/** The core's message (the service's own reason kept), followed by what works on Zapier. */
export function withZapierAdvice(error: ApiError, credential: CredentialKind): string {
  const topic = adviceTopic(error);
  const advice = topic === undefined ? undefined : ADVICE[error.provider][credential]?.[topic];
  return advice ? `${error.message} ${advice}` : error.message;
}

function adviceTopic(error: ApiError): keyof ZapierAdvice | undefined {
  if (error.kind === 'unauthorized') return 'unauthorized';
  if (error.kind !== 'missing_scope') return undefined;
  const permission = error.details.permission;
  return permission === undefined || permission === DUB_WEBHOOK_PERMISSION ? 'webhookPermission' : 'otherPermission';
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
