import { z } from 'zod/v4';
import { defineEvent } from '../../catalogue/define-event';
import { orNull, toUtcIsoOrNull } from '../../normalized/values';
import { envelopeOf, partner } from '../normalize-parts';
import { dubEnvelope, dubPartnerSchema, optionalTimestamp } from '../payload-parts';
import applicationSample from '../samples/partner-application_submitted.json';
import enrolledSample from '../samples/partner-enrolled.json';
import mergedSample from '../samples/partner-merged.json';

const noApplication = { application: null, merge: null };

export const partnerApplicationSubmitted = defineEvent({
  provider: 'dub',
  event: 'partner.application_submitted',
  key: 'partner_application_submitted',
  label: 'New Partner Application',
  description: 'Triggers when someone applies to join your Dub partner program.',
  group: 'partners',
  trigger: 'partner',
  schema: dubEnvelope(
    'partner.application_submitted',
    z.looseObject({
      id: z.string(),
      createdAt: optionalTimestamp,
      partner: dubPartnerSchema,
      applicationFormData: z.array(z.looseObject({ label: z.string(), value: z.unknown() })).nullish(),
    }),
  ),
  sample: applicationSample,
  normalize: (delivery) => ({
    ...envelopeOf(delivery),
    trigger: 'partner',
    partner: partner(delivery.data.partner),
    application: {
      id: delivery.data.id,
      submittedAt: toUtcIsoOrNull(delivery.data.createdAt),
      answers: (delivery.data.applicationFormData ?? []).map(({ label, value }) => ({ label, value: answerText(value) })),
    },
    merge: null,
  }),
});

/** Form answers are mostly strings; anything else is shown as JSON rather than dropped. */
function answerText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export const partnerEnrolled = defineEvent({
  provider: 'dub',
  event: 'partner.enrolled',
  key: 'partner_enrolled',
  label: 'Partner Enrolled',
  description: 'Triggers when a partner is enrolled in your Dub partner program.',
  group: 'partners',
  trigger: 'partner',
  schema: dubEnvelope('partner.enrolled', dubPartnerSchema),
  sample: enrolledSample,
  normalize: (delivery) => ({ ...envelopeOf(delivery), trigger: 'partner', partner: partner(delivery.data), ...noApplication }),
});

const mergedPartnerSchema = z.looseObject({ id: z.string(), tenantId: z.string().nullish(), email: z.string().nullish() });

export const partnerMerged = defineEvent({
  provider: 'dub',
  event: 'partner.merged',
  key: 'partner_merged',
  label: 'Partners Merged',
  description: 'Triggers when two partner accounts in your program are merged into one.',
  group: 'partners',
  trigger: 'partner',
  schema: dubEnvelope(
    'partner.merged',
    z.looseObject({
      sourcePartner: mergedPartnerSchema,
      targetPartner: mergedPartnerSchema,
      targetAlreadyEnrolled: z.boolean().nullish(),
    }),
  ),
  sample: mergedSample,
  normalize: (delivery) => {
    const { sourcePartner, targetPartner, targetAlreadyEnrolled } = delivery.data;
    return {
      ...envelopeOf(delivery),
      trigger: 'partner',
      partner: partner(targetPartner),
      application: null,
      merge: {
        sourcePartnerId: sourcePartner.id,
        sourcePartnerEmail: orNull(sourcePartner.email),
        targetAlreadyEnrolled: orNull(targetAlreadyEnrolled),
      },
    };
  },
});
