import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { withZapierErrors } from '../common/api-errors';
import { linklyClientFor } from './client';

export const LINK_LIST_KEY = 'link_list';

/** The hidden trigger behind New Click's link dropdown: every link, which the client reads page by page from Linkly. */
export const linkListTrigger: Trigger = {
  key: LINK_LIST_KEY,
  noun: 'Link',
  display: { label: 'Links', description: "Triggers when New Click's link dropdown opens: lists the workspace's links.", hidden: true },
  operation: {
    perform: withZapierErrors('api_key', async (z: ZObject, bundle: Bundle) =>
      (await linklyClientFor(z, bundle).links()).flatMap((link) => {
        if (typeof link.id !== 'number' && typeof link.id !== 'string') return [];
        const shortUrl = typeof link.full_url === 'string' ? link.full_url : null;
        const name = typeof link.name === 'string' && link.name.trim() ? link.name.trim() : null;
        return [{ id: String(link.id), name: [name, shortUrl].filter(Boolean).join(' – ') || `Link ${link.id}` }];
      }),
    ),
  },
};
