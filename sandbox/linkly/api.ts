/** The Linkly API stand-in: key checks, workspace and plan checks, webhook lists, link listing and the click export.
 *  'v1' (the default) answers as Linkly's public API of 2026 (https://api.linklyhq.com/api/v1) does in Linkly's own
 *  integrations; 'legacy' as the older app.linklyhq.com/api/v1 was documented (see shared/reference/linkly.md). */
import { linklyAccount, type LinklyAccount } from '../accounts';
import { bearerToken, isRecord, json, parseJson, text, withHeaderOverrides, type ApiRequest, type ApiResponse } from '../http';
import type { LinklyApiVersion, LinklyPostAnswer } from '../types';
import { LINKLY_CLICKS, LINKLY_LINKS } from './fixtures';
import type { LinklyHookStore, LinklyScope } from './hook-store';
import type { ErrorFault } from '../faults';

/** v1 answers errors as JSON `{error, code}` (Linkly's Fivetran connector's mock); the older API in plain text. */
const notAuthorized = (version: LinklyApiVersion): ApiResponse =>
  version === 'v1' ? json(401, { error: 'Not authorized', code: 'unauthorized' }) : text(401, 'Not authorized');
const notFound = (version: LinklyApiVersion): ApiResponse =>
  version === 'v1' ? json(404, { error: 'Not found', code: 'not_found' }) : text(404, 'Not found');
const badRequest = (message: string): ApiResponse => json(400, { error: message });

/** `list_links` pages: Linkly's own n8n node asks for 1,000 at most. */
const LIST_LINKS_MAX_PAGE_SIZE = 1000;
const LIST_LINKS_DEFAULT_PAGE_SIZE = 25;

type Auth = { ok: true; account: LinklyAccount } | { ok: false; response: ApiResponse };

/** The key from `Authorization: Bearer` (v1's only header), `?api_key=` (works, but leaks into logs: the connectors
 *  must never send it, which the recorded requests show) or, on the older API only, `X-API-KEY` with
 *  `X-WORKSPACE-ID`. */
function authenticate(req: ApiRequest, version: LinklyApiVersion): Auth {
  const headerKey = version === 'legacy' ? req.headers['x-api-key'] : undefined;
  const key = bearerToken(req.headers) ?? headerKey ?? req.query.get('api_key') ?? undefined;
  const account = key === undefined ? undefined : linklyAccount(key);
  if (!account) return { ok: false, response: notAuthorized(version) };
  const headerWorkspace = version === 'legacy' ? req.headers['x-workspace-id'] : undefined;
  if (headerWorkspace !== undefined && headerWorkspace.trim() !== String(account.workspaceId)) {
    return { ok: false, response: notFound(version) };
  }
  return { ok: true, account };
}

export class LinklyApi {
  constructor(
    private readonly hooks: LinklyHookStore,
    /** How POST .../webhooks answers, chosen by the sandbox's option or control. */
    private readonly postAnswer: () => LinklyPostAnswer,
    /** Which of Linkly's API forms this stand-in answers in. */
    private readonly version: LinklyApiVersion = 'v1',
  ) {}

  handle(req: ApiRequest): ApiResponse {
    const auth = authenticate(req, this.version);
    if (!auth.ok) return auth.response;
    return this.route(req, auth.account);
  }

  /**
   * v1's 429 has the body `{error, message, current_usage, limit}` and no `Retry-After` (Linkly's Fivetran connector);
   * the older API's was documented by its status only: this one waits in seconds, `Retry-After` (default 1).
   */
  faultResponse(fault: ErrorFault): ApiResponse {
    if (fault.kind === 'rate_limit' && this.version === 'v1') {
      return withHeaderOverrides(json(429, { error: 'rate_limit_exceeded', message: 'Rate limit exceeded', current_usage: 61, limit: 60 }), fault.headers);
    }
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
      if (id !== String(account.workspaceId)) return notFound(this.version); // not distinguished from "does not exist"
      const where: LinklyScope = { scope: 'workspace', workspaceId: account.workspaceId };
      if (sub === 'webhooks' && rest.length === 0) return this.webhooks(req, account, where, action);
      if (sub === 'list_links' && action === undefined && this.version === 'v1') return method === 'GET' ? listLinks(req, account) : notAllowed();
      if (sub === 'links' && action === 'export' && rest.length === 0) return method === 'GET' ? exportLinks(account) : notAllowed();
      if (sub === 'clicks' && action === 'export' && rest.length === 0) return method === 'GET' ? exportClicks(req, account) : notAllowed();
      return notFound(this.version);
    }

