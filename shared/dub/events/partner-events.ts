import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { jsonText } from '../../normalized/json-text';
import { orNull, toUtcIsoOrNull } from '../../normalized/values';
import { partner, withEnvelope } from '../normalize-parts';
import { dubEnvelope, dubPartnerSchema, optionalCount, optionalText, optionalTimestamp, requiredId } from '../payload-parts';

export const partnerApplicationSubmitted = defineEvent({
  provider: 'dub',
  event: 'partner.application_submitted',
  key: 'partner_application_submitted',
  label: 'New Partner Application',
  description: 'Triggers when someone applies to join your partner program.',
  group: 'partners',
  trigger: 'partner' as const,
  schema: dubEnvelope(
    'partner.application_submitted',
    z.object({
      id: requiredId,
      createdAt: optionalTimestamp,
      partner: dubPartnerSchema,
      applicationFormData: z.array(z.object({ label: z.string(), value: z.unknown() })).nullish(),
    }),
  ),
  normalize: (delivery) =>
    withEnvelope(delivery, {
    trigger: 'partner' as const,
    partner: partner(delivery.data.partner),
    links: [],
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
  return typeof value === 'string' ? value : jsonText(value);
}

/** A referral link as partner.enrolled lists it: a few link fields and its counters. */
const enrolledLinkSchema = z.object({
  id: requiredId,
  domain: optionalText,
  key: optionalText,
  shortLink: optionalText,
  url: optionalText,
  clicks: optionalCount,
  leads: optionalCount,
  conversions: optionalCount,
  sales: optionalCount,
  saleAmount: optionalCount,
});

export const partnerEnrolled = defineEvent({
  provider: 'dub',
  event: 'partner.enrolled',
  key: 'partner_enrolled',
  label: 'Partner Enrolled',
  description: 'Triggers when a partner is enrolled in your partner program.',
  group: 'partners',
  trigger: 'partner' as const,
  schema: dubEnvelope('partner.enrolled', dubPartnerSchema.extend({ links: z.array(enrolledLinkSchema).nullish() })),
  normalize: (delivery) =>
    withEnvelope(delivery, {
      trigger: 'partner' as const,
      partner: partner(delivery.data),
      links: (delivery.data.links ?? []).map((link) => ({
        id: link.id,
        shortUrl: link.shortLink ?? (link.domain && link.key ? `https://${link.domain}/${link.key}` : null),
        destinationUrl: orNull(link.url),
        domain: orNull(link.domain),
        key: orNull(link.key),
        clicks: orNull(link.clicks),
        leads: orNull(link.leads),
        conversions: orNull(link.conversions),
        sales: orNull(link.sales),
        saleAmount: orNull(link.saleAmount),
      })),
      application: null,
      merge: null,
    }),
});

const mergedPartnerSchema = z.object({ id: requiredId, tenantId: z.string().nullish(), email: z.string().nullish() });

export const partnerMerged = defineEvent({
  provider: 'dub',
  event: 'partner.merged',
  key: 'partner_merged',
  label: 'Partners Merged',
  description: 'Triggers when two partner accounts in your program are merged into one.',
  group: 'partners',
  trigger: 'partner' as const,
  schema: dubEnvelope(
    'partner.merged',
    z.object({
      sourcePartner: mergedPartnerSchema,
      targetPartner: mergedPartnerSchema,
      targetAlreadyEnrolled: z.boolean().nullish(),
    }),
  ),
  normalize: (delivery) => {
    const { sourcePartner, targetPartner, targetAlreadyEnrolled } = delivery.data;
    return withEnvelope(delivery, {
      trigger: 'partner' as const,
      partner: partner(targetPartner),
      links: [],
      application: null,
      merge: {
        sourcePartnerId: sourcePartner.id,
        sourcePartnerEmail: orNull(sourcePartner.email),
        targetAlreadyEnrolled: orNull(targetAlreadyEnrolled),
      },
    });
  },
});
