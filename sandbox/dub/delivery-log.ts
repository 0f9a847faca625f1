/**
 * Dub's delivery log: one row per attempt, as QStash's callback records it (app/api/webhooks/callback/route.ts →
 * recordWebhookEvent into Tinybird's dub_webhook_events), and as GET /webhooks/{id}/events reads it back
 * (app/api/webhooks/[webhookId]/events/route.ts, pipe get_webhook_events: `ORDER BY timestamp DESC limit 100`).
 */
import { json, type ApiResponse } from '../http';
import { dubNotFound } from './errors';
import type { DubHookStore } from './hook-store';

/** The pipe's `limit 100`: the log shows a hook's last 100 attempts, whatever their events. */
export const DUB_DELIVERY_LOG_LIMIT = 100;

/** A row as recorded (webhookEventSchemaTB, lib/zod/schemas/webhooks.ts): request_body is the raw text sent. */
export interface DubDeliveryLogRow {
  event_id: string;
  webhook_id: string;
  /** QStash's id for the published message: the same for every retry of it. */
  message_id: string;
  event: string;
  url: string;
  /** The receiver's status; no answer (QStash's -1) is recorded as 503. */
  http_status: number;
  request_body: string;
  response_body: string;
  /** Tinybird's DateTime64(3), UTC, written without a zone ("2026-12-06 12:00:00.000"). */
  timestamp: string;
}

export interface DubAttempt {
  hookId: string;
  eventId: string;
  event: string;
  messageId: string;
  url: string;
  body: string;
  /** null: no answer (network error or timeout). */
  status: number | null;
  responseBody: string;
}

export class DubDeliveryLog {
  /** Per hook, newest last; only the last DUB_DELIVERY_LOG_LIMIT are ever read, so only those are kept. */
  private readonly rows = new Map<string, DubDeliveryLogRow[]>();

  record(attempt: DubAttempt, at = new Date()): void {
    const row: DubDeliveryLogRow = {
      event_id: attempt.eventId,
      webhook_id: attempt.hookId,
      message_id: attempt.messageId,
      event: attempt.event,
      url: attempt.url,
      http_status: attempt.status === null || attempt.status === -1 ? 503 : attempt.status,
      request_body: attempt.body,
      response_body: attempt.responseBody,
      timestamp: at.toISOString().replace('T', ' ').replace('Z', ''),
    };
    const rows = [...(this.rows.get(attempt.hookId) ?? []), row];
    this.rows.set(attempt.hookId, rows.slice(-DUB_DELIVERY_LOG_LIMIT));
  }

  /** Newest first, at most DUB_DELIVERY_LOG_LIMIT. */
  rowsOf(hookId: string): DubDeliveryLogRow[] {
    return [...(this.rows.get(hookId) ?? [])].reverse();
  }

  clear(): void {
    this.rows.clear();
  }
}

/**
 * GET /webhooks/{id}/events: 404 for a hook the workspace does not have (a deleted hook's rows stay in Tinybird but
 * cannot be read any more: the route looks the hook up first); each row with its timestamp made a UTC date and its
 * request_body parsed (`JSON.parse(event.request_body)`).
 */
export function listWebhookEvents(store: DubHookStore, log: DubDeliveryLog, id: string): ApiResponse {
  if (!store.get(id)) return dubNotFound();
  return json(
    200,
    log.rowsOf(id).map((row) => ({
      ...row,
      timestamp: new Date(`${row.timestamp}Z`).toISOString(),
      request_body: JSON.parse(row.request_body) as unknown,
    })),
  );
}
