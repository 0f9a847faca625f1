import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { dubClientFor, MANUAL_REGISTRATION_HINT } from './client';
import { toNodeError } from '../../../common/node-error';

const LINKS_PER_PAGE = 50;

/** Dub's folders for the Link Clicked folder picker, filtered by Dub's own search. */
export async function searchDubFolders(context: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  try {
    const folders = await (await dubClientFor(context, 'picker')).folders(filter ? { search: filter } : {});
    return { results: folders.map((folder) => ({ name: folder.name, value: folder.id })) };
  } catch (error) {
    throw toNodeError(context.getNode(), error, MANUAL_REGISTRATION_HINT);
  }
}

/** Dub's links for the Link Clicked link picker, a page at a time. */
export async function searchDubLinks(
  context: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const page = Number(paginationToken) || 1;
  try {
    const links = await (await dubClientFor(context, 'picker')).links({
      page,
      pageSize: LINKS_PER_PAGE,
      ...(filter ? { search: filter } : {}),
    });
    return {
      results: links.map((link) => {
        const shortLink = link.shortLink ?? `https://${link.domain}/${link.key}`;
        return {
          name: link.title ? `${shortLink} (${link.title})` : shortLink,
          value: link.id,
          url: shortLink,
          ...(link.url ? { description: link.url } : {}),
        };
      }),
      ...(links.length === LINKS_PER_PAGE ? { paginationToken: String(page + 1) } : {}),
    };
  } catch (error) {
    throw toNodeError(context.getNode(), error, MANUAL_REGISTRATION_HINT);
  }
}
