import * as z from '../zod';
import type { ApiCaller } from '../api/json-api';
import { dubApiCaller, dubClientOver, type DubClientOptions } from './client';

/** Who an OAuth token belongs to (GET /oauth/userinfo). */
export const dubWorkspaceInfoSchema = z.looseObject({
  id: z.string().nullish(),
  name: z.string().nullish(),
  email: z.string().nullish(),
  workspace: z.looseObject({ id: z.string().nullish(), slug: z.string().nullish(), name: z.string().nullish() }).nullish(),
});
export type DubWorkspaceInfo = z.output<typeof dubWorkspaceInfoSchema>;

export type DubSamplingClient = ReturnType<typeof createDubSamplingClient>;

/**
 * Dub's API with the read-only calls that only the Zapier app makes: recent events and partner-program lists for the
 * Zap editor's samples, and the OAuth connection test. Apart from createDubClient so that the n8n package, which
 * makes none of them, does not ship them (test/n8n/bundle-contents.test.ts).
 */
export function createDubSamplingClient(options: DubClientOptions) {
  const api = dubApiCaller(options);
  return { ...dubClientOver(api), ...dubSampleLookups(api.call) };
}

function dubSampleLookups(call: ApiCaller) {
  return {
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
