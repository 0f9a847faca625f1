/**
 * The Dub API stand-in (https://api.dub.co), in the order Dub's withWorkspace runs its checks: the Authorization
 * header, the key, the rate limit (from here on every error answer carries the rate-limit headers, and so do the
 * successes of routes that pass them on), the permission (the credential's scopes cut to its user's current role),
 * the plan, then the endpoint.
 */
import {
  DUB_ANALYTICS_RATE_LIMITS,
  DUB_RATE_LIMITS,
  DUB_WORKSPACE_BUSINESS,
  fixedDubAccount,
  permissionsOf,
  scopesForRole,
  type DubAccount,
  type DubPlan,
} from '../accounts';
import type { ErrorFault } from '../faults';
import { withHeaderOverrides, withHeaders, type ApiRequest, type ApiResponse } from '../http';
import { listBounties, listCommissions, listDiscountCodes, listEvents, listFolders, listLinks, listPartnerApplications, listPartners, listPayouts } from './data';
import { DUB_FOLDERS, generatedFolders } from './fixtures';
import { dubError, dubInternalError, dubNotFound } from './errors';
import type { DubHookStore } from './hook-store';
import { userInfo, type DubOAuth } from './oauth';
import { DubRateLimiter, rateHeaders } from './rate-limit';
import { createWebhook, deleteWebhook, getWebhook, listWebhooks, updateWebhook, type CreateOverlap } from './webhooks';
import { listWebhookEvents, type DubDeliveryLog } from './delivery-log';
import type { DubUserRole, DubWorkspaceSettings } from '../types';

const WEBHOOK_PLANS: readonly DubPlan[] = ['business', 'advanced'];

interface Endpoint {
  /** The permission the key must hold (Dub's requiredPermissions). */
  permission?: string;
  /** The plans allowed (Dub's requiredPlan); any plan when absent. */
  plans?: readonly DubPlan[];
  /**
   * False for the webhook routes: they answer `NextResponse.json(…)` without the rate-limit headers withWorkspace
   * offers (app/api/webhooks/route.ts, [webhookId]/route.ts), so only their errors carry them.
   */
  rateHeadersOnSuccess?: boolean;
  handle(req: ApiRequest, id: string | undefined): ApiResponse | Promise<ApiResponse>;
}

type Route = { endpoint: Endpoint; id: string | undefined } | { notAllowed: true } | undefined;

export class DubApi {
  private readonly endpoints: Record<string, Partial<Record<string, Endpoint>>>;

  constructor(
    hooks: DubHookStore,
    private readonly oauth: DubOAuth,
    private readonly limiter: DubRateLimiter,
    private readonly workspace: DubWorkspaceSettings,
    overlap: CreateOverlap,
    /** Folders the Business workspace has beyond the two fixed ones (SandboxOptions.dubExtraFolders). */
    extraFolders = 0,
    log?: DubDeliveryLog,
  ) {
    const webhooks = (permission: string, handle: Endpoint['handle']): Endpoint => ({ permission, plans: WEBHOOK_PLANS, rateHeadersOnSuccess: false, handle });
    this.endpoints = {
      '/webhooks': {
        GET: webhooks('webhooks.read', () => listWebhooks(hooks)),
        POST: webhooks('webhooks.write', (req) => createWebhook(hooks, workspace, overlap, req)),
      },
      '/webhooks/{id}': {
        GET: webhooks('webhooks.read', (_req, id) => getWebhook(hooks, id ?? '')),
        PATCH: webhooks('webhooks.write', (req, id) => updateWebhook(hooks, workspace, id ?? '', req)),
        DELETE: webhooks('webhooks.write', (_req, id) => deleteWebhook(hooks, id ?? '')),
      },
      // Undocumented, but in Dub's API (app/api/webhooks/[webhookId]/events/route.ts): the hook's delivery log.
      '/webhooks/{id}/events': {
        GET: webhooks('webhooks.read', (_req, id) => (log ? listWebhookEvents(hooks, log, id ?? '') : dubNotFound())),
      },
      '/links': { GET: { permission: 'links.read', handle: listLinks } },
      '/folders': { GET: { permission: 'folders.read', handle: listFolders([...DUB_FOLDERS, ...generatedFolders(extraFolders)]) } },
      '/events': { GET: { permission: 'analytics.read', plans: WEBHOOK_PLANS, handle: listEvents } },
      '/partners': { GET: { plans: WEBHOOK_PLANS, handle: listPartners } },
      '/commissions': { GET: { handle: listCommissions } },
      '/payouts': { GET: { handle: listPayouts } },
      '/partners/applications': { GET: { plans: WEBHOOK_PLANS, handle: listPartnerApplications } },
      '/bounties': { GET: { plans: WEBHOOK_PLANS, handle: listBounties } },
      '/discount-codes': { GET: { plans: WEBHOOK_PLANS, handle: listDiscountCodes } },
    };
  }

  async handle(req: ApiRequest): Promise<ApiResponse> {
    const [resource, sub, ...rest] = req.segments;
    // OAuth endpoints authenticate the client or the token themselves and are not rate limited per key.
    if (resource === 'oauth' && rest.length === 0) {
      if (sub === 'token') return req.method === 'POST' ? this.oauth.token(req) : methodNotAllowed();
      if (sub === 'authorize') return req.method === 'GET' ? this.oauth.authorize(req) : methodNotAllowed();
      if (sub === 'userinfo') return req.method === 'GET' ? this.userInfo(req) : methodNotAllowed();
    }

    const route = this.route(req);
    if (!route) return dubError('not_found', `The sandbox has no Dub endpoint ${req.method} ${req.path}.`);
    if ('notAllowed' in route) return methodNotAllowed();

    const auth = this.authenticate(req);
    if (!auth.ok) return auth.response;
    const { account, token } = auth;

    const rate = this.rateLimit(token, account, req);
    if (!rate.allowed) return withHeaders(dubError('rate_limit_exceeded', 'Too many requests.'), rate.headers);
    const response = this.authorize(account, route.endpoint) ?? (await route.endpoint.handle(req, route.id));
    const quiet = response.status < 300 && route.endpoint.rateHeadersOnSuccess === false;
    return quiet ? response : withHeaders(response, rate.headers);
  }

