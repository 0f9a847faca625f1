/** Linkly's delivery: fire and forget, one unsigned POST per hook, lost after the timeout. */
import { isSuccess, type WebhookPoster } from '../poster';
import { isRecord } from '../http';
import type { LinklyHookStore } from './hook-store';
import type { DeliveryReport } from '../types';

export interface LinklyDeliveryContext {
  hooks: LinklyHookStore;
  poster: WebhookPoster;
  timeoutMs: number;
}

/** Every workspace hook plus the clicked link's hooks (both fire when both exist). */
export function deliverLinkly(ctx: LinklyDeliveryContext, payload: unknown, body: string): Promise<DeliveryReport[]> {
  const link = isRecord(payload) && isRecord(payload['link']) ? payload['link'] : undefined;
  const targets = ctx.hooks.targetsFor(link?.['id']);
  return Promise.all(
    targets.map(async (hook): Promise<DeliveryReport> => {
      const result = await ctx.poster.post(hook.url, body, { 'content-type': 'application/json', 'user-agent': 'linkly-sandbox-webhooks/1.0' }, ctx.timeoutMs);
      const report: DeliveryReport = { hookId: hook.id, url: hook.url, attempts: 1, statuses: [result.status], delivered: isSuccess(result.status), body };
      if (!report.delivered) report.error = result.error ?? `receiver answered ${result.status}`;
      return report;
    }),
  );
}
