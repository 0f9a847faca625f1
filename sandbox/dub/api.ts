/** The Dub API stand-in (https://api.dub.co): authentication, plan and scope checks, rate-limit
 *  headers, and routing to the endpoint handlers. */
import { DUB_RATE_LIMITS, fixedDubAccount, type DubAccount, type DubPlan } from '../accounts';
import { listCommissions, listEvents, listFolders, listLinks, listPartners, listPayouts } from './data';
import { dubError } from './errors';
import type { DubHookStore } from './hook-store';
import { userInfo, type DubOAuth } from './oauth';
import { DubRateLimiter, rateHeaders } from './rate-limit';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook } from './webhooks';
import { bearerToken, withHeaders, type ApiRequest, type ApiResponse } from '../http';
import type { ErrorFault } from '../faults';

const ANONYMOUS_LIMIT = 60;
const PLAN_RANK: Record<DubPlan, number> = { free: 0, pro: 1, business: 2, advanced: 3 };

export class DubApi {
  constructor(
    private readonly hooks: DubHookStore,
    private readonly oauth: DubOAuth,
    private readonly limiter: DubRateLimiter,
  ) {}

  handle(req: ApiRequest): ApiResponse {
    const account = this.accountOf(req);
    const rate = account
      ? this.limiter.hit(account.workspace.id, DUB_RATE_LIMITS[account.workspace.plan], true)
      : this.limiter.hit('anonymous', ANONYMOUS_LIMIT, false);
    if (!rate.allowed) return withHeaders(dubError('rate_limit_exceeded', 'Too many requests: rate limit exceeded.'), rate.headers);
    return withHeaders(this.route(req, account), rate.headers);
  }

  /** The answer for an injected rate_limit or server_error fault, with Dub's headers. */
  faultResponse(fault: ErrorFault, req: ApiRequest): ApiResponse {
    const account = this.accountOf(req);
    const limit = account ? DUB_RATE_LIMITS[account.workspace.plan] : ANONYMOUS_LIMIT;
    if (fault.kind === 'rate_limit') {
      // Real Dub keeps the two headers consistent: Retry-After is the wait until the reset.
      const retryAfter = fault.retryAfterSeconds ?? Math.max(1, Math.ceil((fault.resetInMs ?? 1000) / 1000));
      const reset = Date.now() + (fault.resetInMs ?? retryAfter * 1000);
      return withHeaders(dubError('rate_limit_exceeded', 'Too many requests: rate limit exceeded.'), {
        ...rateHeaders(limit, 0, reset),
        'retry-after': String(retryAfter),
      });
    }
    const rate = this.limiter.hit(account?.workspace.id ?? 'anonymous', limit, false);
    return withHeaders(
      dubError('internal_server_error', 'An internal server error occurred (injected by the sandbox).', fault.status ?? 500),
      rate.headers,
    );
  }

  private accountOf(req: ApiRequest): DubAccount | undefined {
    const token = bearerToken(req.headers);
    if (token === undefined) return undefined;
    return fixedDubAccount(token) ?? this.oauth.accountFor(token);
  }

  private route(req: ApiRequest, account: DubAccount | undefined): ApiResponse {
    const [resource, id, ...rest] = req.segments;
    const method = req.method;

    // OAuth endpoints authenticate the client, not a bearer token.
    if (resource === 'oauth' && id === 'token' && rest.length === 0) return method === 'POST' ? this.oauth.token(req) : notAllowed(req);
    if (resource === 'oauth' && id === 'authorize' && rest.length === 0) return method === 'GET' ? this.oauth.authorize(req) : notAllowed(req);

    if (!account) {
      return dubError(
        'unauthorized',
        req.headers['authorization'] ? 'Unauthorized: invalid API key or access token.' : 'Unauthorized: missing Authorization header (Bearer token).',
      );
    }

    if (resource === 'oauth' && id === 'userinfo' && rest.length === 0) {
      if (method !== 'GET') return notAllowed(req);
      return account.kind === 'oauth' ? userInfo(account) : dubError('unauthorized', 'Unauthorized: /oauth/userinfo needs an OAuth access token, not an API key.');
    }

    if (resource === 'webhooks' && rest.length === 0) {
      const denied = webhookAccess(account, method);
      if (denied) return denied;
      if (id === undefined) {
        if (method === 'GET') return listWebhooks(this.hooks);
        if (method === 'POST') return createWebhook(this.hooks, req);
        return notAllowed(req);
      }
      if (method === 'GET') return getWebhook(this.hooks, id);
      if (method === 'PATCH') return updateWebhook(this.hooks, id, req);
      if (method === 'DELETE') return deleteWebhook(this.hooks, id);
      return notAllowed(req);
    }

    const lists: Record<string, (r: ApiRequest) => ApiResponse> = {
      links: listLinks,
      folders: listFolders,
      events: listEvents,
      partners: listPartners,
      commissions: listCommissions,
      payouts: listPayouts,
    };
    const list = resource !== undefined && id === undefined ? lists[resource] : undefined;
    if (list) return method === 'GET' ? list(req) : notAllowed(req);

    return dubError('not_found', `The sandbox has no Dub endpoint ${method} ${req.path}.`);
  }
}

/** Webhook endpoints need a Business plan and the webhooks.read / webhooks.write scope (write implies read). */
function webhookAccess(account: DubAccount, method: string): ApiResponse | undefined {
  const { workspace } = account;
  if (PLAN_RANK[workspace.plan] < PLAN_RANK.business) {
    return dubError(
      'forbidden',
      `Need higher plan: webhooks need a Business plan or higher, and workspace "${workspace.slug}" is on the ${workspace.plan} plan.`,
    );
  }
  const needed = method === 'GET' ? 'webhooks.read' : 'webhooks.write';
  const granted = account.scopes.includes(needed) || (needed === 'webhooks.read' && account.scopes.includes('webhooks.write'));
  if (!granted) {
    const holder = account.kind === 'api_key' ? 'API key' : 'access token';
    return dubError(
      'forbidden',
      `The provided ${holder} does not have the required permission for this endpoint: it needs the "${needed}" scope. ` +
        'Dashboard API keys cannot carry webhook scopes: connect with OAuth, or add the webhook in the Dub dashboard and paste its secret.',
    );
  }
  return undefined;
}

function notAllowed(req: ApiRequest): ApiResponse {
  return dubError('bad_request', `Method ${req.method} is not allowed on ${req.path}.`, 405);
}
