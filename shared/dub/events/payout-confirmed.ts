import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { currencyCode, orNull, toUtcIsoOrNull } from '../../normalized/values';
import { partner, withEnvelope } from '../normalize-parts';
import { dubEnvelope, dubPartnerSchema, optionalTimestamp, requiredAmount, requiredCurrency, requiredId } from '../payload-parts';

const optionalText = z.string().nullish();

export const payoutConfirmed = defineEvent({
  provider: 'dub',
  event: 'payout.confirmed',
  key: 'payout_confirmed',
  label: 'Payout Confirmed',
  description: 'Triggers when a partner payout is confirmed for you to pay yourself (programs with external or hybrid payouts).',
  group: 'partners',
  trigger: 'payout' as const,
  schema: dubEnvelope(
    'payout.confirmed',
    z.object({
      id: requiredId,
      amount: requiredAmount,
      currency: requiredCurrency,
      status: optionalText,
      description: optionalText,
      invoiceId: optionalText,
      mode: optionalText,
      method: optionalText,
      traceId: optionalText,
      periodStart: optionalTimestamp,
      periodEnd: optionalTimestamp,
      createdAt: optionalTimestamp,
      updatedAt: optionalTimestamp,
      initiatedAt: optionalTimestamp,
      paidAt: optionalTimestamp,
      partner: dubPartnerSchema,
    }),
  ),
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
      traceId: orNull(data.traceId),
      periodStart: toUtcIsoOrNull(data.periodStart),
      periodEnd: toUtcIsoOrNull(data.periodEnd),
      createdAt: toUtcIsoOrNull(data.createdAt),
      updatedAt: toUtcIsoOrNull(data.updatedAt),
      initiatedAt: toUtcIsoOrNull(data.initiatedAt),
      paidAt: toUtcIsoOrNull(data.paidAt),
    },
    partner: partner(data.partner),
  }),
});
