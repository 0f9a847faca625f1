import { createHash } from 'node:crypto';
import { defineEvent } from '../catalogue/define-event';
import { orNull, toUtcIsoOrNull } from '../normalized/values';
import { linklyLinkSummary } from './normalize-click';
import { linklyLinkEventSchema, type LinklyLinkDelivery } from './payload';

/**
 * Linkly's link events: `{event, timestamp, link}`, posted to the same hook URLs as clicks (Linkly's n8n node 2.0.1).
 * They carry no event id, and their timestamps are whole seconds while an edit autosaves several times: the id adds a
 * digest of the link as delivered, so a redelivery (same bytes) keeps its id and two saves within one second do not
 * share one. None when the link's id or the timestamp did not read.
 */
export function linklyLinkEventId(delivery: LinklyLinkDelivery): string | null {
  if (delivery.link.id === null || delivery.timestamp === null) return null;
  const digest = createHash('sha256').update(JSON.stringify(delivery.link)).digest('hex').slice(0, 12);
  return `linkly_${delivery.event}_${delivery.link.id}_${delivery.timestamp}_${digest}`;
}

/** The link in the same shape as Dub's link events; what Linkly does not send about a link is null (or empty). */
function linklyLinkDetails(link: LinklyLinkDelivery['link']) {
  return Object.assign(linklyLinkSummary(link), {
    description: null,
    image: null,
    comments: null,
    qrCode: null,
    archived: null,
    trackConversion: null,
    tags: [],
    folderId: null,
    expiresAt: null,
    disabledAt: null,
    clicks: null,
    leads: null,
    conversions: null,
    sales: null,
    saleAmount: null,
    lastClicked: null,
    utmSource: orNull(link.utm_source),
    utmMedium: orNull(link.utm_medium),
    utmCampaign: orNull(link.utm_campaign),
    utmTerm: orNull(link.utm_term),
    utmContent: orNull(link.utm_content),
    createdAt: null,
    updatedAt: null,
  });
}

function linklyLinkEvent<E extends string>(event: E, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'linkly',
    event,
    trigger: 'link',
    group: 'links',
    schema: linklyLinkEventSchema(event),
    normalize: (delivery) => ({
      id: linklyLinkEventId(delivery),
      provider: 'linkly' as const,
      event: delivery.event,
      occurredAt: toUtcIsoOrNull(delivery.timestamp),
      trigger: 'link' as const,
      link: linklyLinkDetails(delivery.link),
    }),
  });
}

export const linklyLinkCreated = linklyLinkEvent('link.created', {
  key: 'link_created',
  label: 'New Link',
  description: 'Triggers when a short link is created in your workspace, in the dashboard, through the API or by an integration.',
});

export const linklyLinkUpdated = linklyLinkEvent('link.updated', {
  key: 'link_updated',
  label: 'Link Settings Updated',
  description: "Triggers when someone saves a link's settings (destination, name, slug, UTM tags, rules); the editor autosaves, so one edit may trigger several times.",
});

export const linklyLinkDeleted = linklyLinkEvent('link.deleted', {
  key: 'link_deleted',
  label: 'Link Deleted',
  description: 'Triggers when a short link is deleted from your workspace; the item holds the link as it was.',
});
