import * as z from '../zod';

/**
 * The building blocks of every normalized trigger output. These schemas are the contract: the normalizers must
 * produce them, tests check outputs against them, and the field lists the platforms show are derived from them.
 * Titles are what Zapier shows as field labels, so they are in Title Case (Zapier checks that at publish).
 */

export const providerSchema = z.enum(['dub', 'linkly']);
export type Provider = z.infer<typeof providerSchema>;

/**
 * `sentBy` marks a field only one service can fill (the other's items hold null there, or false for a flag that cannot be null): a platform app for one
 * service leaves it out of the fields it lists (output-fields.ts reads it from the JSON Schema).
 */
const text = (title: string, sentBy?: Provider) => z.string().nullable().meta(sentBy ? { title, sentBy } : { title });
const count = (title: string, sentBy?: Provider) => z.number().int().nullable().meta(sentBy ? { title, sentBy } : { title });
const instant = (title: string, sentBy?: Provider) =>
  z.string().nullable().meta(sentBy ? { title, format: 'date-time', sentBy } : { title, format: 'date-time' });
const flag = (title: string, sentBy?: Provider) => z.boolean().nullable().meta(sentBy ? { title, sentBy } : { title });
const names = (title: string) => z.array(z.string()).meta({ title });
/**
 * A value every delivery has (an id, money, a currency, a date): null only when the delivery's value did not read
 * (it is then listed in `unreadFields`), never a stand-in such as `0`, `""` or the time of reading.
 */
const id = (title: string) => z.string().nullable().meta({ title });
const ids = (title: string) => z.array(z.string().nullable()).meta({ title });

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
  id: id('Event ID (Stable; Use It to Skip Duplicates)'),
  provider: providerSchema.meta({ title: 'Service' }),
  event: z.string().meta({ title: "Service's Event Name" }),
  occurredAt: instant('Occurred At (ISO 8601, UTC)'),
  /**
   * The delivery's values that were not in the expected form (shared/catalogue/read-leniently.ts): empty when all
   * read. The item is emitted all the same, so a workflow can route on this list instead of never running.
   */
  unreadFields: z
    .array(
      z.object({
        path: z.string().meta({ title: 'Path in the Delivery' }),
        expected: z.string().meta({ title: 'Expected' }),
        received: z.string().nullable().meta({ title: 'Received (JSON; Empty When Missing)' }),
      }),
    )
    .meta({ title: 'Fields That Did Not Read' }),
};

export const linkSummarySchema = z.object({
  id: id('Link ID'),
  shortUrl: text('Short URL'),
  destinationUrl: text('Destination URL'),
  domain: text('Domain'),
  key: text('Short Key (Path Without the Leading Slash)'),
  title: text('Link Title'),
  externalId: text('Link External ID', 'dub'),
  programId: text('Link Program ID (Partner Links)', 'dub'),
  partnerId: text('Link Partner ID (Partner Links)', 'dub'),
  tenantId: text('Link Tenant ID (Partner Links)', 'dub'),
});
export type LinkSummary = z.infer<typeof linkSummarySchema>;

export const clickSchema = z.object({
  id: text('Click ID'),
  timestamp: instant('Clicked At (ISO 8601, UTC)'),
  country: text('Country (ISO 3166 Two Letters)'),
  city: text('City', 'dub'),
  region: text('Region', 'dub'),
  continent: text('Continent', 'dub'),
  device: text('Device'),
  browser: text('Browser'),
  os: text('Operating System'),
  referer: text('Referrer'),
  refererUrl: text('Referrer URL'),
  destinationUrl: text('URL the Visitor Was Sent To'),
  isBot: z.boolean().meta({ title: 'Is a Bot' }),
  botName: text('Bot Name'),
  isQr: z.boolean().meta({ title: 'Came From a QR Code', sentBy: 'dub' }),
  isEu: flag('From an EU Country', 'linkly'),
  ip: text('IP Address', 'dub'),
  userAgent: text('User Agent', 'dub'),
  isp: text('Internet Provider', 'linkly'),
  params: z.record(z.string(), z.string()).nullable().meta({ title: 'Query Parameters', sentBy: 'linkly' }),
});
export type Click = z.infer<typeof clickSchema>;

export const customerSchema = z.object({
  id: id('Customer ID'),
  externalId: text('Customer External ID'),
  name: text('Customer Name'),
  email: text('Customer Email'),
  avatar: text('Customer Avatar URL'),
  country: text('Customer Country (Not Sent in Leads and Sales)'),
  stripeCustomerId: text('Customer Stripe ID'),
  sales: count('Customer Sales So Far'),
  saleAmount: count('Customer Sales So Far (Minor Units)'),
  firstSaleAt: instant('Customer First Sale At'),
  subscriptionCanceledAt: instant('Customer Subscription Canceled At'),
  createdAt: instant('Customer Created At'),
});
export type Customer = z.infer<typeof customerSchema>;

export const partnerSchema = z.object({
  id: id('Partner ID'),
  name: text('Partner Name'),
  username: text('Partner Username'),
  email: text('Partner Email'),
  companyName: text('Partner Company Name'),
  image: text('Partner Image URL'),
  description: text('Partner Description'),
  country: text('Partner Country'),
  status: text('Partner Status in the Program'),
  programId: text('Partner Program ID'),
  tenantId: text('Partner Tenant ID'),
  groupId: text('Partner Group ID'),
  website: text('Partner Website'),
  youtube: text('Partner YouTube'),
  twitter: text('Partner Twitter'),
  linkedin: text('Partner LinkedIn'),
  instagram: text('Partner Instagram'),
  tiktok: text('Partner TikTok'),
  payoutsEnabledAt: instant('Partner Payouts Enabled At'),
  createdAt: instant('Partner Created or Enrolled At'),
  totalClicks: count('Partner Total Clicks'),
  totalLeads: count('Partner Total Leads'),
  totalConversions: count('Partner Total Conversions'),
  totalSales: count('Partner Total Sales'),
  totalSaleAmount: count('Partner Total Sale Amount (Minor Units)'),
  totalCommissions: count('Partner Total Commissions (Minor Units)'),
});
export type Partner = z.infer<typeof partnerSchema>;

/**
 * Money is always integer minor units (cents) plus an upper-case ISO 4217 code, whatever case the service used; each
 * is null when the delivery's value did not read, never 0 or `""`.
 */
export const money = (title: string) => ({
  amount: count(`${title} (Minor Units, Such as Cents)`),
  currency: id(`${title} Currency (ISO 4217, Upper Case)`),
});

export const fieldTypes = { text, count, instant, flag, names, id, ids };
