/** Dub's delivery: signed POSTs, retried after each configured delay, counting failures in a row
 *  toward disabling the webhook. */
import { createHmac } from 'node:crypto';
import { isSuccess, sleep, type WebhookPoster } from '../poster';
import type { DubHookStore } from './hook-store';
import type { DeliveryReport, DubEnvelope, DubHook } from '../types';

/** Deliberately written apart from shared/delivery's signer: the fake checks the core, so it must not share its code.
 *  Dub-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret
 *  string as UTF-8 (the `whsec_` prefix included, not decoded). */
export function dubSignature(secret: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex');
}

/** Dub's real timeout is not published; this is generous without stalling tests for long. */
export const DUB_DELIVERY_TIMEOUT_MS = 10_000;

export interface DubDeliveryContext {
  hooks: DubHookStore;
  poster: WebhookPoster;
  retryDelaysMs: readonly number[];
  isClosed(): boolean;
}

/** Sends `body` (the exact serialization of `envelope`) to every matching hook, in parallel. */
export function deliverDub(ctx: DubDeliveryContext, envelope: DubEnvelope, body: string): Promise<DeliveryReport[]> {
  return Promise.all(ctx.hooks.targetsFor(envelope).map((hook) => deliverToHook(ctx, hook, body)));
}

async function deliverToHook(ctx: DubDeliveryContext, hook: DubHook, body: string): Promise<DeliveryReport> {
  const signature = dubSignature(hook.secret, body);
  const report: DeliveryReport = { hookId: hook.id, url: hook.url, attempts: 0, statuses: [], delivered: false, body, signature };
  const headers = { 'content-type': 'application/json', 'dub-signature': signature, 'user-agent': 'dub-sandbox-webhooks/1.0' };
  for (let attempt = 0; attempt <= ctx.retryDelaysMs.length; attempt += 1) {
    if (attempt > 0) {
      await sleep(ctx.retryDelaysMs[attempt - 1] ?? 0);
      // A hook deleted, disabled or a sandbox closed while waiting gets no more attempts.
      if (ctx.isClosed() || !ctx.hooks.isActive(hook.id)) break;
    }
    const result = await ctx.poster.post(hook.url, body, headers, DUB_DELIVERY_TIMEOUT_MS);
    report.attempts += 1;
    report.statuses.push(result.status);
    if (isSuccess(result.status)) {
      report.delivered = true;
      delete report.error;
      ctx.hooks.recordSuccess(hook.id);
      break;
    }
    report.error = result.error ?? `receiver answered ${result.status}`;
    if (ctx.hooks.recordFailure(hook.id)) break;
  }
  return report;
}
