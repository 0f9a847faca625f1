import type { DubEventName } from '../dub/event-names';
import type { DubPostbackEventName } from '../dub/postbacks';
import bountyCreated from '../dub/samples/bounty-created.json';
import bountyUpdated from '../dub/samples/bounty-updated.json';
import commissionCreated from '../dub/samples/commission-created.json';
import discountCodeCreated from '../dub/samples/discount_code-created.json';
import discountCodeDeleted from '../dub/samples/discount_code-deleted.json';
import leadCreated from '../dub/samples/lead-created.json';
import linkClicked from '../dub/samples/link-clicked.json';
import linkCreated from '../dub/samples/link-created.json';
import linkDeleted from '../dub/samples/link-deleted.json';
import linkUpdated from '../dub/samples/link-updated.json';
import partnerApplicationSubmitted from '../dub/samples/partner-application_submitted.json';
import partnerEnrolled from '../dub/samples/partner-enrolled.json';
import partnerMerged from '../dub/samples/partner-merged.json';
import payoutConfirmed from '../dub/samples/payout-confirmed.json';
import postbackCommissionCreated from '../dub/samples/postback-commission-created.json';
import postbackLeadCreated from '../dub/samples/postback-lead-created.json';
import postbackSaleCreated from '../dub/samples/postback-sale-created.json';
import saleCreated from '../dub/samples/sale-created.json';
import linklyClick from '../linkly/samples/click.json';
import linklyLinkCreated from '../linkly/samples/link-created.json';
import linklyLinkDeleted from '../linkly/samples/link-deleted.json';
import linklyLinkUpdated from '../linkly/samples/link-updated.json';
import type { Provider } from '../normalized/parts';

type LinklyEventName = 'click' | 'link.created' | 'link.updated' | 'link.deleted';

/**
 * A realistic delivery body for every event, keyed by the service's event name: Zapier's static samples, and the
 * deliveries of the tests, the sandbox demo and the playground. Apart from the events' definitions so that the n8n
 * packages, which show no sample, do not ship them (test/n8n/bundle-contents.test.ts). The type makes a Dub event
 * without a sample a compile error.
 */
export const samples: {
  dub: Record<DubEventName, unknown>;
  /** Dub's partner postbacks: the partner's view of its events. */
  dubPostback: Record<DubPostbackEventName, unknown>;
  linkly: Record<LinklyEventName, unknown>;
} & Record<Provider, Record<string, unknown>> = {
  dub: {
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
  },
  dubPostback: {
    'lead.created': postbackLeadCreated,
    'sale.created': postbackSaleCreated,
    'commission.created': postbackCommissionCreated,
  },
  linkly: {
    click: linklyClick,
    'link.created': linklyLinkCreated,
    'link.updated': linklyLinkUpdated,
    'link.deleted': linklyLinkDeleted,
  },
};
