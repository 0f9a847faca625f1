import * as z from '../../zod';
import { defineEvent } from '../../catalogue/define-event';
import { click, linkSummary, withEnvelope } from '../normalize-parts';
import { dubClickSchema, dubEnvelope, dubLinkSchema } from '../payload-parts';

export const linkClicked = defineEvent({
  provider: 'dub',
  event: 'link.clicked',
  key: 'link_clicked',
  label: 'Link Clicked',
  description: 'Triggers when someone clicks one of your short links (all, some folders or some links); clicks can arrive up to a minute late.',
  group: 'clicks',
  trigger: 'click',
  schema: dubEnvelope('link.clicked', z.object({ click: dubClickSchema, link: dubLinkSchema })),
  normalize: (delivery) =>
    withEnvelope(delivery, {
      trigger: 'click' as const,
      link: linkSummary(delivery.data.link),
      click: click(delivery.data.click, delivery.createdAt),
    }),
});
