import * as z from '../zod';
import { nullWhenUnread } from '../catalogue/read-leniently';
import { timestamp } from '../normalized/values';

/**
 * Linkly's deliveries: clicks, and the link events (link.created / link.updated / link.deleted) Linkly posts to the same
 * hook URLs. Tolerant like Dub's: unknown fields never fail validation and stay in the raw delivery.
 */

const optionalText = z.string().nullish();

export const linklyLinkSchema = z.object({
  // Null, never a stand-in, when it does not read; a number beyond a double reads as the text Linkly wrote.
  id: nullWhenUnread(z.union([z.number().int(), z.string().min(1)])),
  name: optionalText,
  url: optionalText,
  full_url: optionalText,
  domain: optionalText,
  slug: optionalText,
  destination: optionalText,
  workspace_id: z.union([z.number(), z.string()]).nullish(),
  utm_source: optionalText,
  utm_medium: optionalText,
  utm_campaign: optionalText,
  utm_term: optionalText,
  utm_content: optionalText,
});

export const linklyClickSchema = z.object({
  /** The click's own id, a ULID, in the payloads of 2026 (absent from older ones). */
  id: z.union([z.string().min(1), z.number()]).nullish(),
  country: optionalText,
  is_eu_country: z.boolean().nullish(),
  platform: optionalText,
  browser_name: optionalText,
  referer: optionalText,
  isp: optionalText,
  bot_name: optionalText,
  destination: optionalText,
  // An object in the docs, a JSON string in some real deliveries.
  params: z.union([z.record(z.string(), z.unknown()), z.string()]).nullish(),
});

export const linklyDeliverySchema = z.object({
  event: z.literal('click'),
  timestamp: nullWhenUnread(timestamp),
  link: linklyLinkSchema,
  click: linklyClickSchema,
});
export type LinklyDelivery = z.output<typeof linklyDeliverySchema>;

/** A link event: the event's name, when, and the link as it is now (as it was, for link.deleted); no click. */
export function linklyLinkEventSchema<E extends string>(event: E) {
  return z.object({ event: z.literal(event), timestamp: nullWhenUnread(timestamp), link: linklyLinkSchema });
}
export type LinklyLinkDelivery = z.output<ReturnType<typeof linklyLinkEventSchema>>;
