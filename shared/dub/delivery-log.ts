import * as z from '../zod';

/**
 * Dub's delivery log, as `GET /webhooks/{id}/events` answers it (undocumented; app/api/webhooks/[webhookId]/events/
 * route.ts in dubinc/dub): the hook's last 100 delivery ATTEMPTS, newest first, one row per attempt as QStash's
 * callback recorded it (an event retried three times has three rows). `request_body` is the payload Dub sent, parsed.
 * Loose: Dub adds fields to its rows over time.
 */
export const dubDeliveryLogRowSchema = z.looseObject({
  event_id: z.string(),
  event: z.string(),
  http_status: z.number(),
  request_body: z.unknown(),
  response_body: z.string().nullish(),
  timestamp: z.string(),
  webhook_id: z.string().nullish(),
  message_id: z.string().nullish(),
  url: z.string().nullish(),
});
export type DubDeliveryLogRow = z.output<typeof dubDeliveryLogRowSchema>;

/** The route's limit (Tinybird pipe get_webhook_events: `ORDER BY timestamp DESC limit 100`). */
export const DUB_DELIVERY_LOG_SIZE = 100;

/** An event the log shows Dub tried to deliver, with no attempt answered 2xx. */
export interface UndeliveredDubEvent {
  /** The payload's own `evt_` id (older Dub code logged a random event_id; the payload's id is the dedupe key). */
  id: string;
  event: string;
  /** When Dub created the event (the payload's createdAt): the order events are recovered in. */
  createdAt: string;
  /** The payload Dub sent, as it sent it: `{ id, event, createdAt, data }`. */
  payload: Record<string, unknown>;
  attempts: number;
  /** The last attempt's status (Dub logs "no answer" as 503) and time. */
  lastStatus: number;
  lastAttemptAt: string;
}

export interface DubDeliveryLogReading {
  /** Rows read (attempts), at most DUB_DELIVERY_LOG_SIZE. */
  attempts: number;
  /** Attempts that failed after the newest 2xx one (all of them when the log shows no success). */
  failedSinceLastSuccess: number;
  /** Undelivered events, oldest first (Dub's creation order), each once. */
  undelivered: UndeliveredDubEvent[];
  /** Ids of the events the log shows answered 2xx at least once. */
  delivered: string[];
  /**
   * The log is full and holds no success: attempts older than `oldestAttemptAt` may have failed too, and the log can
   * no longer show them. Their events cannot be recovered from it.
   */
  mayMissOlder: boolean;
  /** The oldest attempt the log shows; undefined for an empty log. */
  oldestAttemptAt?: string;
  /** Rows whose request_body is not a Dub envelope (no id or createdAt): they cannot be sent again. */
  unreadable: number;
}

/** A 2xx: what QStash takes as delivered (Dub counts any status below 400 as no failure, but QStash retries a 3xx). */
function isDelivered(status: number): boolean {
  return status >= 200 && status < 300;
}

function envelopeOf(row: DubDeliveryLogRow): Record<string, unknown> | undefined {
  const body = row.request_body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
  const payload = body as Record<string, unknown>;
  return typeof payload['id'] === 'string' && typeof payload['createdAt'] === 'string' && typeof payload['event'] === 'string' ? payload : undefined;
}

/** Which events of the log Dub could not deliver, in the order it created them. */
export function readDubDeliveryLog(rows: readonly DubDeliveryLogRow[]): DubDeliveryLogReading {
  // Newest first, as Dub answers; sorted again in case an answer comes otherwise.
  const newestFirst = [...rows].sort((a, b) => Date.parse(b.timestamp) - Date.parse(a.timestamp));
  const lastSuccess = newestFirst.findIndex((row) => isDelivered(row.http_status));
  const delivered = new Set<string>();
  const failed = new Map<string, UndeliveredDubEvent>();
  let unreadable = 0;
  for (const row of newestFirst) {
    const payload = envelopeOf(row);
    if (!payload) {
      unreadable += 1;
      continue;
    }
    const id = payload['id'] as string;
    if (isDelivered(row.http_status)) {
      delivered.add(id);
      continue;
    }
    const seen = failed.get(id);
    if (seen) {
      seen.attempts += 1;
      continue;
    }
    failed.set(id, {
      id,
      event: payload['event'] as string,
      createdAt: payload['createdAt'] as string,
      payload,
      attempts: 1,
      lastStatus: row.http_status,
      lastAttemptAt: row.timestamp,
    });
  }
  const undelivered = [...failed.values()]
    .filter((event) => !delivered.has(event.id))
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const oldest = newestFirst.at(-1)?.timestamp;
  return {
    attempts: newestFirst.length,
    failedSinceLastSuccess: lastSuccess === -1 ? newestFirst.length : lastSuccess,
    undelivered,
    delivered: [...delivered],
    mayMissOlder: newestFirst.length >= DUB_DELIVERY_LOG_SIZE && lastSuccess === -1,
    ...(oldest === undefined ? {} : { oldestAttemptAt: oldest }),
    unreadable,
  };
}
