import { defineEvent } from '../catalogue/define-event';
import type { DeliveryService } from '../delivery/delivery';
import { verifyUrlTokenDelivery } from '../delivery/url-token';
import { toUtcIso } from '../normalized/values';
import { linklyClick, linklyEventId, linklyLinkSummary } from './normalize-click';
import { linklyDeliverySchema } from './payload';
import sample from './samples/click.json';

/** Linkly has one event: a click, on a link or anywhere in a workspace. */
export const linklyClickEvent = defineEvent({
  provider: 'linkly',
  event: 'click',
  key: 'new_click',
  label: 'New Click',
  description: 'Triggers when someone clicks one of your links (any link in the workspace, or one link).',
  group: 'clicks',
  trigger: 'click',
  schema: linklyDeliverySchema,
  sample,
  normalize: (delivery) => ({
    id: linklyEventId(delivery),
    provider: 'linkly',
    event: 'click',
    occurredAt: toUtcIso(delivery.timestamp),
    trigger: 'click',
    link: linklyLinkSummary(delivery.link),
    click: linklyClick(delivery.click, delivery.timestamp),
  }),
});

export const linklyCatalogue = { click: linklyClickEvent } as const;

/** Linkly as parseDelivery knows it: Linkly signs nothing, so a delivery must carry the token of our hook URL. */
export const linklyDeliveryService: DeliveryService = {
  provider: 'linkly',
  entries: Object.values(linklyCatalogue),
  verify: verifyUrlTokenDelivery,
};
