import { z } from 'zod/v4';

/**
 * The building blocks of every normalized trigger output. These schemas are the contract: the normalizers must
 * produce them, tests check outputs against them, and the field lists the platforms show are derived from them.
 */

const text = (title: string) => z.string().nullable().meta({ title });
const count = (title: string) => z.number().int().nullable().meta({ title });
const instant = (title: string) => z.string().nullable().meta({ title, format: 'date-time' });

export const providerSchema = z.enum(['dub', 'linkly']);
export type Provider = z.infer<typeof providerSchema>;

export const triggerKindSchema = z.enum([
  'click',
  'lead',
  'sale',
  'link',
  'partner',
  'commission',
  'payout',
  'bounty',
  'discount_code',
]);
export type TriggerKind = z.infer<typeof triggerKindSchema>;

export const envelopeFields = {
  id: z.string().meta({ title: 'Event ID (stable; use it to skip duplicates)' }),
  provider: providerSchema.meta({ title: 'Service (dub or linkly)' }),
  event: z.string().meta({ title: "Service's event name" }),
  occurredAt: z.string().meta({ title: 'Occurred at (ISO 8601, UTC)', format: 'date-time' }),
};

export const linkSummarySchema = z.object({
  id: z.string().meta({ title: 'Link ID' }),
  shortUrl: z.string().meta({ title: 'Short URL' }),
  destinationUrl: text('Destination URL'),
  domain: text('Domain'),
  key: text('Short key (path without the leading slash)'),
  title: text('Link title'),
  externalId: text('External ID'),
});
export type LinkSummary = z.infer<typeof linkSummarySchema>;

export const clickSchema = z.object({
  id: text('Click ID'),
  timestamp: z.string().meta({ title: 'Clicked at (ISO 8601, UTC)', format: 'date-time' }),
  country: text('Country (ISO 3166 two letters)'),
  city: text('City'),
  region: text('Region'),
  continent: text('Continent'),
  device: text('Device'),
  browser: text('Browser'),
  os: text('Operating system'),
  referer: text('Referrer'),
  refererUrl: text('Referrer URL'),
  destinationUrl: text('URL the visitor was sent to'),
  isBot: z.boolean().meta({ title: 'Is a bot' }),
  botName: text('Bot name'),
  isQr: z.boolean().meta({ title: 'Came from a QR code' }),
  isEu: z.boolean().nullable().meta({ title: 'From an EU country' }),
  ip: text('IP address (Dub only)'),
  userAgent: text('User agent (Dub only)'),
  isp: text('Internet provider (Linkly only)'),
  params: z.record(z.string(), z.string()).nullable().meta({ title: 'Query parameters (Linkly only)' }),
});
export type Click = z.infer<typeof clickSchema>;

export const customerSchema = z.object({
  id: z.string().meta({ title: 'Customer ID' }),
  externalId: text('Customer external ID'),
  name: text('Customer name'),
  email: text('Customer email'),
  avatar: text('Customer avatar URL'),
  country: text('Customer country'),
  createdAt: instant('Customer created at'),
});
export type Customer = z.infer<typeof customerSchema>;

export const partnerSchema = z.object({
  id: z.string().meta({ title: 'Partner ID' }),
  name: text('Partner name'),
  email: text('Partner email'),
  image: text('Partner image URL'),
  country: text('Partner country'),
  status: text('Partner status'),
  tenantId: text('Partner tenant ID'),
  groupId: text('Partner group ID'),
});
export type Partner = z.infer<typeof partnerSchema>;

/** Money is always integer minor units (cents) plus an upper-case ISO 4217 code, whatever case the service used. */
export const money = (title: string) => ({
  amount: z.number().int().meta({ title: `${title} (minor units, e.g. cents)` }),
  currency: z.string().meta({ title: `${title} currency (ISO 4217, upper case)` }),
});

export const fieldTypes = { text, count, instant };
