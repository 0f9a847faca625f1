import * as z from '../zod';
import {
  clickSchema,
  customerSchema,
  envelopeFields,
  fieldTypes,
  linkSummarySchema,
  money,
  partnerSchema,
} from './parts';

const { text, count, instant, flag, names, id, ids } = fieldTypes;

/** One output schema per kind of trigger: a Dub click and a Linkly click are both `clickEventSchema`. */

export const clickEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('click').meta({ title: 'Trigger Kind' }),
  link: linkSummarySchema,
  click: clickSchema,
});

/**
 * Dub sends leads, sales and commissions two ways: to a program's webhooks (the program's view) and to a partner's
 * postbacks (the partner's own view: no partner, and a customer without name or email). Both give the same shape.
 */
const isPostback = z.boolean().meta({ title: 'Is a Partner Postback' });

const conversionFields = {
  ...envelopeFields,
  isPostback,
  eventName: text('Conversion Event Name'),
  customer: customerSchema,
  link: linkSummarySchema.nullable(),
  click: clickSchema.nullable(),
  partner: partnerSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable().meta({ title: 'Metadata' }),
};

export const leadEventSchema = z.object({
  ...conversionFields,
  trigger: z.literal('lead').meta({ title: 'Trigger Kind' }),
});

export const saleEventSchema = z.object({
  ...conversionFields,
  trigger: z.literal('sale').meta({ title: 'Trigger Kind' }),
  sale: z.object({
    ...money('Sale Amount'),
    paymentProcessor: text('Payment Processor'),
    invoiceId: text('Invoice ID'),
  }),
});

export const linkEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('link').meta({ title: 'Trigger Kind' }),
  // Linkly's link events carry the link's settings only: what it never sends is Dub's alone (null on Linkly's items).
  link: linkSummarySchema.extend({
    description: text('Link Preview Description', 'dub'),
    image: text('Link Preview Image URL', 'dub'),
    comments: text('Link Comments', 'dub'),
    qrCode: text('QR Code URL', 'dub'),
    archived: flag('Archived', 'dub'),
    trackConversion: flag('Tracks Conversions', 'dub'),
    tags: names('Tag Names'),
    folderId: text('Folder ID', 'dub'),
    expiresAt: instant('Expires At', 'dub'),
    disabledAt: instant('Disabled At', 'dub'),
    clicks: count('Clicks So Far', 'dub'),
    leads: count('Leads So Far', 'dub'),
    conversions: count('Conversions So Far', 'dub'),
    sales: count('Sales So Far', 'dub'),
    saleAmount: count('Sales So Far (Minor Units)', 'dub'),
    lastClicked: instant('Last Clicked At', 'dub'),
    utmSource: text('UTM Source'),
    utmMedium: text('UTM Medium'),
    utmCampaign: text('UTM Campaign'),
    utmTerm: text('UTM Term'),
    utmContent: text('UTM Content'),
    createdAt: instant('Link Created At', 'dub'),
    updatedAt: instant('Link Updated At', 'dub'),
  }),
});

/** A partner's referral link, as partner.enrolled lists them. */
const partnerLinkSchema = z.object({
  id: id('Link ID'),
  shortUrl: text('Short URL'),
  destinationUrl: text('Destination URL'),
  domain: text('Domain'),
  key: text('Short Key'),
  clicks: count('Clicks'),
  leads: count('Leads'),
  conversions: count('Conversions'),
  sales: count('Sales'),
  saleAmount: count('Sales (Minor Units)'),
});

export const partnerEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('partner').meta({ title: 'Trigger Kind' }),
  /** For partner.merged, the partner that remains (the merge target). */
  partner: partnerSchema,
  /** partner.enrolled only; empty for the other partner events. */
  links: z.array(partnerLinkSchema).meta({ title: "Partner's Referral Links" }),
  application: z
    .object({
      id: id('Application ID'),
      submittedAt: instant('Application Submitted At'),
      answers: z
        .array(z.object({ label: z.string(), value: z.string().nullable() }))
        .meta({ title: 'Application Answers' }),
    })
    .nullable()
    .meta({ title: 'Application' }),
  merge: z
    .object({
      sourcePartnerId: id('Merged Partner ID (Removed)'),
      sourcePartnerEmail: text('Merged Partner Email'),
      targetAlreadyEnrolled: flag('Target Was Already Enrolled'),
    })
    .nullable()
    .meta({ title: 'Merge' }),
});

