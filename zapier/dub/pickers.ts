import type { Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { DUB_FOLDERS_PAGE_SIZE } from '../../shared';
import { withZapierErrors } from '../common/api-errors';
import { dubClientFor } from './client';
import { DUB_CREDENTIAL } from './settings';

export const FOLDER_LIST_KEY = 'folder_list';
export const LINK_LIST_KEY = 'link_list';

/** Dub's largest page for GET /links. */
const LINKS_PER_PAGE = 100;

/** Hidden triggers behind Link Clicked's dropdowns: not offered as triggers, only listed into the pickers. */
export const folderListTrigger: Trigger = {
  key: FOLDER_LIST_KEY,
  noun: 'Folder',
  display: { label: 'Folders', description: "Triggers when Link Clicked's folder dropdown opens: lists the workspace's folders.", hidden: true },
  operation: {
    // Zapier asks for the next page (bundle.meta.page, from 0) when the user clicks "Load more": a workspace's 51st
    // folder is on Dub's second page. Zapier passes a dropdown no typed text, so Dub's `search` cannot be used here.
    canPaginate: true,
    perform: withZapierErrors(DUB_CREDENTIAL, async (z: ZObject, bundle: Bundle) => {
      const folders = await dubClientFor(z, bundle).folders({ page: (bundle.meta.page ?? 0) + 1, pageSize: DUB_FOLDERS_PAGE_SIZE });
      return folders.map((folder) => ({ id: folder.id, name: folder.name }));
    }),
  },
};

export const linkListTrigger: Trigger = {
  key: LINK_LIST_KEY,
  noun: 'Link',
  display: { label: 'Links', description: "Triggers when Link Clicked's link dropdown opens: lists the workspace's links.", hidden: true },
  operation: {
    // Zapier asks for the next page (bundle.meta.page, from 0) when the user clicks "Load more".
    canPaginate: true,
    perform: withZapierErrors(DUB_CREDENTIAL, async (z: ZObject, bundle: Bundle) => {
      const links = await dubClientFor(z, bundle).links({ page: (bundle.meta.page ?? 0) + 1, pageSize: LINKS_PER_PAGE });
      return links.map((link) => {
        const shortLink = link.shortLink ?? `${link.domain}/${link.key}`;
        const about = link.title ?? link.url;
        return { id: link.id, name: about ? `${shortLink} (${about})` : shortLink };
      });
    }),
  },
};
