/** Every event Dub can deliver, in the order Dub's docs list them. */
export const DUB_EVENT_NAMES = [
  'link.created',
  'link.updated',
  'link.deleted',
  'link.clicked',
  'lead.created',
  'sale.created',
  'partner.application_submitted',
  'partner.enrolled',
  'partner.merged',
  'commission.created',
  'bounty.created',
  'bounty.updated',
  'payout.confirmed',
  'discount_code.created',
  'discount_code.deleted',
] as const;

export type DubEventName = (typeof DUB_EVENT_NAMES)[number];

export function isDubEventName(value: string): value is DubEventName {
  return (DUB_EVENT_NAMES as readonly string[]).includes(value);
}
