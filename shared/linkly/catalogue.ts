import { defineEvent } from '../catalogue/define-event';
import type { DeliveryService } from '../delivery/delivery';
import { untokenedDelivery, verifyUrlTokenDelivery } from '../delivery/url-token';
import { toUtcIsoOrNull } from '../normalized/values';
import { linklyLinkCreated, linklyLinkDeleted, linklyLinkUpdated } from './link-events';
import { linklyClick, linklyEventId, linklyLinkSummary } from './normalize-click';
import { linklyDeliverySchema } from './payload';

/** A click, on a link or anywhere in a workspace. */
export const linklyClickEvent = defineEvent({
  provider: 'linkly',
  event: 'click',
  key: 'new_click',
  label: 'New Click',
  description: 'Triggers when someone clicks one of your links (any link in the workspace, or one link).',
  group: 'clicks',
  trigger: 'click',
  schema: linklyDeliverySchema,
  normalize: (delivery) => ({
    id: linklyEventId(delivery),
    provider: 'linkly',
    event: 'click',
    occurredAt: toUtcIsoOrNull(delivery.timestamp),
    trigger: 'click',
    link: linklyLinkSummary(delivery.link),
    click: linklyClick(delivery.click, delivery.timestamp),
  }),
});

/**
 * Linkly's events: clicks, and the link events it posts to the same hook URLs. A hook gets them all, so each trigger
 * takes its own event and lets the others pass.
 */
export const linklyCatalogue = {
  click: linklyClickEvent,
  'link.created': linklyLinkCreated,
  'link.updated': linklyLinkUpdated,
  'link.deleted': linklyLinkDeleted,
} as const;

/**
 * Linkly as parseDelivery knows it: Linkly signs nothing, so a delivery must carry the token of our hook URL. A
 * delivery through that hook whose `event` is missing or not a name known here is still read as a click, with `event`
 * listed as unread: Linkly's hooks deliver clicks, and a renamed field must not lose one.
 */
export const linklyDeliveryService: DeliveryService = {
  provider: 'linkly',
  entries: Object.values(linklyCatalogue),
  verify: verifyUrlTokenDelivery,
  unverifiable: untokenedDelivery,
  readUnknownAs: linklyClickEvent,
};
