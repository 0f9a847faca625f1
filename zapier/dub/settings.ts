import { DUB_API_BASE_URL } from '../../shared';
import type { CredentialKind } from '../common/api-errors';

/**
 * Which way this build of the Dub app connects: a Restricted API key, or OAuth. Zapier takes one authentication
 * scheme per app, so the build makes two apps from this folder and fixes this value in each (scripts/build/zapier.mjs,
 * through esbuild's define); run from source, as the tests do, it is read from the environment, OAuth by default.
 */
export const DUB_CREDENTIAL: CredentialKind = process.env.LINKHOOKS_DUB_ZAPIER_AUTH === 'api_key' ? 'api_key' : 'oauth';

/*
 * Where the app talks to Dub, read from the app's environment at call time (`zapier-platform env:set`), so tests and
 * the sandbox can point it elsewhere. The defaults are the real service.
 */

export const DUB_AUTHORIZE_URL = 'https://app.dub.co/oauth/authorize';

export function dubApiBaseUrl(): string {
  return setting('DUB_API_BASE_URL') ?? DUB_API_BASE_URL;
}

export function dubAuthorizeUrl(): string {
  return setting('DUB_OAUTH_AUTHORIZE_URL') ?? DUB_AUTHORIZE_URL;
}

/** Dub serves the token endpoint from its API host, so it follows an overridden API base URL. */
export function dubTokenUrl(): string {
  return setting('DUB_OAUTH_TOKEN_URL') ?? `${dubApiBaseUrl().replace(/\/+$/, '')}/oauth/token`;
}

/** The OAuth app's credentials, which Zapier apps keep in the environment. */
export function dubOAuthClient(): { clientId: string; clientSecret: string } {
  const clientId = setting('CLIENT_ID');
  const clientSecret = setting('CLIENT_SECRET');
  if (!clientId || !clientSecret) {
    throw new Error('The Dub app is missing its OAuth client: set CLIENT_ID and CLIENT_SECRET with `zapier-platform env:set`.');
  }
  return { clientId, clientSecret };
}

function setting(name: string): string | undefined {
  const value = process.env[name]?.trim();
  return value ? value : undefined;
}
