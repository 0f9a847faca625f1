import * as z from '../zod';
import { createApiCaller, type ApiCaller } from '../api/json-api';
import type { ClientPolicy } from '../api/retry-policy';
import type { Transport } from '../transport/transport';
import { deletedSchema, dubFolderSchema, dubLinkListItemSchema, dubWebhookSchema } from './api-schemas';
import { DUB_CREDENTIAL } from './credential-forms';
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
  return dubClientOver(dubApiCaller(options));
}

/** One caller, one time budget: what every call of one client goes through. */
export interface DubApiCaller {
  baseUrl: string;
  call: ApiCaller;
}

export function dubApiCaller(options: DubClientOptions): DubApiCaller {
  const baseUrl = options.baseUrl ?? DUB_API_BASE_URL;
  const call = createApiCaller({
    provider: 'dub',
    serviceName: 'Dub',
    transport: options.transport,
    baseUrl,
    headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
    policy: options.policy,
    describeFailure: describeDubFailure,
    credentialPatterns: [DUB_CREDENTIAL],
  });
  return { baseUrl, call };
}

/** The calls every host makes: webhooks, the pickers' links and folders, and the payouts a recovery checks. */
export function dubClientOver({ baseUrl, call }: DubApiCaller) {
  // The base URL tells the registrar whether hooks are delivered by Dub's cloud (which reaches public URLs only).
  return { baseUrl, webhooks: dubWebhooks(call), ...dubPickerLookups(call), payouts: dubPayouts(call) };
}

/** A partner's payouts (filtered by Dub on partner and invoice): what a recovered payout.confirmed is now in Dub. */
function dubPayouts(call: ApiCaller) {
  return (query: { partnerId?: string; invoiceId?: string }) =>
    call({ method: 'GET', path: '/payouts', query, retrySafe: true, schema: z.array(z.record(z.string(), z.unknown())) });
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

/** Read-only calls for Link Clicked's pickers. */
function dubPickerLookups(call: ApiCaller) {
  return {
    links: (query: { search?: string; page?: number; pageSize?: number } = {}) =>
      call({ method: 'GET', path: '/links', query, retrySafe: true, schema: z.array(dubLinkListItemSchema) }),
    /** Dub pages folders by at most 50 (`FOLDERS_MAX_PAGE_SIZE`; more is a 422). */
    folders: (query: { search?: string; page?: number; pageSize?: number } = {}) =>
      call({ method: 'GET', path: '/folders', query, retrySafe: true, schema: z.array(dubFolderSchema) }),
  };
}
