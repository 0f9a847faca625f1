import type { EventEntry } from '../catalogue/types';
import type { NormalizedEvent } from '../normalized/outputs';
import { DeliveryError } from './delivery-error';
import { integersBeyondDoubles } from './exact-integers';
import { flattenDeepValues, mayNestPastLimit } from './nesting';
import type { Delivery, DeliveryService } from './delivery';

/** Real deliveries are a few kilobytes; anything this large is not one of them. */
export const MAX_DELIVERY_BYTES = 1024 * 1024;

/** A delivery of an event the catalogue knows, normalized; what did not read is listed in `event.unreadFields`. */
export interface ReadDelivery {
  ok: true;
  event: NormalizedEvent;
  entry: EventEntry;
  raw: unknown;
  verified: boolean;
}

/**
 * An authentic JSON delivery of an event the catalogue does not know (the service added one), or with no event name
 * at all: no normalized form, only the payload. Each platform decides whether the user asked for it.
 */
export interface UnknownEventDelivery {
  ok: true;
  event: undefined;
  entry: undefined;
  /** The name the service gave, or null when the body names none. */
  eventName: string | null;
  /** The payload's own `id` (Dub's have one), or null: with the name, what a log line says of it. */
  eventId: string | null;
  raw: unknown;
  verified: boolean;
}

export type DeliveryResult = ReadDelivery | UnknownEventDelivery | { ok: false; error: DeliveryError };

/**
 * raw delivery → verify → JSON → catalogue schema → normalized event, for one kind of delivery (a service's webhooks,
 * or Dub's partner postbacks). Two gates only: who sent it (signature or URL token) and whether it is JSON (and of a
 * sane size). Past them nothing is refused for its shape: the catalogue reads what it can and lists what it could
 * not. Never throws on bad input. A host that ships one service (an n8n package) gives it that service alone, so what
 * it bundles holds no other service's events or checks; parseDelivery (services.ts) picks the service by provider.
 */
export function parseServiceDelivery(service: DeliveryService, delivery: Delivery): DeliveryResult {
  const tooLarge = oversized(delivery);
  if (tooLarge) return { ok: false, error: tooLarge };
  const authenticity = delivery.secret === undefined ? undefined : service.verify(delivery, delivery.secret);
  if (authenticity) return { ok: false, error: authenticity };

  const text = jsonTextOf(delivery.body);
  if (text instanceof DeliveryError) return { ok: false, error: text };
  const raw = parseJson(text);
  if (raw instanceof DeliveryError) return { ok: false, error: raw };
  const verified = delivery.secret !== undefined;
  // Before anything copies or serializes it (the reader, the host's items): see MAX_NESTING.
  const flattened = mayNestPastLimit(text) ? flattenDeepValues(raw) : [];

  const eventName = eventNameOf(raw);
  const known = eventName === undefined ? undefined : service.entries.find((candidate) => candidate.event === eventName);
  const entry = known ?? service.readUnknownAs;
  let exactIntegers: ReadonlyMap<string, string> | undefined;
  const exactIntegerAt = (path: string) => (exactIntegers ??= integersBeyondDoubles(text)).get(path);
  const outcome = entry?.parse(raw, { exactIntegerAt, listed: flattened });
  // A known event whose body no stand-in could make readable (none found: the fuzz test holds every object to an
  // item) is handed back as its payload, like an unknown one, rather than refused.
  if (!entry || !outcome?.ok) {
    return { ok: true, event: undefined, entry: undefined, eventName: eventName ?? null, eventId: eventIdOf(raw), raw, verified };
  }
  return { ok: true, event: outcome.event, entry, raw, verified };
}

/**
 * What refuses a request before any secret is looked up: too large, without a signature or token in the service's
 * form, or not JSON. A request refused here can never be a delivery of the service, so it must cost nothing (no call
 * to the service to learn a hook's secret).
 */
export function screenDelivery(service: DeliveryService, delivery: Delivery): DeliveryError | undefined {
  const unverifiable = oversized(delivery) ?? service.unverifiable(delivery);
  if (unverifiable) return unverifiable;
  const text = jsonTextOf(delivery.body);
  if (text instanceof DeliveryError) return text;
  const raw = parseJson(text);
  return raw instanceof DeliveryError ? raw : undefined;
}

function oversized(delivery: Delivery): DeliveryError | undefined {
  const size = typeof delivery.body === 'string' ? Buffer.byteLength(delivery.body) : delivery.body.byteLength;
  if (size <= MAX_DELIVERY_BYTES) return undefined;
  return new DeliveryError('body_too_large', `The body is ${size} bytes; deliveries are at most ${MAX_DELIVERY_BYTES}.`);
}

const decoder = new TextDecoder('utf-8', { fatal: true });
const BYTE_ORDER_MARK = 0xfeff;

/**
 * A leading byte-order mark is skipped, whichever form the body came in: the decoder drops it from bytes (n8n hands
 * over a Buffer), and a platform that hands over text (Zapier) keeps it. The signature was checked on the body as it came.
 */
function jsonTextOf(body: Uint8Array | string): string | DeliveryError {
  try {
    const text = typeof body === 'string' ? body : decoder.decode(body);
    return text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
  } catch (error) {
    return invalidJson(error);
  }
}

/** JSON.parse does not recurse (V8 parses a million nested lists), so any depth within the size limit parses. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return invalidJson(error);
  }
}

function invalidJson(error: unknown): DeliveryError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DeliveryError('invalid_json', `The body is not valid JSON (${reason}).`);
}

function eventNameOf(raw: unknown): string | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return undefined;
  const event = (raw as { event?: unknown }).event;
  return typeof event === 'string' ? event : undefined;
}

function eventIdOf(raw: unknown): string | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return null;
  const id = (raw as { id?: unknown }).id;
  return typeof id === 'string' ? id : null;
}
