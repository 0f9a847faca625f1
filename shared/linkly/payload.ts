import * as z from '../zod';
import { nullWhenUnread } from '../catalogue/read-leniently';
import { timestamp } from '../normalized/values';

/** Linkly's click delivery. Tolerant like Dub's: unknown fields never fail validation and stay in the raw delivery. */

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
});

export const linklyClickSchema = z.object({
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
