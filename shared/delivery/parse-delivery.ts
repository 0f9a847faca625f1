import type * as z from '../zod';
import type { CatalogueEntry } from '../catalogue/types';
import { dubDeliveryService } from '../dub/catalogue';
import { linklyDeliveryService } from '../linkly/catalogue';
import type { NormalizedEvent } from '../normalized/outputs';
import type { Provider } from '../normalized/parts';
import { DeliveryError } from './delivery-error';
import type { HeaderBag } from './headers';

/** Real deliveries are a few kilobytes; anything this large is not one of them. */
export const MAX_DELIVERY_BYTES = 1024 * 1024;

export interface Delivery {
  provider: Provider;
  headers: HeaderBag;
  /** The exact bytes received. */
  body: Uint8Array | string;
  /** Dub: the hook's signing secret. Linkly: the token the connector put in the hook URL. Absent: not verified. */
  secret?: string;
  /** The request URL (or path and query): where Linkly deliveries carry the token. */
  url?: string;
}

export type DeliveryResult =
  | { ok: true; event: NormalizedEvent; entry: CatalogueEntry; raw: unknown; verified: boolean }
  | { ok: false; error: DeliveryError };

/** What parsing knows of one service: its name in messages, its events, and how a delivery proves who sent it. */
export interface DeliveryService {
  provider: Provider;
  name: string;
  entries: readonly CatalogueEntry[];
  /** The refusal for a delivery the service did not send (checked against `secret`), or undefined. */
  verify(delivery: Delivery, secret: string): DeliveryError | undefined;
}

const SERVICES: Record<Provider, DeliveryService> = { dub: dubDeliveryService, linkly: linklyDeliveryService };

/** raw delivery → verify → JSON → catalogue schema → normalized event. Never throws on bad input. */
export function parseDelivery(delivery: Delivery): DeliveryResult {
  return parseServiceDelivery(SERVICES[delivery.provider], delivery);
}

/**
 * parseDelivery for a host that ships one service only (an n8n package): given that service alone, what it bundles
 * holds no other service's events or checks.
 */
export function parseServiceDelivery(service: DeliveryService, delivery: Delivery): DeliveryResult {
  const size = typeof delivery.body === 'string' ? Buffer.byteLength(delivery.body) : delivery.body.byteLength;
  if (size > MAX_DELIVERY_BYTES) {
    return fail('body_too_large', `The body is ${size} bytes; deliveries are at most ${MAX_DELIVERY_BYTES}.`);
  }
  const authenticity = delivery.secret === undefined ? undefined : service.verify(delivery, delivery.secret);
  if (authenticity) return { ok: false, error: authenticity };

  const raw = parseJson(delivery.body);
  if (raw instanceof DeliveryError) return { ok: false, error: raw };

  const eventName = eventNameOf(raw);
  if (eventName === undefined) {
    return fail('schema_mismatch', `The body has no "event" field naming the ${service.name} event.`, 'event');
  }
  const entry = service.entries.find((candidate) => candidate.event === eventName);
  if (!entry) {
    return fail(
      'unknown_event',
      `${service.name} sent an event named "${eventName}", which this connector does not know.`,
    );
  }
  const outcome = entry.parse(raw);
  if (!outcome.ok) return { ok: false, error: schemaMismatch(service, entry, outcome.issues) };
  return { ok: true, event: outcome.event, entry, raw, verified: delivery.secret !== undefined };
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function parseJson(body: Uint8Array | string): unknown {
  try {
    return JSON.parse(typeof body === 'string' ? body : decoder.decode(body));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return new DeliveryError('invalid_json', `The body is not valid JSON (${reason}).`);
  }
}

function eventNameOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const event = (raw as { event?: unknown }).event;
  return typeof event === 'string' ? event : undefined;
}

function schemaMismatch(service: DeliveryService, entry: CatalogueEntry, issues: z.core.$ZodIssue[]): DeliveryError {
  const first = issues[0];
  const path = first ? first.path.map(String).join('.') : '';
  const where = path ? `${path}: ` : '';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new DeliveryError(
    'schema_mismatch',
    `The ${entry.event} delivery does not match ${service.name}'s format at ${where}${first?.message ?? 'unknown problem'}${more}.`,
    path,
  );
}

function fail(kind: DeliveryError['kind'], message: string, path?: string): DeliveryResult {
  return { ok: false, error: new DeliveryError(kind, message, path) };
}