  /** The answer for an injected rate_limit or server_error fault: Dub's body and headers, then any overrides. */
  faultResponse(fault: ErrorFault, req: ApiRequest): ApiResponse {
    const auth = this.authenticate(req);
    const plan = auth.ok ? auth.account.workspace.plan : 'free';
    if (fault.kind === 'rate_limit') {
      const reset = Date.now() + (fault.resetInMs ?? 1000);
      const limited = withHeaders(dubError('rate_limit_exceeded', 'Too many requests.'), rateHeaders(DUB_RATE_LIMITS[plan], 0, reset));
      return withHeaderOverrides(limited, fault.headers);
    }
    const failed = auth.ok ? withHeaders(dubInternalError(fault.status), this.rateLimit(auth.token, auth.account, req).headers) : dubInternalError(fault.status);
    return withHeaderOverrides(failed, fault.headers);
  }

  private route(req: ApiRequest): Route {
    const [resource, id, ...rest] = req.segments;
    if (resource === undefined) return undefined;
    // A sub-resource of one record (/webhooks/{id}/events).
    if (id !== undefined && rest.length === 1) {
      const endpoint = this.endpoints[`/${resource}/{id}/${rest[0] ?? ''}`]?.[req.method];
      if (!this.endpoints[`/${resource}/{id}/${rest[0] ?? ''}`]) return undefined;
      return endpoint ? { endpoint, id } : { notAllowed: true };
    }
    if (rest.length > 0) return undefined;
    // A fixed sub-path (/partners/applications) before an id (/webhooks/{id}).
    const fixed = id === undefined ? undefined : this.endpoints[`/${resource}/${id}`];
    const methods = fixed ?? this.endpoints[id === undefined ? `/${resource}` : `/${resource}/{id}`];
    if (!methods) return undefined;
    const endpoint = methods[req.method];
    const routedId = fixed ? undefined : id;
    return endpoint ? { endpoint, id: routedId } : { notAllowed: true };
  }

  private authenticate(req: ApiRequest): { ok: true; account: DubAccount; token: string } | { ok: false; response: ApiResponse } {
    const header = req.headers['authorization'];
    if (header === undefined) return { ok: false, response: dubError('unauthorized', 'Missing Authorization header.') };
    if (!header.startsWith('Bearer ')) {
      return {
        ok: false,
        response: dubError('bad_request', "Misconfigured authorization header. Did you forget to add 'Bearer '? Learn more: https://d.to/auth"),
      };
    }
    const token = header.slice('Bearer '.length);
    const account = fixedDubAccount(token) ?? this.oauth.accountFor(token);
    if (account === 'expired') return { ok: false, response: dubError('unauthorized', 'Unauthorized: Access token expired.') };
    if (!account) return { ok: false, response: dubError('unauthorized', 'Unauthorized: Invalid API key.') };
    return { ok: true, account, token };
  }

  /** Per key. Analytics paths (/analytics, /events) have their own per-second limit. */
  private rateLimit(token: string, account: DubAccount, req: ApiRequest) {
    const plan = account.workspace.plan;
    const analytics = req.path.includes('/analytics') || req.path.includes('/events');
    return analytics
      ? this.limiter.hit(`${token}:analytics`, DUB_ANALYTICS_RATE_LIMITS[plan], 1_000)
      : this.limiter.hit(token, DUB_RATE_LIMITS[plan], 60_000);
  }

  /** The permission first, then the plan, with Dub's texts. */
  private authorize(account: DubAccount, endpoint: Endpoint): ApiResponse | undefined {
    const { workspace } = account;
    // Every request intersects the credential's scopes with its user's role now: a demoted owner loses webhooks.write.
    const scopes = scopesForRole(account.scopes, this.roleOf(account));
    if (endpoint.permission && !permissionsOf(scopes).has(endpoint.permission)) {
      return dubError(
        'forbidden',
        `The provided key does not have the required permissions for this endpoint on the workspace '${workspace.id}'. ` +
          `Having the '${endpoint.permission}' permission would allow this request to continue.`,
      );
    }
    if (endpoint.plans && !endpoint.plans.includes(workspace.plan)) return dubError('forbidden', 'Unauthorized: Need higher plan.');
    return undefined;
  }

  private roleOf(account: DubAccount): DubUserRole {
    return account.workspace.id === DUB_WORKSPACE_BUSINESS.id ? this.workspace.userRole : 'owner';
  }

  private userInfo(req: ApiRequest): ApiResponse {
    const header = req.headers['authorization'] ?? '';
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    const account = fixedDubAccount(token) ?? this.oauth.accountFor(token);
    if (!account || account === 'expired' || account.kind !== 'oauth') {
      return dubError('unauthorized', 'Access token not found or expired.');
    }
    return userInfo(account);
  }
}

/** What Next.js answers for a method a route does not export. */
function methodNotAllowed(): ApiResponse {
  return { status: 405, headers: {}, body: '' };
}
