import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { DUB_CREDENTIAL, redactSecrets } from '../../shared';
import { ZAPIER_OPERATION_BUDGET_MS } from '../common/retry-policy';
import { zapierTransport } from '../common/zapier-transport';
import { dubAuthorizeUrl, dubOAuthClient, dubTokenUrl } from './settings';

/** Webhooks to manage them; links and folders for Link Clicked's pickers; analytics for real sample events. */
export const DUB_SCOPES = 'webhooks.read webhooks.write links.read folders.read analytics.read user.read';

const tokenAnswer = zod.looseObject({
  access_token: zod.string().min(1),
  refresh_token: zod.string().min(1).optional(),
});

type Tokens = { access_token: string; refresh_token?: string };

export async function authorizeUrl(z: ZObject, bundle: Bundle): Promise<string> {
  const url = new URL(dubAuthorizeUrl());
  url.searchParams.set('client_id', dubOAuthClient().clientId);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('redirect_uri', text(bundle.inputData.redirect_uri));
  url.searchParams.set('state', text(bundle.inputData.state));
  url.searchParams.set('scope', DUB_SCOPES);
  return url.toString();
}

export async function getAccessToken(z: ZObject, bundle: Bundle): Promise<Tokens> {
  const answer = await requestTokens(z, {
    grant_type: 'authorization_code',
    code: text(bundle.inputData.code),
    redirect_uri: text(bundle.inputData.redirect_uri),
  });
  if (!answer.ok) throw new z.errors.Error(`Dub did not complete the connection (${answer.status}): ${answer.reason} Try connecting again.`, 'oauth_failed', answer.status);
  return answer.tokens;
}

/** Dub rotates refresh tokens; an answer without one keeps the current one. */
export async function refreshAccessToken(z: ZObject, bundle: Bundle): Promise<Tokens> {
  const current = bundle.authData.refresh_token ?? '';
  const answer = await requestTokens(z, { grant_type: 'refresh_token', refresh_token: current });
  if (answer.ok) return { access_token: answer.tokens.access_token, refresh_token: answer.tokens.refresh_token ?? current };
  const message = `Dub refused to renew the connection (${answer.status}): ${answer.reason}`;
  if (answer.clientRejected) {
    // Reconnecting cannot help: the app itself is not the OAuth app Dub knows.
    throw new z.errors.Error(
      `${message} Dub does not accept this Zapier app's OAuth client: whoever deployed the app must set the client id and secret of the Dub OAuth app (zapier-platform env:set CLIENT_ID=… CLIENT_SECRET=…).`,
      'oauth_client_rejected',
      answer.status,
    );
  }
  // A refused grant will never work again: Zapier marks the connection expired and asks the user to reconnect.
  if (answer.status === 400 || answer.status === 401) {
    throw new z.errors.ExpiredAuthError(`${message} Reconnect your Dub account in Zapier (My Apps → Dub → Reconnect); a workspace owner of Dub must approve it.`);
  }
  throw new z.errors.Error(`${message} Try again later.`, 'oauth_refresh_failed', answer.status);
}

type TokenOutcome = { ok: true; tokens: Tokens } | { ok: false; status: number; reason: string; clientRejected: boolean };

/** Dub's token endpoint takes a form with the client's credentials, like every OAuth 2 server. */
async function requestTokens(z: ZObject, grant: Record<string, string>): Promise<TokenOutcome> {
  const { clientId, clientSecret } = dubOAuthClient();
  const response = await zapierTransport(z).send({
    method: 'POST',
    url: dubTokenUrl(),
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body: new URLSearchParams({ ...grant, client_id: clientId, client_secret: clientSecret }).toString(),
    timeoutMs: ZAPIER_OPERATION_BUDGET_MS,
  });
  const parsed = parseJson(response.body);
  if (response.status >= 200 && response.status < 300) {
    const tokens = tokenAnswer.safeParse(parsed);
    if (tokens.success) {
      const { access_token, refresh_token } = tokens.data;
      return { ok: true, tokens: refresh_token === undefined ? { access_token } : { access_token, refresh_token } };
    }
    return { ok: false, status: response.status, reason: 'its answer had no access token.', clientRejected: false };
  }
  // RFC 6749's code for a client the server does not know or whose secret is wrong.
  const clientRejected = asRecord(parsed)?.error === 'invalid_client';
  // The answer may quote the request, which carried the client secret and the grant (a code or a refresh token).
  const masking = { values: [clientSecret, grant.code, grant.refresh_token], patterns: [DUB_CREDENTIAL] };
  return { ok: false, status: response.status, reason: redactSecrets(oauthReason(parsed, response.body), masking), clientRejected };
}

/** OAuth servers answer `{error, error_description}`; Dub's API errors are `{error: {code, message}}`. */
function oauthReason(parsed: unknown, body: string): string {
  const record = asRecord(parsed);
  const error = record?.error;
  const inner = asRecord(error);
  const said = [record?.error_description, inner?.message, inner?.code, error].find((value) => typeof value === 'string' && value.trim());
  const reason = typeof said === 'string' ? said : body.trim().slice(0, 200) || 'no reason given';
  return reason.endsWith('.') ? reason : `${reason}.`;
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