export const commissionEventSchema = z.object({
  ...envelopeFields,
  isPostback,
  trigger: z.literal('commission').meta({ title: 'Trigger Kind' }),
  commission: z.object({
    id: id('Commission ID'),
    type: text('Commission Type (Click, Lead, Sale, Referral or Custom)'),
    status: text('Commission Status'),
    ...money('Sale Amount'),
    earnings: count('Partner Earnings (Minor Units; Negative for a Clawback)'),
    isClawback: flag('Is a Clawback'),
    quantity: count('Quantity'),
    description: text('Description'),
    invoiceId: text('Invoice ID'),
    createdByUserId: text('Created by User ID (Manual Commissions Only)'),
    createdAt: instant('Commission Created At'),
    updatedAt: instant('Commission Updated At'),
  }),
  /** Null in a partner postback: the partner is the one receiving it. */
  partner: partnerSchema.nullable(),
  customer: customerSchema.nullable(),
  link: linkSummarySchema.nullable(),
});

export const payoutEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('payout').meta({ title: 'Trigger Kind' }),
  payout: z.object({
    id: id('Payout ID'),
    ...money('Payout Amount'),
    status: text('Payout Status'),
    description: text('Description'),
    invoiceId: text('Invoice ID'),
    mode: text('Payout Mode'),
    method: text('Payout Method'),
    traceId: text('Payment Trace ID'),
    periodStart: instant('Period Start'),
    periodEnd: instant('Period End'),
    createdAt: instant('Payout Created At'),
    updatedAt: instant('Payout Updated At'),
    initiatedAt: instant('Initiated At'),
    paidAt: instant('Paid At'),
  }),
  partner: partnerSchema,
});

export const bountyEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('bounty').meta({ title: 'Trigger Kind' }),
  bounty: z.object({
    id: id('Bounty ID'),
    name: text('Bounty Name'),
    description: text('Description'),
    type: text('Bounty Type (Performance or Submission)'),
    rewardAmount: count('Reward (Minor Units)'),
    rewardDescription: text('Reward Description'),
    startMode: text('Start Mode (Absolute or Relative)'),
    startsAt: instant('Starts At'),
    endsAt: instant('Ends At'),
    endsAfterDays: count('Ends After Days (Relative Start)'),
    submissionsOpenAt: instant('Submissions Open At'),
    submissionFrequency: text('Submission Frequency'),
    maxSubmissions: count('Max Submissions per Partner'),
    submissionRequirements: names('Submission Requirements'),
    performanceScope: text('Performance Scope (New or Lifetime)'),
    performanceAttribute: text('Performance Goal Attribute'),
    performanceOperator: text('Performance Goal Operator'),
    performanceValue: z.number().nullable().meta({ title: 'Performance Goal Value' }),
    groupIds: ids('Partner Group IDs'),
    partnerTagIds: ids('Partner Tag IDs'),
  }),
});

export const discountCodeEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('discount_code').meta({ title: 'Trigger Kind' }),
  discountCode: z.object({
    id: id('Discount Code ID'),
    code: id('Code'),
    partnerId: text('Partner ID'),
    linkId: text('Link ID'),
    disabledAt: instant('Disabled At'),
    discountId: text('Discount ID'),
    discountAmount: z.number().nullable().meta({ title: 'Discount Amount (Percent, or Minor Units When Flat)' }),
    discountType: text('Discount Type (Percentage or Flat)'),
    discountMaxDuration: count('Discount Duration in Months (0 Once; Empty for Lifetime)'),
    discountProvider: text('Discount Provider (Stripe, Shopify or Custom)'),
  }),
});

export const outputSchemas = {
  click: clickEventSchema,
  lead: leadEventSchema,
  sale: saleEventSchema,
  link: linkEventSchema,
  partner: partnerEventSchema,
  commission: commissionEventSchema,
  payout: payoutEventSchema,
  bounty: bountyEventSchema,
  discount_code: discountCodeEventSchema,
} as const;

export type OutputSchemas = typeof outputSchemas;
export type NormalizedOf<K extends keyof OutputSchemas> = z.infer<OutputSchemas[K]>;
export type NormalizedEvent = { [K in keyof OutputSchemas]: NormalizedOf<K> }[keyof OutputSchemas];
/** What an event's normalizer builds: everything but the list of what did not read, which the catalogue adds. */
export type NormalizedFieldsOf<K extends keyof OutputSchemas> = Omit<NormalizedOf<K>, 'unreadFields'>;
