import { z } from 'zod/v4';
import { defineEvent } from '../../catalogue/define-event';
import { currencyCode, orNull, toUtcIsoOrNull } from '../../normalized/values';
import { customer, linkSummary, partner, withEnvelope } from '../normalize-parts';
import { dubCustomerSchema, dubEnvelope, dubLinkSchema, dubPartnerSchema, optionalTimestamp } from '../payload-parts';
import bountyCreatedSample from '../samples/bounty-created.json';
import bountyUpdatedSample from '../samples/bounty-updated.json';
import commissionSample from '../samples/commission-created.json';
import discountCreatedSample from '../samples/discount_code-created.json';
import discountDeletedSample from '../samples/discount_code-deleted.json';
import payoutSample from '../samples/payout-confirmed.json';

/** Partner-program events other than the partner's own: commissions, payouts, bounties, discount codes. */

const optionalText = z.string().nullish();

export const commissionCreated = defineEvent({
  provider: 'dub',
  event: 'commission.created',
  key: 'commission_created',
  label: 'New Commission',
  description: 'Triggers when a partner earns a commission, from a tracked conversion or added by hand (clawbacks have negative earnings).',
  group: 'partners',
  trigger: 'commission' as const,
  schema: dubEnvelope(
    'commission.created',
    z.object({
      id: z.string(),
      type: optionalText,
      amount: z.number().int(),
      earnings: z.number().int(),
      currency: z.string().min(1),
      status: optionalText,
      invoiceId: optionalText,
      description: optionalText,
      quantity: z.number().int().nullish(),
      userId: optionalText,
      createdAt: optionalTimestamp,
      partner: dubPartnerSchema,
      customer: dubCustomerSchema.nullish(),
      link: dubLinkSchema.nullish(),
    }),
  ),
  sample: commissionSample,
  normalize: ({ id, event, createdAt, data }) =>
    withEnvelope({ id, event, createdAt }, {
    trigger: 'commission' as const,
    commission: {
      id: data.id,
      type: orNull(data.type),
      status: orNull(data.status),
      amount: data.amount,
      currency: currencyCode(data.currency),
      earnings: data.earnings,
      isClawback: data.earnings < 0,
      quantity: orNull(data.quantity),
      description: orNull(data.description),
      invoiceId: orNull(data.invoiceId),
      createdByUserId: orNull(data.userId),
      createdAt: toUtcIsoOrNull(data.createdAt),
    },
    partner: partner(data.partner),
    customer: data.customer ? customer(data.customer) : null,
    link: data.link ? linkSummary(data.link) : null,
  }),
});

export const payoutConfirmed = defineEvent({
  provider: 'dub',
  event: 'payout.confirmed',
  key: 'payout_confirmed',
  label: 'Payout Confirmed',
  description: 'Triggers when a partner payout is confirmed and ready to be paid outside Dub (external or hybrid payout programs).',
  group: 'partners',
  trigger: 'payout' as const,
  schema: dubEnvelope(
    'payout.confirmed',
    z.object({
      id: z.string(),
      amount: z.number().int(),
      currency: z.string().min(1),
      status: optionalText,
      description: optionalText,
      invoiceId: optionalText,
      mode: optionalText,
      method: optionalText,
      periodStart: optionalTimestamp,
      periodEnd: optionalTimestamp,
      initiatedAt: optionalTimestamp,
      paidAt: optionalTimestamp,
      partner: dubPartnerSchema,
    }),
  ),
  sample: payoutSample,
  normalize: ({ id, event, createdAt, data }) =>
    withEnvelope({ id, event, createdAt }, {
    trigger: 'payout' as const,
    payout: {
      id: data.id,
      amount: data.amount,
      currency: currencyCode(data.currency),
      status: orNull(data.status),
      description: orNull(data.description),
      invoiceId: orNull(data.invoiceId),
      mode: orNull(data.mode),
      method: orNull(data.method),
      periodStart: toUtcIsoOrNull(data.periodStart),
      periodEnd: toUtcIsoOrNull(data.periodEnd),
      initiatedAt: toUtcIsoOrNull(data.initiatedAt),
      paidAt: toUtcIsoOrNull(data.paidAt),
    },
    partner: partner(data.partner),
  }),
});

const bountySchema = z.object({
  id: z.string(),
  name: optionalText,
  description: optionalText,
  type: optionalText,
  rewardAmount: z.number().int().nullish(),
  startsAt: optionalTimestamp,
  endsAt: optionalTimestamp,
});

function bountyEvent<E extends string>(event: E, sample: unknown, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    group: 'partners',
    trigger: 'bounty' as const,
    schema: dubEnvelope(event, bountySchema),
    sample,
    normalize: ({ id, event, createdAt, data }) =>
      withEnvelope({ id, event, createdAt }, {
      trigger: 'bounty' as const,
      bounty: {
        id: data.id,
        name: orNull(data.name),
        description: orNull(data.description),
        type: orNull(data.type),
        rewardAmount: orNull(data.rewardAmount),
        startsAt: toUtcIsoOrNull(data.startsAt),
        endsAt: toUtcIsoOrNull(data.endsAt),
      },
    }),
  });
}

export const bountyCreated = bountyEvent('bounty.created', bountyCreatedSample, {
  key: 'bounty_created',
  label: 'New Bounty',
  description: 'Triggers when a bounty is created in your Dub partner program.',
});

export const bountyUpdated = bountyEvent('bounty.updated', bountyUpdatedSample, {
  key: 'bounty_updated',
  label: 'Bounty Updated',
  description: 'Triggers when a bounty in your Dub partner program is changed.',
});

const discountCodeSchema = z.object({
  id: z.string(),
  code: z.string(),
  partnerId: optionalText,
  linkId: optionalText,
  disabledAt: optionalTimestamp,
  discount: z.object({ id: optionalText, amount: z.number().nullish(), type: optionalText }).nullish(),
});

function discountCodeEvent<E extends string>(event: E, sample: unknown, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    group: 'partners',
    trigger: 'discount_code' as const,
    schema: dubEnvelope(event, discountCodeSchema),
    sample,
    normalize: ({ id, event, createdAt, data }) =>
      withEnvelope({ id, event, createdAt }, {
      trigger: 'discount_code' as const,
      discountCode: {
        id: data.id,
        code: data.code,
        partnerId: orNull(data.partnerId),
        linkId: orNull(data.linkId),
        disabledAt: toUtcIsoOrNull(data.disabledAt),
        discountId: orNull(data.discount?.id),
        discountAmount: orNull(data.discount?.amount),
        discountType: orNull(data.discount?.type),
      },
    }),
  });
}

export const discountCodeCreated = discountCodeEvent('discount_code.created', discountCreatedSample, {
  key: 'discount_code_created',
  label: 'New Discount Code',
  description: "Triggers when a discount code is created for one of your partners' links.",
});

export const discountCodeDeleted = discountCodeEvent('discount_code.deleted', discountDeletedSample, {
  key: 'discount_code_deleted',
  label: 'Discount Code Deleted',
  description: 'Triggers when a partner discount code is deleted.',
});
