import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { currencyCode, orNull } from '../../normalized/values';
import { click, customer, linkSummary, partner, withEnvelope } from '../normalize-parts';
import { dubConversionData, dubEnvelope, requiredAmount, requiredCurrency } from '../payload-parts';

const leadData = z.object(dubConversionData);
const saleData = z.object({
  ...dubConversionData,
  sale: z.object({
    amount: requiredAmount,
    currency: requiredCurrency,
    paymentProcessor: z.string().nullish(),
    invoiceId: z.string().nullish(),
  }),
});

function conversionOf(delivery: { id: string | null; event: string; createdAt: string | null; data: z.output<typeof leadData> }) {
  const { data } = delivery;
  return withEnvelope(delivery, {
    isPostback: false,
    eventName: orNull(data.eventName),
    customer: customer(data.customer),
    link: data.link ? linkSummary(data.link) : null,
    click: data.click ? click(data.click, delivery.createdAt) : null,
    partner: data.partner ? partner(data.partner) : null,
    metadata: orNull(data.metadata),
  });
}

export const leadCreated = defineEvent({
  provider: 'dub',
  event: 'lead.created',
  key: 'lead_created',
  label: 'New Lead',
  description: 'Triggers when a new lead (for example a sign-up) is tracked from one of your links.',
  group: 'leads',
  trigger: 'lead',
  schema: dubEnvelope('lead.created', leadData),
  normalize: (delivery) => Object.assign(conversionOf(delivery), { trigger: 'lead' as const }),
});

export const saleCreated = defineEvent({
  provider: 'dub',
  event: 'sale.created',
  key: 'sale_created',
  label: 'New Sale',
  description: 'Triggers when a new sale is tracked from one of your links.',
  group: 'sales',
  trigger: 'sale',
  schema: dubEnvelope('sale.created', saleData),
  normalize: (delivery) => {
    const { sale } = delivery.data;
    return Object.assign(conversionOf(delivery), {
      trigger: 'sale' as const,
      sale: {
        amount: sale.amount,
        currency: currencyCode(sale.currency),
        paymentProcessor: orNull(sale.paymentProcessor),
        invoiceId: orNull(sale.invoiceId),
      },
    });
  },
});
