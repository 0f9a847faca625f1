import type { TriggerKind } from '../../shared';

/** Completes Zapier's "triggers on a new …"; a new trigger kind without a noun is a compile error. */
export const NOUNS: Record<TriggerKind, string> = {
  click: 'Click',
  lead: 'Lead',
  sale: 'Sale',
  link: 'Link',
  partner: 'Partner',
  commission: 'Commission',
  payout: 'Payout',
  bounty: 'Bounty',
  discount_code: 'Discount Code',
};
