import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { currencyCode, orNull, toUtcIsoOrNull } from '../../normalized/values';
import { customer, linkSummary, partner, withEnvelope } from '../normalize-parts';
import { dubCustomerSchema, dubEnvelope, dubLinkSchema, dubPartnerSchema, optionalTimestamp, requiredAmount, requiredCurrency, requiredId } from '../payload-parts';

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
      id: requiredId,
      type: optionalText,
      amount: requiredAmount,
      earnings: requiredAmount,
      currency: requiredCurrency,
      status: optionalText,
      invoiceId: optionalText,
      description: optionalText,
      quantity: z.number().int().nullish(),
      userId: optionalText,
      createdAt: optionalTimestamp,
      updatedAt: optionalTimestamp,
      partner: dubPartnerSchema,
      customer: dubCustomerSchema.nullish(),
      link: dubLinkSchema.nullish(),
    }),
  ),
  normalize: ({ id, event, createdAt, data }) =>
    withEnvelope({ id, event, createdAt }, {
    isPostback: false,
    trigger: 'commission' as const,
    commission: {
      id: data.id,
      type: orNull(data.type),
      status: orNull(data.status),
      amount: data.amount,
      currency: currencyCode(data.currency),
      earnings: data.earnings,
      isClawback: data.earnings === null ? null : data.earnings < 0,
      quantity: orNull(data.quantity),
      description: orNull(data.description),
      invoiceId: orNull(data.invoiceId),
      createdByUserId: orNull(data.userId),
      createdAt: toUtcIsoOrNull(data.createdAt),
      updatedAt: toUtcIsoOrNull(data.updatedAt),
    },
    partner: partner(data.partner),
    customer: data.customer ? customer(data.customer) : null,
    link: data.link ? linkSummary(data.link) : null,
  }),
});
