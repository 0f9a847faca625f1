import * as z from '../zod';
import { createApiCaller, type ApiCaller } from '../api/json-api';
import type { ClientPolicy } from '../api/retry-policy';
import type { Transport } from '../transport/transport';
import {
  deletedSchema,
  dubFolderSchema,
  dubLinkListItemSchema,
  dubWebhookSchema,
  dubWorkspaceInfoSchema,
} from './api-schemas';
import { dubDeliveryLogRowSchema } from './delivery-log';
import { describeDubFailure } from './errors';
import type { DubHookBody } from './hook-spec';

export const DUB_API_BASE_URL = 'https://api.dub.co';

export interface DubClientOptions {
  transport: Transport;
  /**
   * An OAuth access token or an API key; both are workspace-bound. Absent when the transport authenticates
   * requests itself (n8n signs them with the user's credential and refreshes OAuth tokens).
   */
  token?: string;
  baseUrl?: string;
  /** How the host waits, and anything else it changes; also sets the time budget, which starts now: make one client per operation. */
  policy: ClientPolicy;
}

export type DubClient = ReturnType<typeof createDubClient>;

/** Dub's API, call by call. Deciding how a hook comes to exist or goes away is the hook registrar's job. */
export function createDubClient(options: DubClientOptions) {
  const baseUrl = options.baseUrl ?? DUB_API_BASE_URL;
  const call = createApiCaller({
    provider: 'dub',
    serviceName: 'Dub',
    transport: options.transport,
    baseUrl,
    headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
    policy: options.policy,
    describeFailure: describeDubFailure,
  });
  // The base URL tells the registrar whether hooks are delivered by Dub's cloud (which reaches public URLs only).
  return { baseUrl, webhooks: dubWebhooks(call), ...dubLookups(call) };
}

function dubWebhooks(call: ApiCaller) {
  const hookPath = (id: string) => `/webhooks/${encodeURIComponent(id)}`;
  return {
    list: () => call({ method: 'GET', path: '/webhooks', retrySafe: true, schema: z.array(dubWebhookSchema) }),
    get: (id: string) => call({ method: 'GET', path: hookPath(id), retrySafe: true, schema: dubWebhookSchema }),
    // Never repeated blindly: after a lost answer the registrar looks before it creates again.
    create: (body: DubHookBody) => call({ method: 'POST', path: '/webhooks', body, retrySafe: false, schema: dubWebhookSchema }),
    // Sets absolute values, so repeating it changes nothing.
    update: (id: string, patch: Partial<DubHookBody>) =>
      call({ method: 'PATCH', path: hookPath(id), body: patch, retrySafe: true, schema: dubWebhookSchema }),
    remove: (id: string) => call({ method: 'DELETE', path: hookPath(id), retrySafe: true, schema: deletedSchema }),
    /** The hook's last 100 delivery attempts, newest first (undocumented; webhooks.read, Business plan and above). */
    deliveryLog: (id: string) => call({ method: 'GET', path: `${hookPath(id)}/events`, retrySafe: true, schema: z.array(dubDeliveryLogRowSchema) }),
  };
}

/** Dub's largest page for GET /folders (`FOLDERS_MAX_PAGE_SIZE`; a larger pageSize is refused with a 422). */
export const DUB_FOLDERS_PAGE_SIZE = 50;

/** Read-only calls for pickers, connection labels and sample data. */
function dubLookups(call: ApiCaller) {
  return {
    links: (query: { search?: string; page?: number; pageSize?: number } = {}) =>
      call({ method: 'GET', path: '/links', query, retrySafe: true, schema: z.array(dubLinkListItemSchema) }),
    /** Dub pages folders by at most 50 (`FOLDERS_MAX_PAGE_SIZE`; more is a 422). */
    folders: (query: { search?: string; page?: number; pageSize?: number } = {}) =>
      call({ method: 'GET', path: '/folders', query, retrySafe: true, schema: z.array(dubFolderSchema) }),
    /** Recent clicks, leads or sales, as Dub's analytics records (not webhook envelopes). */
    events: (query: {
      event: 'clicks' | 'leads' | 'sales';
      limit?: number;
      /** Dub's default is the last 24 hours, too short for a quiet workspace's samples. */
      interval?: '24h' | '7d' | '30d' | '90d' | '1y' | 'all';
      linkId?: string;
      folderId?: string;
    }) =>
      call({ method: 'GET', path: '/events', query, retrySafe: true, schema: z.array(z.record(z.string(), z.unknown())) }),
    /** Partner-program lists; each answers an array of the objects its webhooks carry as `data`. */
    list: (
      path: '/partners' | '/partners/applications' | '/commissions' | '/payouts' | '/bounties' | '/discount-codes',
      query: Record<string, string | number | undefined> = {},
    ) =>
      call({ method: 'GET', path, query, retrySafe: true, schema: z.array(z.record(z.string(), z.unknown())) }),
    /** Who the token belongs to; OAuth tokens only. */
    userInfo: () => call({ method: 'GET', path: '/oauth/userinfo', retrySafe: true, schema: dubWorkspaceInfoSchema }),
  };
}
