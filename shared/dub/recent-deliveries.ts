import type { EventEntry } from '../catalogue/types';
import type { ReceivedEvent } from '../delivery/output-shape';
import { dubCatalogue } from './catalogue';
import type { DubSamplingClient } from './sampling-client';
import type { DubEventName } from './event-names';
import type { LinkScope } from './hook-spec';

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

/** What a trigger's hook would receive: for link.clicked, only clicks in the chosen scope. */
export interface RecentFilter {
  scope?: LinkScope;
}

interface RecentSource {
  fetch(client: DubSamplingClient, limit: number, filter: RecentFilter): Promise<ApiRecord[]>;
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

/** Per chosen link or folder up to this many, one events call each; beyond, one workspace page filtered here. */
const SCOPED_CALLS = 5;
/** Dub's largest events page (`limit` ≤ 1000). */
const EVENTS_PAGE_MAX = 1000;

const clicks: RecentSource = {
  async fetch(client, limit, { scope = { kind: 'workspace' } }) {
    const query = { event: 'clicks' as const, interval: '30d' as const };
    const ids = scope.kind === 'links' ? scope.linkIds : scope.kind === 'folders' ? scope.folderIds : [];
    const inScope = (record: ApiRecord) =>
      scope.kind === 'workspace' || ids.includes(String(child(record, 'link')[scope.kind === 'links' ? 'id' : 'folderId']));
    let records: ApiRecord[];
    if (scope.kind === 'workspace') records = await client.events({ ...query, limit });
    else if (ids.length > SCOPED_CALLS) records = await client.events({ ...query, limit: EVENTS_PAGE_MAX });
    else {
      const pages = await Promise.all(ids.map((id) => client.events({ ...query, limit, ...(scope.kind === 'links' ? { linkId: id } : { folderId: id }) })));
      records = pages.flat().sort((a, b) => String(b.timestamp).localeCompare(String(a.timestamp)));
    }
    return records.filter(inScope);
  },
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

/** Endpoints that page (`pageSize`) and answer newest first: each record is the webhook's `data` as it is. */
const listed = (path: '/partners' | '/commissions' | '/payouts' | '/partners/applications'): RecentSource => ({
  fetch: (client, limit) => client.list(path, { pageSize: limit }),
  envelope: (record) => ({ id: record.id, createdAt: record.createdAt, data: record }),
});

/** GET /bounties answers every bounty of the program, in no stated order: the newest first here. */
const bounties = (time: 'createdAt' | 'updatedAt'): RecentSource => ({
  fetch: async (client) => (await client.list('/bounties')).sort((a, b) => String(timeOf(b, time)).localeCompare(String(timeOf(a, time)))),
  envelope: (bounty) => ({ id: bounty.id, createdAt: timeOf(bounty, time), data: bounty }),
});

/**
 * GET /discount-codes lists the program's codes (`partnerId` optional in Dub's current schema), with the discount's
 * id where the webhook has the discount; a code that is listed exists, so only discount_code.created has a source.
 */
const discountCodes: RecentSource = {
  fetch: (client, limit) => client.list('/discount-codes', { pageSize: limit }),
  envelope: ({ discountId, ...code }) => ({
    id: code.id,
    // Dub's current DiscountCodeSchema has no time; then the listing's moment stands in (the code exists now).
    createdAt: code.createdAt ?? code.updatedAt ?? new Date().toISOString(),
    data: { ...code, discount: typeof discountId === 'string' ? { id: discountId } : null },
  }),
};

const SOURCES: Partial<Record<DubEventName, RecentSource>> = {
  'link.created': links,
  'link.updated': updatedLinks,
  // No link.deleted: Dub lists live links only, and a live link is no deleted one.
  'link.clicked': clicks,
  'lead.created': leads,
  'sale.created': sales,
  'partner.application_submitted': listed('/partners/applications'),
  'partner.enrolled': listed('/partners'),
  'commission.created': listed('/commissions'),
  'bounty.created': bounties('createdAt'),
  'bounty.updated': bounties('updatedAt'),
  'payout.confirmed': listed('/payouts'),
  'discount_code.created': discountCodes,
};

/** True when Dub has an endpoint listing recent data for the event (not for deletions, nor partner.merged). */
export function hasRecentDubSource(event: DubEventName): boolean {
  return SOURCES[event] !== undefined;
}

/**
 * Up to `limit` recent events of this kind, newest first, as the trigger would have received them (`filter`: Link
 * Clicked's scope); undefined when Dub has no endpoint for them.
 */
export async function recentDubEvents(client: DubSamplingClient, event: DubEventName, limit: number, filter: RecentFilter = {}): Promise<RecentEvents | undefined> {
  const source = SOURCES[event];
  if (!source) return undefined;
  const entry: EventEntry = dubCatalogue[event];
  const records = (await source.fetch(client, limit, filter)).slice(0, limit);
  const events: ReceivedEvent[] = [];
  for (const record of records) {
    const delivery = { event, ...source.envelope(record) };
    const outcome = entry.parse(delivery);
    // Samples teach the fields to map: a record that does not read whole would teach its stand-ins instead.
    if (outcome.ok && outcome.event.unreadFields.length === 0) events.push({ event: outcome.event, raw: delivery });
  }
  return { events, skipped: records.length - events.length };
}

/** A bounty's time for ordering and for the envelope: Dub's list may lack it, then its start stands in. */
function timeOf(bounty: ApiRecord, time: 'createdAt' | 'updatedAt'): unknown {
  return bounty[time] ?? bounty.createdAt ?? bounty.startsAt;
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
