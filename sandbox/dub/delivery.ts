/**
 * Dub's delivery (through Upstash QStash): a signed POST per hook, retried after each configured delay until a 2xx,
 * failures in a row counted toward disabling the hook, and at-least-once: an event a hook took can come again.
 */
import { createHmac } from 'node:crypto';
import { randomId } from '../ids';
import { isSuccess, sleep, type WebhookPoster } from '../poster';
import type { DeliveryReport, DubEnvelope } from '../types';
import type { DubDeliveryLog } from './delivery-log';
import type { DubHookStore } from './hook-store';

/** Dub's real timeout is not published; this is generous without stalling tests for long. */
export const DUB_DELIVERY_TIMEOUT_MS = 10_000;

/** Deliberately written apart from shared/delivery's signer: the fake checks the core, so it must not share its code.
 *  Dub-Signature: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret
 *  string as UTF-8 (the `whsec_` prefix included, not decoded). */
export function dubSignature(secret: string, body: string): string {
  return createHmac('sha256', Buffer.from(secret, 'utf8')).update(body, 'utf8').digest('hex');
}

/** One message as sent: what a redelivery sends again, byte for byte. */
interface Message {
  hookId: string;
  eventId: string;
  event: string;
  /** QStash's id for the published message, the same for each of its retries. */
  messageId: string;
  url: string;
  body: string;
  signature: string;
}

export class DubDelivery {
  /** Per event id, the messages a hook answered with a 2xx. */
  private taken = new Map<string, Message[]>();

  constructor(
    private readonly hooks: DubHookStore,
    private readonly poster: WebhookPoster,
    private readonly retryDelaysMs: readonly number[],
    private readonly isClosed: () => boolean,
    private readonly log: DubDeliveryLog,
  ) {}

  /** Sends `body` (the exact serialization of `envelope`) to every matching hook, in parallel. */
  deliver(envelope: DubEnvelope, body: string): Promise<DeliveryReport[]> {
    return Promise.all(
      this.hooks.targetsFor(envelope).map(async (hook) => {
        const message: Message = {
          hookId: hook.id,
          eventId: envelope.id,
          event: envelope.event,
          messageId: `msg_${randomId(24)}`,
          url: hook.url,
          body,
          signature: dubSignature(hook.secret, body),
        };
        const report = await this.send(message);
        if (report.delivered) this.remember(envelope.id, message);
        return report;
      }),
    );
  }

  /** The same messages again, as QStash may send them after a 2xx (Dub sets no deduplication id). */
  redeliver(eventId: string): Promise<DeliveryReport[]> {
    return Promise.all((this.taken.get(eventId) ?? []).map((message) => this.send(message)));
  }

  clear(): void {
    this.taken.clear();
  }

  /**
   * Retries go on whatever happens to the hook meanwhile: the message is already in QStash, which knows nothing of
   * Dub's disabledAt (only new events skip a disabled hook: `disabledAt: null` in lib/webhook/publish.ts). Each attempt
   * is called back (app/api/webhooks/callback/route.ts): logged, and counted toward or clearing the failures in a row.
   * Only closing stops them.
   */
  private async send(message: Message): Promise<DeliveryReport> {
    const { hookId, url, body, signature } = message;
    const report: DeliveryReport = { hookId, url, attempts: 0, statuses: [], delivered: false, body, signature };
    const headers = { 'content-type': 'application/json', 'dub-signature': signature, 'user-agent': 'dub-sandbox-webhooks/1.0' };
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) {
        await sleep(this.retryDelaysMs[attempt - 1] ?? 0);
        if (this.isClosed()) break;
      }
      const result = await this.poster.post(url, body, headers, DUB_DELIVERY_TIMEOUT_MS);
      report.attempts += 1;
      report.statuses.push(result.status);
      // A deleted hook's callback finds no webhook and records nothing ("Webhook not found").
      if (this.hooks.get(hookId)) {
        this.log.record({ hookId, eventId: message.eventId, event: message.event, messageId: message.messageId, url, body, status: result.status, responseBody: result.body });
      }
      // Dub counts an answer of 400 or more, or none, as a failure; anything below clears the count.
      if (result.status === null || result.status >= 400) this.hooks.recordFailure(hookId);
      else this.hooks.recordSuccess(hookId);
      if (isSuccess(result.status)) {
        report.delivered = true;
        delete report.error;
        break;
      }
      report.error = result.error ?? `receiver answered ${result.status}`;
    }
    return report;
  }

  private remember(eventId: string, message: Message): void {
    const messages = (this.taken.get(eventId) ?? []).filter((taken) => taken.hookId !== message.hookId);
    this.taken.set(eventId, [...messages, message]);
  }
}
