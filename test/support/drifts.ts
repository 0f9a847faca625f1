import type { UnreadField } from '../../shared/catalogue/read-leniently';
import type { NormalizedOf } from '../../shared/normalized/outputs';
import { seedPayload } from './fixtures';

/**
 * Issue 13's drifts: one field of Dub's own sale.created payload (the seed quoted in Dub's docs) changed as a Dub
 * release could change it. Each platform's tests deliver them, signed, through its own entry point; the core's test
 * reads them directly. `expectedItem` is what the normalized item holds: the clean item with the changes below.
 */

export const SALE_SEED = 'dub-sale-created-001.json';
export const SALE_EVENT_ID = 'evt_WHjyHhqsfYOrlJOOVJSoHXysD';

type Sale = NormalizedOf<'sale'>;
interface SaleDelivery {
  createdAt: unknown;
  data: { customer: Record<string, unknown> | null; sale: Record<string, unknown> };
}

export interface SaleDrift {
  name: string;
  change(delivery: SaleDelivery): void;
  unread: UnreadField;
  /** The fields of the normalized item that differ from the clean seed's, given that clean item. */
  changed(clean: Sale): Partial<Sale>;
}

export const SALE_DRIFTS: SaleDrift[] = [
  {
    name: 'customer.id a number',
    change: (delivery) => void ((delivery.data.customer as Record<string, unknown>).id = 12345),
    unread: { path: 'data.customer.id', expected: 'text', received: '12345' },
    changed: (clean) => ({ customer: { ...clean.customer, id: '12345' } }),
  },
  {
    name: 'sale.amount a string',
    change: (delivery) => void (delivery.data.sale.amount = '4500'),
    unread: { path: 'data.sale.amount', expected: 'a whole number', received: '"4500"' },
    changed: () => ({}),
  },
  {
    name: 'sale.currency null',
    change: (delivery) => void (delivery.data.sale.currency = null),
    unread: { path: 'data.sale.currency', expected: 'text', received: 'null' },
    // Null, not "": a currency that did not read must not look like one.
    changed: (clean) => ({ sale: { ...clean.sale, currency: null } }),
  },
  {
    name: 'customer null',
    change: (delivery) => void (delivery.data.customer = null),
    unread: { path: 'data.customer', expected: 'an object', received: 'null' },
    changed: (clean) => ({
      customer: Object.fromEntries(Object.keys(clean.customer).map((key) => [key, null])) as unknown as Sale['customer'],
    }),
  },
  {
    name: 'sale.invoiceId a number',
    change: (delivery) => void (delivery.data.sale.invoiceId = 98765),
    unread: { path: 'data.sale.invoiceId', expected: 'text', received: '98765' },
    changed: (clean) => ({ sale: { ...clean.sale, invoiceId: '98765' } }),
  },
  {
    name: 'createdAt not a date',
    change: (delivery) => void (delivery.createdAt = 'yesterday'),
    unread: { path: 'createdAt', expected: 'an ISO 8601 date-time', received: '"yesterday"' },
    // Null, never the time the delivery was read. The seed's click has no timestamp of its own: it takes the event's.
    changed: (clean) => ({ occurredAt: null, click: clean.click && { ...clean.click, timestamp: null } }),
  },
  {
    name: 'createdAt a date that does not exist (February 31st)',
    change: (delivery) => void (delivery.createdAt = '2026-02-31T10:00:00Z'),
    unread: { path: 'createdAt', expected: 'an ISO 8601 date-time', received: '"2026-02-31T10:00:00Z"' },
    changed: (clean) => ({ occurredAt: null, click: clean.click && { ...clean.click, timestamp: null } }),
  },
];

/** The seed's sale with one drift, as JSON text (the bytes Dub would sign). */
export function driftedSaleBody(drift: SaleDrift): string {
  const delivery = seedPayload(SALE_SEED) as unknown as SaleDelivery;
  drift.change(delivery);
  return JSON.stringify(delivery);
}

export function cleanSaleBody(): string {
  return JSON.stringify(seedPayload(SALE_SEED));
}

/** The normalized item a drifted delivery gives: the clean one, the drift's changes, and the drift listed. */
export function expectedItem(clean: Sale, drift: SaleDrift): Sale {
  return { ...clean, ...drift.changed(clean), unreadFields: [drift.unread] };
}
