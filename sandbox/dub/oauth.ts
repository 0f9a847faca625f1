/** Dub's OAuth 2 endpoints. The authorize step approves at once (no login page) so a host like
 *  n8n can run its whole OAuth dance against the sandbox. */
import { createHash } from 'node:crypto';
import {
  DUB_OAUTH_SCOPES,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  issuedDubAccount,
  scopesForRole,
  type DubAccount,
} from '../accounts';
import { dubError } from './errors';
import type { DubWorkspaceSettings } from '../types';
import { json, text, type ApiRequest, type ApiResponse } from '../http';
import { randomId } from '../ids';

const ACCESS_TTL_S = 2 * 60 * 60;
const REFRESH_TTL_MS = 120 * 24 * 60 * 60 * 1000;
const CODE_TTL_MS = 2 * 60 * 1000;

interface Grant {
  scopes: string[];
  expiresAt: number;
}

interface PendingCode extends Grant {
  redirectUri: string;
  challenge?: string;
}

function oauthError(status: number, error: string, description: string): ApiResponse {
  return json(status, { error, error_description: description }, { 'cache-control': 'no-store' });
}

function parseScopes(raw: string | null): string[] {
  const requested = (raw ?? '').split(/[\s,]+/).filter((scope) => scope.length > 0);
  return requested.length > 0 ? requested : [...DUB_OAUTH_SCOPES];
}

function clientCredentials(req: ApiRequest, form: URLSearchParams): { id: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(req.headers['authorization'] ?? '');
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) {
      return { id: decodeURIComponent(decoded.slice(0, colon)), secret: decodeURIComponent(decoded.slice(colon + 1)) };
    }
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' };
}

export class DubOAuth {
  /** The consenting user's role in the workspace decides which scopes it may grant. */
  constructor(private readonly workspace: DubWorkspaceSettings) {}

  private accessTokens = new Map<string, Grant>();
  private refreshTokens = new Map<string, Grant>();
  private codes = new Map<string, PendingCode>();

  /** The account an issued access token stands for; 'expired' after its 2 hours. */
  accountFor(token: string, now = Date.now()): DubAccount | 'expired' | undefined {
    const grant = this.accessTokens.get(token);
    if (!grant) return undefined;
    return grant.expiresAt <= now ? 'expired' : issuedDubAccount(grant.scopes);
  }

  /** GET /oauth/authorize (app.dub.co in real life): redirects straight back with a code. */
  authorize(req: ApiRequest): ApiResponse {
    const q = req.query;
    if (q.get('client_id') !== DUB_OAUTH_CLIENT_ID) return text(400, `Unknown client_id. The sandbox client is ${DUB_OAUTH_CLIENT_ID}.`);
    if (q.get('response_type') !== 'code') return text(400, 'response_type must be "code".');
    const redirectUri = q.get('redirect_uri') ?? '';
    let target: URL;
    try {
      target = new URL(redirectUri);
    } catch {
      return text(400, 'redirect_uri must be an absolute URL.');
    }
    const challenge = q.get('code_challenge') ?? undefined;
    const method = q.get('code_challenge_method');
    if (challenge !== undefined && method !== null && method !== 'S256') {
      return text(400, 'code_challenge_method must be S256.');
    }
    const scopes = parseScopes(q.get('scope'));
    // app/api/oauth/authorize/route.ts: a scope the user's role does not hold (webhooks.write: owners only) refuses
    // the whole consent.
    const allowed = new Set(scopesForRole(scopes, this.workspace.userRole));
    if (scopes.some((scope) => !allowed.has(scope) && scope !== 'user.read')) {
      return dubError('bad_request', "You don't have the permission to install this integration.");
    }
    const code = `dub_oauth_code_${randomId(24)}`;
    this.codes.set(code, { redirectUri, scopes, challenge, expiresAt: Date.now() + CODE_TTL_MS });
    target.searchParams.set('code', code);
    const state = q.get('state');
    if (state !== null) target.searchParams.set('state', state);
    return { status: 302, headers: { location: target.toString() }, body: '' };
  }

  /** POST /oauth/token, form-encoded, grant_type authorization_code or refresh_token. */
  token(req: ApiRequest): ApiResponse {
    if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      return oauthError(400, 'invalid_request', 'The token request must be application/x-www-form-urlencoded.');
    }
    const form = new URLSearchParams(req.body);
    const client = clientCredentials(req, form);
    if (client.id !== DUB_OAUTH_CLIENT_ID || client.secret !== DUB_OAUTH_CLIENT_SECRET) {
      return oauthError(401, 'invalid_client', 'Unknown client_id or wrong client_secret.');
    }
    const grantType = form.get('grant_type');
    if (grantType === 'authorization_code') return this.exchangeCode(form);
    if (grantType === 'refresh_token') return this.refresh(form);
    return oauthError(400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token.');
  }

  private exchangeCode(form: URLSearchParams): ApiResponse {
    const code = form.get('code') ?? '';
    if (code === DUB_OAUTH_TEST_CODE) return this.issue([...DUB_OAUTH_SCOPES]);
    const pending = this.codes.get(code);
    this.codes.delete(code); // codes are single-use, even when the exchange fails
    if (!pending || pending.expiresAt <= Date.now()) return oauthError(400, 'invalid_grant', 'Unknown, used or expired code.');
    if (form.get('redirect_uri') !== pending.redirectUri) {
      return oauthError(400, 'invalid_grant', 'redirect_uri does not match the one used to authorize.');
    }
    if (pending.challenge !== undefined) {
      const verifier = form.get('code_verifier') ?? '';
      const computed = createHash('sha256').update(verifier).digest('base64url');
      if (computed !== pending.challenge) return oauthError(400, 'invalid_grant', 'code_verifier does not match code_challenge.');
    }
    return this.issue(pending.scopes);
  }

  private refresh(form: URLSearchParams): ApiResponse {
    const token = form.get('refresh_token') ?? '';
    const grant = this.refreshTokens.get(token);
    this.refreshTokens.delete(token); // rotated on every use
    if (!grant || grant.expiresAt <= Date.now()) return oauthError(400, 'invalid_grant', 'Unknown, used or expired refresh_token.');
    return this.issue(grant.scopes);
  }

  private issue(scopes: string[]): ApiResponse {
    const accessToken = `dub_access_token_${randomId(32)}`;
    const refreshToken = `dub_refresh_token_${randomId(32)}`;
    this.accessTokens.set(accessToken, { scopes, expiresAt: Date.now() + ACCESS_TTL_S * 1000 });
    this.refreshTokens.set(refreshToken, { scopes, expiresAt: Date.now() + REFRESH_TTL_MS });
    return json(
      200,
      { access_token: accessToken, refresh_token: refreshToken, token_type: 'Bearer', expires_in: ACCESS_TTL_S, scope: scopes.join(' ') },
      { 'cache-control': 'no-store' },
    );
  }
}

/** GET /oauth/userinfo body. */
export function userInfo(account: DubAccount): ApiResponse {
  const { user, workspace } = account;
  return json(200, {
    id: user.id,
    name: user.name,
    email: user.email,
    image: user.image,
    workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name },
  });
}
