import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { commission, customer, linkSummary, partner, withEnvelope } from '../normalize-parts';
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
    commission: commission(data),
    partner: partner(data.partner),
    customer: data.customer ? customer(data.customer) : null,
    link: data.link ? linkSummary(data.link) : null,
  }),
});
