import type { ReceivedEvent } from '../delivery/output-shape';
import { linklyClickEvent } from './catalogue';
import type { LinklySamplingClient } from './sampling-client';

type ApiRecord = Record<string, unknown>;

const DAY_MS = 24 * 60 * 60 * 1000;

export interface RecentClicks {
  /** Each click with the delivery it was rewrapped as. */
  events: ReceivedEvent[];
  /** Records that could not be read as a click. */
  skipped: number;
}

export interface RecentClicksQuery {
  /** One link's clicks; the whole workspace when absent. */
  linkId?: string | number;
  limit: number;
  /** How far back to look; a short window keeps the export small on busy workspaces. */
  days?: number;
  now?: number;
}

/**
 * Recent clicks from Linkly's click export, rewrapped as the webhook delivery Linkly would have sent (the export
 * names some fields differently, and gives the link's id only, so links are joined from the link export) and
 * normalized by the catalogue entry itself: the result has exactly the shape of a delivered click.
 */
export async function recentLinklyClicks(client: LinklySamplingClient, query: RecentClicksQuery): Promise<RecentClicks> {
  const now = query.now ?? Date.now();
  const [records, links] = await Promise.all([
    client.clicks({ start: isoDay(now - (query.days ?? 7) * DAY_MS), end: isoDay(now), linkId: query.linkId }),
    client.links(),
  ]);
  const linksById = new Map(links.map((link) => [String(link.id), link]));
  const newestFirst = [...records].sort((a, b) => String(b.timestamp ?? '').localeCompare(String(a.timestamp ?? '')));
  const chosen = newestFirst.slice(0, query.limit);
  const events: ReceivedEvent[] = [];
  for (const record of chosen) {
    const delivery = asDelivery(record, linksById);
    const outcome = linklyClickEvent.parse(delivery);
    // As for Dub's: a sample that does not read whole would show stand-ins, not fields.
    if (outcome.ok && outcome.event.unreadFields.length === 0) events.push({ event: outcome.event, raw: delivery });
  }
  return { events, skipped: chosen.length - events.length };
}

function asDelivery(record: ApiRecord, linksById: Map<string, ApiRecord>) {
  const linkId = record.link_id ?? record.linkId;
  return {
    event: 'click',
    timestamp: record.timestamp,
    link: linksById.get(String(linkId)) ?? { id: linkId },
    click: {
      country: record.country,
      is_eu_country: record.is_eu_country,
      platform: record.platform,
      browser_name: record.browser_name ?? record.browser,
      referer: record.referer,
      isp: record.isp,
      bot_name: botName(record.bot_name ?? record.bot),
      destination: record.destination ?? record.url,
      params: record.params,
    },
  };
}

/** The export may flag bots with their name or with a boolean. */
function botName(value: unknown): unknown {
  if (value === true) return 'unknown bot';
  if (value === false) return null;
  return value;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
