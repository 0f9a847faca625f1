/** The Linkly API stand-in (https://app.linklyhq.com/api/v1): key checks, workspace and plan
 *  checks, webhook lists, and the export endpoints. */
import { linklyAccount, type LinklyAccount } from '../accounts';
import { bearerToken, isRecord, json, parseJson, text, withHeaderOverrides, type ApiRequest, type ApiResponse } from '../http';
import type { LinklyPostAnswer } from '../types';
import { LINKLY_CLICKS, LINKLY_LINKS } from './fixtures';
import type { LinklyHookStore, LinklyScope } from './hook-store';
import type { ErrorFault } from '../faults';

const notAuthorized = (): ApiResponse => text(401, 'Not authorized');
const notFound = (): ApiResponse => text(404, 'Not found');
const badRequest = (message: string): ApiResponse => json(400, { error: message });

type Auth = { ok: true; account: LinklyAccount } | { ok: false; response: ApiResponse };

/** The key from `Authorization: Bearer` (the reference's way), `X-API-KEY` (Linkly's own code) or `?api_key=` (works,
 *  but leaks into logs: the connectors must never send it, which the recorded requests show). */
function authenticate(req: ApiRequest): Auth {
  const key = bearerToken(req.headers) ?? req.headers['x-api-key'] ?? req.query.get('api_key') ?? undefined;
  const account = key === undefined ? undefined : linklyAccount(key);
  if (!account) return { ok: false, response: notAuthorized() };
  const headerWorkspace = req.headers['x-workspace-id'];
  if (headerWorkspace !== undefined && headerWorkspace.trim() !== String(account.workspaceId)) {
    return { ok: false, response: notFound() };
  }
  return { ok: true, account };
}

export class LinklyApi {
  constructor(
    private readonly hooks: LinklyHookStore,
    /** How POST .../webhooks answers, chosen by the sandbox's option or control. */
    private readonly postAnswer: () => LinklyPostAnswer,
  ) {}

  handle(req: ApiRequest): ApiResponse {
    const auth = authenticate(req);
    if (!auth.ok) return auth.response;
    return this.route(req, auth.account);
  }

  /** Linkly's 429 is not documented beyond its status: this one waits in seconds, `Retry-After` (default 1). */
  faultResponse(fault: ErrorFault): ApiResponse {
    if (fault.kind === 'rate_limit') {
      const retryAfter = Math.max(1, Math.ceil((fault.resetInMs ?? 1000) / 1000));
      return withHeaderOverrides(json(429, { error: 'Too many requests', limit: 60, usage: 61 }, { 'retry-after': String(retryAfter) }), fault.headers);
    }
    return withHeaderOverrides(text(fault.status ?? 500, 'Internal Server Error (injected by the sandbox)'), fault.headers);
  }

  private route(req: ApiRequest, account: LinklyAccount): ApiResponse {
    const [resource, id, sub, action, ...rest] = req.segments;
    const method = req.method;

    if (resource === 'workspaces' && id === undefined) {
      if (method !== 'GET') return notAllowed();
      return json(200, [{ id: account.workspaceId, name: account.workspaceName, plan: account.paid ? 'pro' : 'free' }]);
    }

    if (resource === 'workspace' && id !== undefined) {
      if (id !== String(account.workspaceId)) return notFound(); // not distinguished from "does not exist"
      const where: LinklyScope = { scope: 'workspace', workspaceId: account.workspaceId };
      if (sub === 'webhooks' && rest.length === 0) return this.webhooks(req, account, where, action);
      if (sub === 'links' && action === 'export' && rest.length === 0) return method === 'GET' ? exportLinks(account) : notAllowed();
      if (sub === 'clicks' && action === 'export' && rest.length === 0) return method === 'GET' ? exportClicks(req, account) : notAllowed();
      return notFound();
    }

    if (resource === 'link' && id !== undefined && sub === 'webhooks' && rest.length === 0) {
      const target = LINKLY_LINKS.find((candidate) => String(candidate.id) === id && candidate.workspace_id === account.workspaceId);
      if (!target) return notFound();
      return this.webhooks(req, account, { scope: 'link', workspaceId: account.workspaceId, linkId: target.id }, action);
    }

    return notFound();
  }

  /** GET/POST on the list, DELETE on one entry (by id or URL, URL-encoded as one path segment). */
  private webhooks(req: ApiRequest, account: LinklyAccount, where: LinklyScope, hookRef: string | undefined): ApiResponse {
    if (!account.paid) return json(403, { error: 'Webhooks need a paid Linkly plan: upgrade this workspace to use them.' });
    if (hookRef !== undefined) {
      if (req.method !== 'DELETE') return notAllowed();
      const removed = this.hooks.remove(where, hookRef);
      return removed ? json(200, { id: removed.id, url: removed.url, deleted: true }) : notFound();
    }
    if (req.method === 'GET') return json(200, { webhooks: this.hooks.in(where).map((hook) => hook.url) });
    if (req.method !== 'POST') return notAllowed();
    const parsed = parseJson(req.body);
    const url = parsed.ok && isRecord(parsed.value) ? parsed.value['url'] : undefined;
    if (typeof url !== 'string' || !isHttpUrl(url)) return badRequest('Body must be JSON {"url": "https://..."} with an http(s) URL.');
    const answer = this.postAnswer();
    const { hook, created } = this.hooks.add(where, url, answer);
    return json(created ? 201 : 200, answer === 'with-id' ? { id: hook.id, url: hook.url } : { url: hook.url });
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:';
  } catch {
    return false;
  }
}

function notAllowed(): ApiResponse {
  return json(405, { error: 'Method not allowed' });
}

function exportLinks(account: LinklyAccount): ApiResponse {
  return json(200, LINKLY_LINKS.filter((candidate) => candidate.workspace_id === account.workspaceId));
}

/** Only format=json is served; start/end are inclusive YYYY-MM-DD days. */
function exportClicks(req: ApiRequest, account: LinklyAccount): ApiResponse {
  const format = req.query.get('format');
  if (format !== 'json') return badRequest('The sandbox serves clicks/export only with format=json.');
  const start = req.query.get('start');
  const end = req.query.get('end');
  const linkId = req.query.get('link_id');
  const excludeBots = req.query.get('bots') === 'exclude';
  const ownLinks = new Set(LINKLY_LINKS.filter((candidate) => candidate.workspace_id === account.workspaceId).map((candidate) => candidate.id));
  const records = LINKLY_CLICKS.filter((record) => ownLinks.has(record.link_id))
    .filter((record) => linkId === null || String(record.link_id) === linkId)
    .filter((record) => !excludeBots || record.bot === null)
    .filter((record) => start === null || record.timestamp.slice(0, 10) >= start)
    .filter((record) => end === null || record.timestamp.slice(0, 10) <= end);
  return json(200, records);
}