    if (resource === 'link' && id !== undefined && sub === 'webhooks' && rest.length === 0) {
      const target = LINKLY_LINKS.find((candidate) => String(candidate.id) === id && candidate.workspace_id === account.workspaceId);
      if (!target) return notFound(this.version);
      return this.webhooks(req, account, { scope: 'link', workspaceId: account.workspaceId, linkId: target.id }, action);
    }

    return notFound(this.version);
  }

  /** v1 lists hooks as objects whose `id` is the URL they are keyed by (what Linkly's own n8n node 2.1.1 reads);
   *  the older API as `{ "webhooks": [url, …] }`. */
  private listed(where: LinklyScope): unknown {
    const urls = this.hooks.in(where).map((hook) => hook.url);
    return this.version === 'v1' ? urls.map((url) => ({ id: url })) : { webhooks: urls };
  }

  /** GET/POST on the list, DELETE on one entry (by id or URL, URL-encoded as one path segment). */
  private webhooks(req: ApiRequest, account: LinklyAccount, where: LinklyScope, hookRef: string | undefined): ApiResponse {
    if (!account.paid) return json(403, { error: 'Webhooks need a paid Linkly plan: upgrade this workspace to use them.' });
    if (hookRef !== undefined) {
      if (req.method !== 'DELETE') return notAllowed();
      const removed = this.hooks.remove(where, hookRef);
      return removed ? json(200, { id: removed.id, url: removed.url, deleted: true }) : notFound(this.version);
    }
    if (req.method === 'GET') return json(200, this.listed(where));
    if (req.method !== 'POST') return notAllowed();
    const parsed = parseJson(req.body);
    const url = parsed.ok && isRecord(parsed.value) ? parsed.value['url'] : undefined;
    if (typeof url !== 'string' || !isHttpUrl(url)) return badRequest('Body must be JSON {"url": "https://..."} with an http(s) URL.');
    const answer = this.postAnswer();
    const { hook, created } = this.hooks.add(where, url, answer);
    return json(created ? 201 : 200, answer === 'with-id' ? { id: hook.id, url: hook.url } : { url: hook.url });
  }
}

/** One page of `list_links`, sorted as asked (`id` or `name`, `asc` or `desc`; default newest first). */
function listLinks(req: ApiRequest, account: LinklyAccount): ApiResponse {
  const page = Number(req.query.get('page') ?? '1');
  const pageSize = Number(req.query.get('page_size') ?? String(LIST_LINKS_DEFAULT_PAGE_SIZE));
  if (!Number.isInteger(page) || page < 1) return badRequest('page must be a whole number from 1.');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > LIST_LINKS_MAX_PAGE_SIZE) {
    return badRequest(`page_size must be a whole number from 1 to ${LIST_LINKS_MAX_PAGE_SIZE}.`);
  }
  const sortBy = req.query.get('sort_by') === 'name' ? 'name' : 'id';
  const direction = req.query.get('sort_dir') === 'asc' ? 1 : -1;
  const own = LINKLY_LINKS.filter((candidate) => candidate.workspace_id === account.workspaceId).sort(
    (a, b) => direction * (sortBy === 'name' ? String(a.name).localeCompare(String(b.name)) : a.id - b.id),
  );
  const totalPages = Math.max(1, Math.ceil(own.length / pageSize));
  const links = own.slice((page - 1) * pageSize, page * pageSize);
  return json(200, { links, page_number: page, page_size: pageSize, total_entries: own.length, total_pages: totalPages });
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
