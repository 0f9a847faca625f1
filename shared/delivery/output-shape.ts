import type { UnreadField } from '../catalogue/read-leniently';
import type { CatalogueEntry } from '../catalogue/types';
import type { NormalizedEvent } from '../normalized/outputs';

/**
 * What one item holds, on every platform: the normalized event (the same fields whichever service sent it), the
 * service's own payload, or both. Both platforms offer the same three, so the shapes are decided here, once.
 */
export type OutputShape = 'normalized' | 'raw' | 'both';

export const OUTPUT_SHAPES: readonly OutputShape[] = ['normalized', 'raw', 'both'];

/** Where "both" puts the service's payload: beside the normalized fields, so mappings made for "normalized" keep working. */
export const RAW_KEY = 'raw';

/** A normalized event and the payload it came from: as the service sent it, or for recent data, as it would have. */
export interface ReceivedEvent {
  event: NormalizedEvent;
  raw: unknown;
}

export function isOutputShape(value: unknown): value is OutputShape {
  return value === 'normalized' || value === 'raw' || value === 'both';
}

/**
 * One item in the chosen shape. The service's payload is passed through untouched (every field it has, known to
 * this connector or not), except that one without an `id` (Linkly's) is given the event's stable id first: both
 * platforms need an id to tell items apart, and Zapier refuses samples without one.
 */
export function shapeOutput({ event, raw }: ReceivedEvent, shape: OutputShape): Record<string, unknown> {
  if (shape === 'normalized') return event;
  const payload = asObject(raw);
  if (shape === 'raw') return 'id' in payload ? payload : Object.assign({ id: event.id }, payload);
  // Object.assign, not a spread: see withEnvelope in shared/dub/normalize-parts.ts.
  return Object.assign({}, event, { [RAW_KEY]: payload });
}

/**
 * The item for an event the catalogue does not know (the service added one): there is no normalized form, so it is
 * the payload exactly as sent, whatever the Output choice, with `unreadFields` naming the event that did not read
 * (as on every item, so one IF on its length routes whatever was not normalized). Dub's carries its own `id`, `event`
 * and `createdAt`.
 */
export function unknownEventItem(raw: unknown): Record<string, unknown> {
  const payload = asObject(raw);
  const event = payload.event;
  const unread: UnreadField = { path: 'event', expected: 'an event this package knows', received: event === undefined ? null : JSON.stringify(event) };
  return Object.assign({}, payload, { unreadFields: [unread] });
}

/** The catalogue's sample as a received event: what a trigger shows when there is no real data to show. */
export function sampleEvent(entry: CatalogueEntry): ReceivedEvent {
  return { event: entry.normalizedSample(), raw: entry.sample };
}

/** A payload that is not a JSON object (only an unknown event's can be) is kept under `value`. */
function asObject(raw: unknown): Record<string, unknown> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : { value: raw };
}
