import type { Click, LinkSummary } from '../normalized/parts';
import { jsonText } from '../normalized/json-text';
import { countryCode, orNull, toUtcIsoOrNull } from '../normalized/values';
import type { LinklyDelivery } from './payload';

type LinklyLink = LinklyDelivery['link'];
type LinklyClick = LinklyDelivery['click'];

/**
 * The click's item id. Linkly's payloads of 2026 carry the click's own id (a ULID): `linkly_click_<click.id>`, unique per
 * click even for two clicks on one link in the same whole second (their timestamps are whole seconds now). Older
 * payloads have none: then the link id plus the timestamp exactly as sent (`linkly_<link id>_<timestamp>`), unique
 * while timestamps carried microseconds, and stable if the same delivery is seen twice. None when neither read.
 */
export function linklyEventId(
  delivery: Pick<LinklyDelivery, 'link' | 'timestamp'> & { click?: { id?: string | number | null } },
): string | null {
  const clickId = linklyClickId(delivery.click?.id);
  if (clickId !== null) return `linkly_click_${clickId}`;
  if (delivery.link.id === null || delivery.timestamp === null) return null;
  return `linkly_${delivery.link.id}_${delivery.timestamp}`;
}

function linklyClickId(id: string | number | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  const text = String(id).trim();
  return text === '' ? null : text;
}

export function linklyLinkSummary(link: LinklyLink): LinkSummary {
  const slug = link.slug ?? null;
  return {
    id: link.id === null ? null : String(link.id),
    shortUrl: link.full_url ?? (link.domain && slug !== null ? `https://${link.domain}${slug}` : null),
    destinationUrl: orNull(link.url),
    domain: orNull(link.domain),
    key: slug === null ? null : slug.replace(/^\//, ''),
    title: orNull(link.name),
    externalId: null,
    programId: null,
    partnerId: null,
    tenantId: null,
  };
}

/** Linkly's single `platform` value carries both the kind of device and, for phones, the OS. */
const PLATFORMS: Record<string, { device: string; os: string | null }> = {
  desktop: { device: 'Desktop', os: null },
  windows: { device: 'Desktop', os: 'Windows' },
  mac: { device: 'Desktop', os: 'Mac OS' },
  macos: { device: 'Desktop', os: 'Mac OS' },
  linux: { device: 'Desktop', os: 'Linux' },
  ios: { device: 'Mobile', os: 'iOS' },
  android: { device: 'Mobile', os: 'Android' },
  mobile: { device: 'Mobile', os: null },
  tablet: { device: 'Tablet', os: null },
};

export function linklyClick(raw: LinklyClick, clickedAt: string | null): Click {
  const platform = raw.platform ? PLATFORMS[raw.platform.toLowerCase()] : undefined;
  const referer = refererParts(raw.referer);
  return {
    id: linklyClickId(raw.id),
    timestamp: toUtcIsoOrNull(clickedAt),
    country: countryCode(raw.country),
    city: null,
    region: null,
    continent: null,
    device: platform?.device ?? orNull(raw.platform),
    browser: orNull(raw.browser_name),
    os: platform?.os ?? null,
    referer: referer.host,
    refererUrl: referer.url,
    destinationUrl: orNull(raw.destination),
    isBot: Boolean(raw.bot_name),
    botName: raw.bot_name || null,
    isQr: false,
    isEu: orNull(raw.is_eu_country),
    ip: null,
    userAgent: null,
    isp: orNull(raw.isp),
    params: queryParams(raw.params),
  };
}

/** Dub gives a referrer's host and its URL separately; Linkly gives the URL. Split it the same way. */
function refererParts(referer: string | null | undefined): { host: string | null; url: string | null } {
  if (!referer) return { host: null, url: null };
  try {
    return { host: new URL(referer).hostname, url: referer };
  } catch {
    return { host: referer, url: null };
  }
}

/** `params` arrives as an object or as a JSON string; a string that is not JSON is read as a query string. */
export function queryParams(params: Record<string, unknown> | string | null | undefined): Record<string, string> | null {
  if (params === null || params === undefined || params === '') return null;
  const parsed = typeof params === 'string' ? parseParamsString(params) : params;
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(parsed)) {
    // jsonText, not JSON.stringify: a params string is parsed here, after the delivery's nesting was bounded.
    if (value !== null && value !== undefined) result[name] = typeof value === 'string' ? value : jsonText(value);
  }
  return result;
}

function parseParamsString(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // not JSON: fall through to query-string parsing
  }
  return Object.fromEntries(new URLSearchParams(text.replace(/^\?/, '')));
}
