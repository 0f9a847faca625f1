/**
 * Dub's partner postbacks, as dubinc/dub sends them (apps/web/lib/postback/, read at 1de955f, 2026-08-21): a partner
 * adds a postback (a URL and some of lead.created, sale.created, commission.created) in the partner dashboard and is
 * shown its secret, `pbsec_` and 16 random bytes in hex (constants.ts; createToken in lib/api/oauth/utils.ts). For an
 * event, every enabled postback of the partner whose triggers hold it gets the envelope `{id, event, createdAt, data}`
 * with a fresh `evt_` id (send-partner-postback.ts, postback-adapter-custom.ts), signed like a webhook with the
 * postback's secret (postback-adapters.ts → lib/webhook/signature.ts), through QStash: retried until a 2xx.
 * Postbacks are managed through the partner's login, not Dub's public API, so the sandbox offers them in-process only.
 */
import { isSuccess, sleep, type WebhookPoster } from '../poster';
import { randomHex, randomId } from '../ids';
import type { DeliveryReport, DubEnvelope, DubPostback, DubPostbackTrigger } from '../types';
import { DUB_DELIVERY_TIMEOUT_MS, dubSignature } from './delivery';

/** MAX_POSTBACKS in Dub's constants.ts: a partner's sixth postback is refused. */
export const DUB_MAX_POSTBACKS = 5;

export class DubPostbacks {
  private postbacks: DubPostback[] = [];

  constructor(
    private readonly poster: WebhookPoster,
    private readonly retryDelaysMs: readonly number[],
    private readonly isClosed: () => boolean,
  ) {}

  /** What the partner dashboard does on "Create postback": Dub makes the secret and shows it once. */
  add(url: string, triggers: DubPostbackTrigger[]): DubPostback {
    if (this.postbacks.length >= DUB_MAX_POSTBACKS) throw new Error(`Maximum number of postbacks (${DUB_MAX_POSTBACKS}) reached.`);
    if (triggers.length === 0) throw new Error('At least one trigger is required');
    const postback: DubPostback = { id: `pb_${randomId(25)}`, url, triggers: [...triggers], secret: `pbsec_${randomHex(16)}`, disabledAt: null };
    this.postbacks.push(postback);
    return { ...postback };
  }

  disable(id: string): void {
    const postback = this.postbacks.find((candidate) => candidate.id === id);
    if (postback) postback.disabledAt = new Date().toISOString();
  }

  list(): DubPostback[] {
    return this.postbacks.map((postback) => ({ ...postback }));
  }

  clear(): void {
    this.postbacks = [];
  }

  /** Dub's sendPartnerPostback: one envelope per postback (each its own `evt_` id), to the enabled ones that want it. */
  send(event: DubPostbackTrigger, data: unknown): Promise<DeliveryReport[]> {
    const createdAt = new Date().toISOString();
    const targets = this.postbacks.filter((postback) => postback.disabledAt === null && postback.triggers.includes(event));
    return Promise.all(
      targets.map((postback) => {
        const envelope: DubEnvelope = { id: `evt_${randomId(25)}`, event, createdAt, data };
        const body = JSON.stringify(envelope);
        return this.post(postback, body, dubSignature(postback.secret, body));
      }),
    );
  }

  private async post(postback: DubPostback, body: string, signature: string): Promise<DeliveryReport> {
    const report: DeliveryReport = { hookId: postback.id, url: postback.url, attempts: 0, statuses: [], delivered: false, body, signature };
    // QStash hides its own headers (Upstash-Hide-Headers): the receiver sees the JSON type and the signature.
    const headers = { 'content-type': 'application/json', 'dub-signature': signature, 'user-agent': 'dub-sandbox-postbacks/1.0' };
    for (let attempt = 0; attempt <= this.retryDelaysMs.length; attempt += 1) {
      if (attempt > 0) {
        await sleep(this.retryDelaysMs[attempt - 1] ?? 0);
        if (this.isClosed()) break;
      }
      const result = await this.poster.post(postback.url, body, headers, DUB_DELIVERY_TIMEOUT_MS);
      report.attempts += 1;
      report.statuses.push(result.status);
      if (isSuccess(result.status)) {
        report.delivered = true;
        delete report.error;
        break;
      }
      report.error = result.error ?? `receiver answered ${result.status}`;
    }
    return report;
  }
}
