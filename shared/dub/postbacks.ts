import * as z from '../zod';
import type { EventEntry } from '../catalogue/types';
import { defineEvent } from '../catalogue/define-event';
import type { DeliveryService } from '../delivery/delivery';
import { unsignedDubDelivery, verifyDubDelivery } from '../delivery/dub-signature';
import { currencyCode, orNull } from '../normalized/values';
import { click, commission, customer, linkSummary, withEnvelope } from './normalize-parts';
import {
  dubClickSchema,
  dubCustomerSchema,
  dubEnvelope,
  dubLinkSchema,
  optionalText,
  optionalTimestamp,
  requiredAmount,
  requiredCurrency,
  requiredId,
} from './payload-parts';

/*
 * Dub's partner postbacks (dubinc/dub apps/web/lib/postback/, read at 1de955f, 2026-08-21): what a partner in a Dub
 * program receives about their own referrals, at a URL they paste into Dub's partner dashboard. The same envelope and
 * the same Dub-Signature as webhooks, keyed with the postback's `pbsec_` secret; the payloads are the partner's view
 * (schemas.ts there): a link of four fields, a customer without name or email, no partner, no metadata.
 */

/** What a postback's secret looks like: `pbsec_` and 16 random bytes in hex (Dub's POSTBACK_SECRET_* constants). */
export const DUB_POSTBACK_SECRET_PREFIX = 'pbsec_';

/** The link as a postback carries it: `LinkSchema.pick({ id, shortLink, domain, key })` in Dub's code. */
const postbackLink = dubLinkSchema.pick({ id: true, shortLink: true, domain: true, key: true });

/** The customer as a postback carries it: no name, email, avatar or external id, which belong to the program. */
const postbackCustomer = dubCustomerSchema.pick({
  id: true,
  country: true,
  createdAt: true,
  firstSaleAt: true,
  subscriptionCanceledAt: true,
});

const postbackConversion = {
  eventName: optionalText,
  click: dubClickSchema,
  link: postbackLink,
  customer: postbackCustomer,
};

const leadData = z.object(postbackConversion);
const saleData = z.object({ ...postbackConversion, sale: z.object({ amount: requiredAmount, currency: requiredCurrency }) });
const commissionData = z.object({
  id: requiredId,
  type: optionalText,
  amount: requiredAmount,
  earnings: requiredAmount,
  currency: requiredCurrency,
  status: optionalText,
  description: optionalText,
  quantity: z.number().int().nullish(),
  createdAt: optionalTimestamp,
  link: postbackLink.nullish(),
  customer: postbackCustomer.nullish(),
});

type ConversionDelivery = { id: string | null; event: string; createdAt: string | null; data: z.output<typeof leadData> };

/** A postback's lead or sale in the shape of the webhook's: what the partner's view leaves out is null. */
function conversionOf(delivery: ConversionDelivery) {
  const { data } = delivery;
  return withEnvelope(delivery, {
    isPostback: true,
    eventName: orNull(data.eventName),
    customer: customer(data.customer),
    link: linkSummary(data.link),
    click: click(data.click, delivery.createdAt),
    partner: null,
    metadata: null,
  });
}

export const postbackLeadCreated = defineEvent({
  provider: 'dub',
  event: 'lead.created',
  key: 'postback_lead_created',
  label: 'New Referred Lead (Partner Postback)',
  description: 'Triggers when someone you referred as a partner becomes a lead, through a postback you added in the partner dashboard.',
  group: 'leads',
  trigger: 'lead',
  schema: dubEnvelope('lead.created', leadData),
  normalize: (delivery) => Object.assign(conversionOf(delivery), { trigger: 'lead' as const }),
});

export const postbackSaleCreated = defineEvent({
  provider: 'dub',
  event: 'sale.created',
  key: 'postback_sale_created',
  label: 'New Referred Sale (Partner Postback)',
  description: 'Triggers when someone you referred as a partner makes a purchase, through a postback you added in the partner dashboard.',
  group: 'sales',
  trigger: 'sale',
  schema: dubEnvelope('sale.created', saleData),
  normalize: (delivery) => {
    const { sale } = delivery.data;
    return Object.assign(conversionOf(delivery), {
      trigger: 'sale' as const,
      sale: { amount: sale.amount, currency: currencyCode(sale.currency), paymentProcessor: null, invoiceId: null },
    });
  },
});

export const postbackCommissionCreated = defineEvent({
  provider: 'dub',
  event: 'commission.created',
  key: 'postback_commission_created',
  label: 'New Commission Earned (Partner Postback)',
  description: 'Triggers when you earn a commission as a partner (clawbacks are negative), through a postback you added in the partner dashboard.',
  group: 'partners',
  trigger: 'commission',
  schema: dubEnvelope('commission.created', commissionData),
  normalize: ({ id, event, createdAt, data }) =>
    withEnvelope({ id, event, createdAt }, {
      isPostback: true,
      trigger: 'commission' as const,
      commission: commission(data),
      partner: null,
      customer: data.customer ? customer(data.customer) : null,
      link: data.link ? linkSummary(data.link) : null,
    }),
});

/**
 * The postback events, keyed by Dub's own name (POSTBACK_TRIGGERS in Dub's code), without samples: what the n8n
 * package ships. With samples: dubPostbackCatalogue (catalogue/index.ts).
 */
export const dubPostbackEvents = {
  'lead.created': postbackLeadCreated,
  'sale.created': postbackSaleCreated,
  'commission.created': postbackCommissionCreated,
} as const satisfies Record<string, EventEntry>;

export type DubPostbackEventName = keyof typeof dubPostbackEvents;

/**
 * Postbacks as the parser knows them: their own events (the partner's view, read with the postback schemas, so a
 * clean postback lists nothing unread), checked with the same Dub-Signature code as webhooks.
 */
export const dubPostbackService: DeliveryService = {
  provider: 'dub',
  entries: Object.values(dubPostbackEvents),
  verify: verifyDubDelivery,
  unverifiable: unsignedDubDelivery,
};
