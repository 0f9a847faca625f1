import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { orNull, toUtcIsoOrNull } from '../../normalized/values';
import { withEnvelope } from '../normalize-parts';
import { dubEnvelope, optionalTimestamp, requiredId } from '../payload-parts';

const optionalText = z.string().nullish();

const discountCodeSchema = z.object({
  id: requiredId,
  code: requiredId,
  partnerId: optionalText,
  linkId: optionalText,
  disabledAt: optionalTimestamp,
  discount: z
    .object({ id: optionalText, amount: z.number().nullish(), type: optionalText, maxDuration: z.number().int().nullish(), provider: optionalText })
    .nullish(),
});

function discountCodeEvent<E extends string>(event: E, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    group: 'partners',
    trigger: 'discount_code' as const,
    schema: dubEnvelope(event, discountCodeSchema),
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
        discountMaxDuration: orNull(data.discount?.maxDuration),
        discountProvider: orNull(data.discount?.provider),
      },
    }),
  });
}

export const discountCodeCreated = discountCodeEvent('discount_code.created', {
  key: 'discount_code_created',
  label: 'New Discount Code',
  description: "Triggers when a discount code is created for one of your partners' links.",
});

export const discountCodeDeleted = discountCodeEvent('discount_code.deleted', {
  key: 'discount_code_deleted',
  label: 'Discount Code Deleted',
  description: 'Triggers when a partner discount code is deleted.',
});
