import * as z from '../zod';
import { createApiCaller, type ApiCaller } from '../api/json-api';
import type { ClientPolicy } from '../api/retry-policy';
import type { Transport } from '../transport/transport';
import { describeLinklyFailure } from './errors';

export const LINKLY_API_BASE_URL = 'https://app.linklyhq.com/api/v1';

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
    // The reference documents Bearer, Linkly's own code sends X-API-KEY / X-WORKSPACE-ID: both cover either reading.
    // Never the key in the query string, where it would end up in logs.
    headers: {
      ...(options.apiKey === undefined ? {} : { authorization: `Bearer ${options.apiKey}`, 'x-api-key': options.apiKey }),
      'x-workspace-id': options.workspaceId,
    },
    policy: options.policy,
    describeFailure: describeLinklyFailure,
  });
  return { call, workspacePath: `/workspace/${encodeURIComponent(options.workspaceId)}` };
}

/** The calls every host makes: webhooks, and the link picker's links. */
export function linklyClientOver({ call, workspacePath }: LinklyApiCaller) {
  return {
    webhooks: linklyWebhooks(call, workspacePath),
    links: () => call({ method: 'GET', path: `${workspacePath}/links/export`, retrySafe: true, schema: linklyLinkListSchema }),
  };
}

const hookListSchema = z.looseObject({ webhooks: z.array(z.string()) });
const createdHookSchema = z.looseObject({ id: z.union([z.string(), z.number()]).nullish() }).nullable();

/** Linkly's webhook calls. Deciding how a hook comes to exist or goes away is the hook registrar's job. */
function linklyWebhooks(call: ApiCaller, workspacePath: string) {
  const hooksPath = (target: LinklyHookTarget) =>
    target.linkId === undefined ? `${workspacePath}/webhooks` : `/link/${encodeURIComponent(String(target.linkId))}/webhooks`;

  return {
    /** The URLs subscribed on the workspace, or on one link. */
    list: async (target: LinklyHookTarget = {}): Promise<string[]> =>
      (await call({ method: 'GET', path: hooksPath(target), retrySafe: true, schema: hookListSchema })).webhooks,
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

const linklyLinkListSchema = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.looseObject({ links: z.array(z.record(z.string(), z.unknown())) }).transform((answer) => answer.links),
]);
