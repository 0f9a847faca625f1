import { z } from 'zod/v4';
import {
  clickSchema,
  customerSchema,
  envelopeFields,
  fieldTypes,
  linkSummarySchema,
  money,
  partnerSchema,
} from './parts';

const { text, count, instant } = fieldTypes;

/** One output schema per kind of trigger: a Dub click and a Linkly click are both `clickEventSchema`. */

export const clickEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('click').meta({ title: 'Trigger kind' }),
  link: linkSummarySchema,
  click: clickSchema,
});

const conversionFields = {
  ...envelopeFields,
  eventName: text('Conversion event name'),
  customer: customerSchema,
  link: linkSummarySchema.nullable(),
  click: clickSchema.nullable(),
  partner: partnerSchema.nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable().meta({ title: 'Metadata' }),
};

export const leadEventSchema = z.object({
  ...conversionFields,
  trigger: z.literal('lead').meta({ title: 'Trigger kind' }),
});

export const saleEventSchema = z.object({
  ...conversionFields,
  trigger: z.literal('sale').meta({ title: 'Trigger kind' }),
  sale: z.object({
    ...money('Sale amount'),
    paymentProcessor: text('Payment processor'),
    invoiceId: text('Invoice ID'),
  }),
});

export const linkEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('link').meta({ title: 'Trigger kind' }),
  link: linkSummarySchema.extend({
    archived: z.boolean().nullable().meta({ title: 'Archived' }),
    tags: z.array(z.string()).meta({ title: 'Tag names' }),
    folderId: text('Folder ID'),
    expiresAt: instant('Expires at'),
    clicks: count('Clicks so far'),
    leads: count('Leads so far'),
    sales: count('Sales so far'),
    saleAmount: count('Sales so far (minor units)'),
    utmSource: text('UTM source'),
    utmMedium: text('UTM medium'),
    utmCampaign: text('UTM campaign'),
    utmTerm: text('UTM term'),
    utmContent: text('UTM content'),
    createdAt: instant('Link created at'),
    updatedAt: instant('Link updated at'),
  }),
});

export const partnerEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('partner').meta({ title: 'Trigger kind' }),
  /** For partner.merged, the partner that remains (the merge target). */
  partner: partnerSchema,
  application: z
    .object({
      id: z.string().meta({ title: 'Application ID' }),
      submittedAt: instant('Application submitted at'),
      answers: z
        .array(z.object({ label: z.string(), value: z.string().nullable() }))
        .meta({ title: 'Application answers' }),
    })
    .nullable()
    .meta({ title: 'Application' }),
  merge: z
    .object({
      sourcePartnerId: z.string().meta({ title: 'Merged partner ID (removed)' }),
      sourcePartnerEmail: text('Merged partner email'),
      targetAlreadyEnrolled: z.boolean().nullable().meta({ title: 'Target was already enrolled' }),
    })
    .nullable()
    .meta({ title: 'Merge' }),
});

export const commissionEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('commission').meta({ title: 'Trigger kind' }),
  commission: z.object({
    id: z.string().meta({ title: 'Commission ID' }),
    type: text('Commission type'),
    status: text('Commission status'),
    ...money('Sale amount'),
    earnings: z.number().int().meta({ title: 'Partner earnings (minor units; negative for a clawback)' }),
    isClawback: z.boolean().meta({ title: 'Is a clawback' }),
    quantity: count('Quantity'),
    description: text('Description'),
    invoiceId: text('Invoice ID'),
    createdByUserId: text('Created by user ID (manual commissions only)'),
    createdAt: instant('Commission created at'),
  }),
  partner: partnerSchema,
  customer: customerSchema.nullable(),
  link: linkSummarySchema.nullable(),
});

export const payoutEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('payout').meta({ title: 'Trigger kind' }),
  payout: z.object({
    id: z.string().meta({ title: 'Payout ID' }),
    ...money('Payout amount'),
    status: text('Payout status'),
    description: text('Description'),
    invoiceId: text('Invoice ID'),
    mode: text('Payout mode'),
    method: text('Payout method'),
    periodStart: instant('Period start'),
    periodEnd: instant('Period end'),
    initiatedAt: instant('Initiated at'),
    paidAt: instant('Paid at'),
  }),
  partner: partnerSchema,
});

export const bountyEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('bounty').meta({ title: 'Trigger kind' }),
  bounty: z.object({
    id: z.string().meta({ title: 'Bounty ID' }),
    name: text('Bounty name'),
    description: text('Description'),
    type: text('Bounty type'),
    rewardAmount: count('Reward (minor units)'),
    startsAt: instant('Starts at'),
    endsAt: instant('Ends at'),
  }),
});

export const discountCodeEventSchema = z.object({
  ...envelopeFields,
  trigger: z.literal('discount_code').meta({ title: 'Trigger kind' }),
  discountCode: z.object({
    id: z.string().meta({ title: 'Discount code ID' }),
    code: z.string().meta({ title: 'Code' }),
    partnerId: text('Partner ID'),
    linkId: text('Link ID'),
    disabledAt: instant('Disabled at'),
    discountId: text('Discount ID'),
    discountAmount: z.number().nullable().meta({ title: 'Discount amount (percent, or minor units when flat)' }),
    discountType: text('Discount type (percentage or flat)'),
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
