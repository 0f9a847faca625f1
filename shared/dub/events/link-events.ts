import { defineEvent } from '../../catalogue/define-event';
import { toUtcIsoOrNull, orNull } from '../../normalized/values';
import { linkSummary, withEnvelope } from '../normalize-parts';
import { dubEnvelope, dubLinkDetailsSchema, type DubLinkDetails } from '../payload-parts';

/** link.created, link.updated and link.deleted share one payload (the link) and one output. */
function linkEvent<E extends string>(event: E, meta: { key: string; label: string; description: string }) {
  return defineEvent({
    ...meta,
    provider: 'dub',
    event,
    trigger: 'link',
    group: 'links',
    schema: dubEnvelope(event, dubLinkDetailsSchema),
    normalize: (delivery) => withEnvelope(delivery, { trigger: 'link' as const, link: linkDetails(delivery.data) }),
  });
}

function linkDetails(link: DubLinkDetails) {
  return Object.assign(linkSummary(link), {
    description: orNull(link.description),
    image: orNull(link.image),
    comments: orNull(link.comments),
    qrCode: orNull(link.qrCode),
    archived: orNull(link.archived),
    trackConversion: orNull(link.trackConversion),
    tags: (link.tags ?? []).map((tag) => tag.name),
    folderId: orNull(link.folderId),
    expiresAt: toUtcIsoOrNull(link.expiresAt),
    disabledAt: toUtcIsoOrNull(link.disabledAt),
    clicks: orNull(link.clicks),
    leads: orNull(link.leads),
    conversions: orNull(link.conversions),
    sales: orNull(link.sales),
    saleAmount: orNull(link.saleAmount),
    lastClicked: toUtcIsoOrNull(link.lastClicked),
    utmSource: orNull(link.utm_source),
    utmMedium: orNull(link.utm_medium),
    utmCampaign: orNull(link.utm_campaign),
    utmTerm: orNull(link.utm_term),
    utmContent: orNull(link.utm_content),
    createdAt: toUtcIsoOrNull(link.createdAt),
    updatedAt: toUtcIsoOrNull(link.updatedAt),
  });
}

export const linkCreated = linkEvent('link.created', {
  key: 'link_created',
  label: 'New Link',
  description: 'Triggers when a short link is created in your workspace.',
});

export const linkUpdated = linkEvent('link.updated', {
  key: 'link_updated',
  label: 'Link Settings Updated',
  description: "Triggers when someone edits a short link's settings (destination, short key, title, tags, folder, expiry or archiving); new clicks do not count.",
});

export const linkDeleted = linkEvent('link.deleted', {
  key: 'link_deleted',
  label: 'Link Deleted',
  description: 'Triggers when a short link is deleted from your workspace.',
});
