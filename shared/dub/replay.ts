import { signDubBody } from '../delivery/dub-signature';
import type { Transport } from '../transport/transport';
import type { UndeliveredDubEvent } from './delivery-log';

/** What a replay sent and what the receiver answered, per event. */
export interface ReplayedDubEvent {
  id: string;
  event: string;
  createdAt: string;
  /** The receiver's status; undefined when no answer came. */
  status?: number;
  /** Why no answer came (network error, timeout). */
  error?: string;
}

export interface DubReplayOptions {
  transport: Transport;
  /** Where to send: the hook's own URL, or another receiver. */
  url: string;
  /** The live hook's signing secret: the receiver checks Dub-Signature with it, as for any delivery from Dub. */
  secret: string;
  /** Extra headers (the n8n trigger marks its own recoveries). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  /** Stops at the first event not answered 2xx, so that what follows is not run before it (the default). */
  stopAtFirstFailure?: boolean;
}

/**
 * Sends Dub's events again, one after the other in the order given (Dub's creation order), each exactly as Dub sends
 * one: a POST of `JSON.stringify(payload)` with `Dub-Signature` = HMAC-SHA256 of those bytes under the hook's secret.
 * The payload keeps its `evt_` id, so a receiver that skips redeliveries skips one it already ran.
 */
export async function replayDubEvents(events: readonly UndeliveredDubEvent[], options: DubReplayOptions): Promise<ReplayedDubEvent[]> {
  const results: ReplayedDubEvent[] = [];
  for (const event of events) {
    const body = JSON.stringify(event.payload);
    const sent: ReplayedDubEvent = { id: event.id, event: event.event, createdAt: event.createdAt };
    try {
      const answer = await options.transport.send({
        method: 'POST',
        url: options.url,
        headers: { 'content-type': 'application/json', 'dub-signature': signDubBody(body, options.secret), ...options.headers },
        body,
        timeoutMs: options.timeoutMs ?? 30_000,
      });
      sent.status = answer.status;
    } catch (error) {
      sent.error = error instanceof Error ? error.message : String(error);
    }
    results.push(sent);
    const ok = sent.status !== undefined && sent.status >= 200 && sent.status < 300;
    if (!ok && options.stopAtFirstFailure !== false) break;
  }
  return results;
}
