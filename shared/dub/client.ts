import { z } from 'zod/v4';
import { ApiError } from '../api/api-error';
import { createApiCaller, type ApiCaller } from '../api/json-api';
import type { RetryPolicy } from '../api/retry-policy';
import type { Transport } from '../transport/transport';
import {
  deletedSchema,
  dubFolderSchema,
  dubLinkListItemSchema,
  dubWebhookSchema,
  dubWorkspaceInfoSchema,
  type DubWebhook,
} from './api-schemas';
import { describeDubFailure } from './errors';
import { dubHookBody, type DubHookSpec } from './hook-spec';

export const DUB_API_BASE_URL = 'https://api.dub.co';

export interface DubClientOptions {
  transport: Transport;
  /**
   * An OAuth access token or an API key; both are workspace-bound. Absent when the transport authenticates
   * requests itself (n8n signs them with the user's credential and refreshes OAuth tokens).
   */
  token?: string;
  baseUrl?: string;
  policy?: Partial<RetryPolicy>;
}

export type DubClient = ReturnType<typeof createDubClient>;

export function createDubClient(options: DubClientOptions) {
  const call = createApiCaller({
    provider: 'dub',
    transport: options.transport,
    baseUrl: options.baseUrl ?? DUB_API_BASE_URL,
    headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
    ...(options.policy ? { policy: options.policy } : {}),
    describeFailure: describeDubFailure,
  });
  return { webhooks: dubWebhooks(call), ...dubLookups(call) };
}

function dubWebhooks(call: ApiCaller) {
  const list = () => call({ method: 'GET', path: '/webhooks', retrySafe: true, schema: z.array(dubWebhookSchema) });
  const get = (id: string) => call({ method: 'GET', path: `/webhooks/${encodeURIComponent(id)}`, retrySafe: true, schema: dubWebhookSchema });
  // Safe to repeat: a second create of the same URL answers 409, which `subscribe` turns into adoption.
  const create = async (spec: DubHookSpec) => call({ method: 'POST', path: '/webhooks', body: dubHookBody(spec), retrySafe: true, schema: dubWebhookSchema });
  const update = async (id: string, spec: DubHookSpec) =>
    call({ method: 'PATCH', path: `/webhooks/${encodeURIComponent(id)}`, body: dubHookBody(spec), retrySafe: true, schema: dubWebhookSchema });
  const remove = (id: string) => call({ method: 'DELETE', path: `/webhooks/${encodeURIComponent(id)}`, retrySafe: true, schema: deletedSchema });

  return {
    list,
    get,
    create,
    update,
    remove,
    /**
     * Creates the hook, or adopts the one Dub already has for this URL (a retried subscribe, or a create whose
     * answer was lost), bringing its events and scope in line. Either way exactly one hook exists for the URL.
     */
    async subscribe(spec: DubHookSpec): Promise<{ hook: DubWebhook; adopted: boolean }> {
      try {
        return { hook: await create(spec), adopted: false };
      } catch (error) {
        if (!(error instanceof ApiError) || error.kind !== 'conflict') throw error;
      }
      const existing = (await list()).find((hook) => hook.url === spec.url);
      if (!existing) {
        throw new ApiError('dub', 'conflict', `Dub says a webhook already uses ${spec.url}, but none is listed; try again.`, { status: 409 });
      }
      const hook = matchesSpec(existing, spec) ? existing : await update(existing.id, spec);
      // PATCH answers may omit the secret; the listed hook has it.
      return { hook: { ...hook, secret: hook.secret ?? existing.secret }, adopted: true };
    },
    /** Deletes the hook; one that is already gone counts as done. */
    async unsubscribe(id: string): Promise<{ alreadyGone: boolean }> {
      try {
        await remove(id);
        return { alreadyGone: false };
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'not_found') return { alreadyGone: true };
        throw error;
      }
    },
    async findByUrl(url: string): Promise<DubWebhook | undefined> {
      return (await list()).find((hook) => hook.url === url);
    },
  };
}

/** True when the existing hook already delivers exactly what the spec asks for. */
export function matchesSpec(hook: DubWebhook, spec: DubHookSpec): boolean {
  const body = dubHookBody(spec);
  const sameTriggers = hook.triggers.length === body.triggers.length && body.triggers.every((event) => hook.triggers.includes(event));
  if (!sameTriggers || (hook.linkScope ?? undefined) !== body.linkScope) return false;
  const wanted = body.linkIds ?? body.folderIds ?? [];
  const have = (body.linkScope === 'links' ? hook.linkIds : hook.folderIds) ?? [];
  return body.linkScope === 'workspace' || body.linkScope === undefined || sameSet(wanted, have);
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item) => b.includes(item));
}

/** Read-only calls for pickers, connection labels and sample data. */
function dubLookups(call: ApiCaller) {
  return {
    links: (query: { search?: string; page?: number; pageSize?: number } = {}) =>
      call({ method: 'GET', path: '/links', query, retrySafe: true, schema: z.array(dubLinkListItemSchema) }),
    folders: (query: { search?: string } = {}) =>
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
    list: (path: '/partners' | '/commissions' | '/payouts', query: Record<string, string | number | undefined> = {}) =>
      call({ method: 'GET', path, query, retrySafe: true, schema: z.array(z.record(z.string(), z.unknown())) }),
    /** Who the token belongs to; OAuth tokens only. */
    userInfo: () => call({ method: 'GET', path: '/oauth/userinfo', retrySafe: true, schema: dubWorkspaceInfoSchema }),
  };
}
