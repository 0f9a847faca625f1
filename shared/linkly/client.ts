import * as z from '../zod';
import { ApiError } from '../api/api-error';
import { createApiCaller, type ApiCaller } from '../api/json-api';
import type { ClientPolicy } from '../api/retry-policy';
import type { Transport } from '../transport/transport';
import { describeLinklyFailure } from './errors';

/** Linkly's public API, as its own integrations of 2026 call it (the older `app.linklyhq.com/api/v1` is configurable). */
export const LINKLY_API_BASE_URL = 'https://api.linklyhq.com/api/v1';

/** Links per page of `list_links`; Linkly's own n8n node asks for up to 1,000, its Fivetran connector for 100. */
export const LINKLY_LINKS_PAGE_SIZE = 100;

export interface LinklyClientOptions {
  transport: Transport;
  /** Absent when the transport authenticates requests itself (n8n's credential). */
  apiKey?: string;
  workspaceId: string;
  baseUrl?: string;
  /** How the host waits, and anything else it changes; also sets the time budget, which starts now: make one client per operation. */
  policy: ClientPolicy;
}

/** A workspace hook fires for every click in it; a link hook for that link's clicks only. */
export interface LinklyHookTarget {
  linkId?: string | number;
}

export type LinklyClient = ReturnType<typeof createLinklyClient>;

export function createLinklyClient(options: LinklyClientOptions) {
  return linklyClientOver(linklyApiCaller(options));
}

/** One caller, one time budget, for one workspace: what every call of one client goes through. */
export interface LinklyApiCaller {
  call: ApiCaller;
  workspacePath: string;
}

export function linklyApiCaller(options: LinklyClientOptions): LinklyApiCaller {
  const call = createApiCaller({
    provider: 'linkly',
    serviceName: 'Linkly',
    transport: options.transport,
    baseUrl: options.baseUrl ?? LINKLY_API_BASE_URL,
    // Bearer only: Linkly's own integrations of 2026 send nothing else (the older X-API-KEY / X-WORKSPACE-ID are gone
    // from them). Never the key in the query string, where it would end up in logs.
    headers: options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}` },
    policy: options.policy,
    describeFailure: describeLinklyFailure,
  });
  return { call, workspacePath: `/workspace/${encodeURIComponent(options.workspaceId)}` };
}

/** The calls every host makes: webhooks, and the link picker's links. */
export function linklyClientOver({ call, workspacePath }: LinklyApiCaller) {
  return { webhooks: linklyWebhooks(call, workspacePath), links: linklyLinks(call, workspacePath) };
}

/**
 * A listed hook: a URL (the older `{ "webhooks": [url, …] }` list), or an object of the v1 list, whose `id` is the URL
 * Linkly keys it by (Linkly's own n8n node reads `id`); `url` is read first where an answer has it.
 */
const listedHookSchema = z.union([
  z.string(),
  z.looseObject({ url: z.string().nullish(), id: z.union([z.string(), z.number()]).nullish() }),
]);
const hookListSchema = z
  .union([z.array(listedHookSchema), z.looseObject({ webhooks: z.array(listedHookSchema) }).transform((answer) => answer.webhooks)])
  .transform((hooks) => hooks.flatMap((hook) => {
    const url = typeof hook === 'string' ? hook : (hook.url ?? (typeof hook.id === 'string' ? hook.id : undefined));
    return url ? [url] : [];
  }));
const createdHookSchema = z.looseObject({ id: z.union([z.string(), z.number()]).nullish() }).nullable();

/** Linkly's webhook calls. Deciding how a hook comes to exist or goes away is the hook registrar's job. */
function linklyWebhooks(call: ApiCaller, workspacePath: string) {
  const hooksPath = (target: LinklyHookTarget) =>
    target.linkId === undefined ? `${workspacePath}/webhooks` : `/link/${encodeURIComponent(String(target.linkId))}/webhooks`;

  return {
    /** The URLs subscribed on the workspace, or on one link. */
    list: async (target: LinklyHookTarget = {}): Promise<string[]> =>
      call({ method: 'GET', path: hooksPath(target), retrySafe: true, schema: hookListSchema }),
    /** Subscribes the URL; returns Linkly's id for it, or the URL itself when Linkly gives none (it keys hooks by URL). */
    create: async (url: string, target: LinklyHookTarget = {}): Promise<string> => {
      // Never repeated blindly (Linkly might keep two copies): after a lost answer the registrar looks first.
      const created = await call({ method: 'POST', path: hooksPath(target), body: { url }, retrySafe: false, schema: createdHookSchema });
      const id = created?.id;
      return id === undefined || id === null || id === '' ? url : String(id);
    },
    /** Unsubscribes by id or URL (URL-encoded as one path segment). */
    remove: async (idOrUrl: string, target: LinklyHookTarget = {}): Promise<void> => {
      await call({ method: 'DELETE', path: `${hooksPath(target)}/${encodeURIComponent(idOrUrl)}`, retrySafe: true, schema: z.unknown() });
    },
  };
}

type LinklyLinkRecord = Record<string, unknown>;

/** The older export: every link at once, as a list or under `links`. */
const linklyLinkExportSchema = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.looseObject({ links: z.array(z.record(z.string(), z.unknown())) }).transform((answer) => answer.links),
]);

/** One page of `list_links`: `links`, with `total_pages` (absent: the last page). */
const linklyLinkPageSchema = z.looseObject({
  links: z.array(z.record(z.string(), z.unknown())),
  total_pages: z.coerce.number().int().nullish(),
});

/** Pages a workspace can have before the listing stops: 100,000 links at the page size above. */
const MAX_LINK_PAGES = 1000;

/**
 * Every link of the workspace, page by page through `list_links` (the public v1 listing); where that route is not
 * there (404: an older API at a configured base), through the older `links/export`.
 */
function linklyLinks(call: ApiCaller, workspacePath: string) {
  return async (): Promise<LinklyLinkRecord[]> => {
    const links: LinklyLinkRecord[] = [];
    for (let page = 1; page <= MAX_LINK_PAGES; page += 1) {
      let answer: z.output<typeof linklyLinkPageSchema>;
      try {
        answer = await call({
          method: 'GET',
          path: `${workspacePath}/list_links`,
          query: { page, page_size: LINKLY_LINKS_PAGE_SIZE, sort_by: 'id', sort_dir: 'asc' },
          retrySafe: true,
          schema: linklyLinkPageSchema,
        });
      } catch (error) {
        if (page === 1 && error instanceof ApiError && error.kind === 'not_found') {
          return call({ method: 'GET', path: `${workspacePath}/links/export`, retrySafe: true, schema: linklyLinkExportSchema });
        }
        throw error;
      }
      links.push(...answer.links);
      if (answer.links.length === 0 || page >= (answer.total_pages ?? page)) break;
    }
    return links;
  };
}
