import type { CatalogueEntry } from '../catalogue/types';
import type { ReceivedEvent } from '../delivery/output-shape';
import { dubCatalogue } from './catalogue';
import type { DubClient } from './client';
import type { DubEventName } from './event-names';

/**
 * Real recent data for an event, from the Dub list endpoint that has it. Each record is rewrapped as the webhook
 * envelope Dub would have sent and goes through the event's own catalogue schema and normalizer, so it has exactly
 * the shape of a delivered event; the envelope is kept beside it as the event's payload. Records that do not fit are
 * counted, not thrown.
 */
export interface RecentEvents {
  events: ReceivedEvent[];
  skipped: number;
}

type ApiRecord = Record<string, unknown>;

interface RecentSource {
  fetch(client: DubClient, limit: number): Promise<ApiRecord[]>;
  /** The envelope's id, time and data for one record; Dub's list endpoints carry no `evt_` id, so the record's own. */
  envelope(record: ApiRecord): { id: unknown; createdAt: unknown; data: unknown };
}

const links: RecentSource = {
  fetch: (client, limit) => client.links({ pageSize: limit }),
  envelope: (link) => ({ id: link.id, createdAt: link.createdAt, data: link }),
};

const updatedLinks: RecentSource = {
  ...links,
  envelope: (link) => ({ id: link.id, createdAt: link.updatedAt ?? link.createdAt, data: link }),
};

const clicks: RecentSource = {
  fetch: (client, limit) => client.events({ event: 'clicks', limit, interval: '30d' }),
  envelope: (record) => ({ id: child(record, 'click').id, createdAt: record.timestamp, data: { click: record.click, link: record.link } }),
};

const leads: RecentSource = {
  fetch: (client, limit) => client.events({ event: 'leads', limit, interval: '30d' }),
  envelope: (record) => ({ id: record.eventId, createdAt: record.timestamp, data: { ...record, metadata: metadataOf(record.metadata) } }),
};

const sales: RecentSource = {
  fetch: (client, limit) => client.events({ event: 'sales', limit, interval: '30d' }),
  envelope: (record) => ({
    id: record.eventId,
    createdAt: record.timestamp,
    // Dub's analytics store sales converted to USD and leave the currency out.
    data: { ...record, metadata: metadataOf(record.metadata), sale: { currency: 'usd', ...child(record, 'sale') } },
  }),
};

const listed = (path: '/partners' | '/commissions' | '/payouts'): RecentSource => ({
  fetch: (client, limit) => client.list(path, { pageSize: limit }),
  envelope: (record) => ({ id: record.id, createdAt: record.createdAt, data: record }),
});

const SOURCES: Partial<Record<DubEventName, RecentSource>> = {
  'link.created': links,
  'link.updated': updatedLinks,
  'link.deleted': links,
  'link.clicked': clicks,
  'lead.created': leads,
  'sale.created': sales,
  'partner.enrolled': listed('/partners'),
  'commission.created': listed('/commissions'),
  'payout.confirmed': listed('/payouts'),
};

/** True when Dub has an endpoint listing recent data for the event. */
export function hasRecentDubSource(event: DubEventName): boolean {
  return SOURCES[event] !== undefined;
}

/** Up to `limit` recent events of this kind, newest first; undefined when Dub has no endpoint for them. */
export async function recentDubEvents(client: DubClient, event: DubEventName, limit: number): Promise<RecentEvents | undefined> {
  const source = SOURCES[event];
  if (!source) return undefined;
  const entry: CatalogueEntry = dubCatalogue[event];
  const records = (await source.fetch(client, limit)).slice(0, limit);
  const events: ReceivedEvent[] = [];
  for (const record of records) {
    const delivery = { event, ...source.envelope(record) };
    const outcome = entry.parse(delivery);
    // Samples teach the fields to map: a record that does not read whole would teach its stand-ins instead.
    if (outcome.ok && outcome.event.unreadFields.length === 0) events.push({ event: outcome.event, raw: delivery });
  }
  return { events, skipped: records.length - events.length };
}

function child(record: ApiRecord, name: string): ApiRecord {
  const value = record[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ApiRecord) : {};
}

/** The events endpoint sends metadata as a JSON string; deliveries send an object. */
function metadataOf(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  if (value.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : { value };
  } catch {
    return { value };
  }
}
