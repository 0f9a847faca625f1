import type { EventEntry } from '../catalogue/types';
import { unsignedDubDelivery, verifyDubDelivery } from '../delivery/dub-signature';
import type { DeliveryService } from '../delivery/delivery';
import type { DubEventName } from './event-names';
import { leadCreated, saleCreated } from './events/conversions';
import { linkClicked } from './events/link-clicked';
import { linkCreated, linkDeleted, linkUpdated } from './events/link-events';
import { partnerApplicationSubmitted, partnerEnrolled, partnerMerged } from './events/partner-events';
import { bountyCreated, bountyUpdated } from './events/bounty-events';
import { commissionCreated } from './events/commission-created';
import { discountCodeCreated, discountCodeDeleted } from './events/discount-code-events';
import { payoutConfirmed } from './events/payout-confirmed';

/** Dub's events, keyed by Dub's own name: the type makes a missing event a compile error. */
export const dubCatalogue: Record<DubEventName, EventEntry> = {
  'link.created': linkCreated,
  'link.updated': linkUpdated,
  'link.deleted': linkDeleted,
  'link.clicked': linkClicked,
  'lead.created': leadCreated,
  'sale.created': saleCreated,
  'partner.application_submitted': partnerApplicationSubmitted,
  'partner.enrolled': partnerEnrolled,
  'partner.merged': partnerMerged,
  'commission.created': commissionCreated,
  'bounty.created': bountyCreated,
  'bounty.updated': bountyUpdated,
  'payout.confirmed': payoutConfirmed,
  'discount_code.created': discountCodeCreated,
  'discount_code.deleted': discountCodeDeleted,
};

/** Dub as parseDelivery knows it: deliveries signed with the hook's secret (`Dub-Signature`). */
export const dubDeliveryService: DeliveryService = {
  provider: 'dub',
  entries: Object.values(dubCatalogue),
  verify: verifyDubDelivery,
  unverifiable: unsignedDubDelivery,
};
