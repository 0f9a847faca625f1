import * as z from '../zod';
import { nullWhenUnread } from '../catalogue/read-leniently';
import { timestamp } from '../normalized/values';

/**
 * Schemas of the objects inside Dub's deliveries. Tolerant on purpose: unknown fields never fail validation (Dub's
 * payloads grow; they stay in the raw delivery, which parseDelivery returns beside the normalized event), anything
 * Dub may send as null is nullable, and only what the normalized output needs is required. The schemas list only
 * the fields the normalizers read, so validation costs little more than reading them.
 */

export const optionalText = z.string().nullish();
export const optionalCount = z.number().int().nullish();

export const optionalTimestamp = timestamp.nullish();

/** An id the delivery must carry: null, not `""`, when it does not read (read-leniently.ts). */
export const requiredId = nullWhenUnread(z.string());
/** An amount of money in minor units: null, not 0, when it does not read. */
export const requiredAmount = nullWhenUnread(z.number().int());
/** A currency code: null, not `""`, when it does not read. */
export const requiredCurrency = nullWhenUnread(z.string());

export const dubEnvelope = <E extends string, D extends z.ZodType>(event: E, data: D) =>
  z.object({
    id: requiredId,
    event: z.literal(event),
    // Null, never the time of reading, when it does not read.
    createdAt: nullWhenUnread(timestamp),
    data,
  });

/** The link as clicks, conversions and commissions carry it: what the normalized link summary reads. */
export const dubLinkSchema = z.object({
  id: requiredId,
  domain: requiredId,
  key: requiredId,
  url: optionalText,
  shortLink: optionalText,
  title: optionalText,
  externalId: optionalText,
  programId: optionalText,
  partnerId: optionalText,
  tenantId: optionalText,
});
export type DubLink = z.output<typeof dubLinkSchema>;

/** The whole link, as link.created / updated / deleted send it; only the link events pay for reading all of it. */
export const dubLinkDetailsSchema = dubLinkSchema.extend({
  description: optionalText,
  image: optionalText,
  comments: optionalText,
  qrCode: optionalText,
  archived: z.boolean().nullish(),
  trackConversion: z.boolean().nullish(),
  expiresAt: optionalTimestamp,
  disabledAt: optionalTimestamp,
  folderId: optionalText,
  tags: z.array(z.object({ name: z.string() })).nullish(),
  clicks: optionalCount,
  leads: optionalCount,
  conversions: optionalCount,
  sales: optionalCount,
  saleAmount: optionalCount,
  lastClicked: optionalTimestamp,
  utm_source: optionalText,
  utm_medium: optionalText,
  utm_campaign: optionalText,
  utm_term: optionalText,
  utm_content: optionalText,
  createdAt: optionalTimestamp,
  updatedAt: optionalTimestamp,
});
export type DubLinkDetails = z.output<typeof dubLinkDetailsSchema>;

/** Older deliveries name the click's id `clickId`; conversions' clicks carry no timestamp. */
export const dubClickSchema = z.object({
  id: optionalText,
  clickId: optionalText,
  timestamp: optionalTimestamp,
  url: optionalText,
  country: optionalText,
  city: optionalText,
  region: optionalText,
  continent: optionalText,
  device: optionalText,
  browser: optionalText,
  os: optionalText,
  ua: optionalText,
  referer: optionalText,
  refererUrl: optionalText,
  ip: optionalText,
  bot: z.boolean().nullish(),
  qr: z.boolean().nullish(),
});
export type DubClick = z.output<typeof dubClickSchema>;

export const dubCustomerSchema = z.object({
  id: requiredId,
  externalId: optionalText,
  name: optionalText,
  email: optionalText,
  avatar: optionalText,
  country: optionalText,
  stripeCustomerId: optionalText,
  sales: optionalCount,
  saleAmount: optionalCount,
  firstSaleAt: optionalTimestamp,
  subscriptionCanceledAt: optionalTimestamp,
  createdAt: optionalTimestamp,
});
export type DubCustomer = z.output<typeof dubCustomerSchema>;

/**
 * A partner, in every shape Dub sends one: whole on partner.enrolled, with totals in conversions and commissions,
 * with a profile on applications, a few fields on payouts.
 */
export const dubPartnerSchema = z.object({
  id: requiredId,
  name: optionalText,
  username: optionalText,
  email: optionalText,
  companyName: optionalText,
  image: optionalText,
  description: optionalText,
  country: optionalText,
  status: optionalText,
  programId: optionalText,
  tenantId: optionalText,
  groupId: optionalText,
  website: optionalText,
  youtube: optionalText,
  twitter: optionalText,
  linkedin: optionalText,
  instagram: optionalText,
  tiktok: optionalText,
  payoutsEnabledAt: optionalTimestamp,
  createdAt: optionalTimestamp,
  totalClicks: optionalCount,
  totalLeads: optionalCount,
  totalConversions: optionalCount,
  totalSales: optionalCount,
  totalSaleAmount: optionalCount,
  totalCommissions: optionalCount,
});
export type DubPartner = z.output<typeof dubPartnerSchema>;

export const dubMetadataSchema = z.record(z.string(), z.unknown()).nullish();

export const dubConversionData = {
  eventName: optionalText,
  customer: dubCustomerSchema,
  click: dubClickSchema.nullish(),
  link: dubLinkSchema.nullish(),
  partner: dubPartnerSchema.nullish(),
  metadata: dubMetadataSchema,
};
