import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { DUB_FOLDERS_PAGE_SIZE } from '../../../../shared';
import { dubClientFor, dubMissingScopeAdvice } from './client';
import { toNodeError } from '../../../common/node-error';

const LINKS_PER_PAGE = 50;

/** Dub's folders for the Link Clicked folder picker, filtered by Dub's own search, a page (Dub's largest) at a time. */
export async function searchDubFolders(
  context: ILoadOptionsFunctions,
  filter?: string,
  paginationToken?: string,
): Promise<INodeListSearchResult> {
  const page = Number(paginationToken) || 1;
  try {
    const folders = await (await dubClientFor(context, 'picker')).folders({
      page,
      pageSize: DUB_FOLDERS_PAGE_SIZE,
      ...(filter ? { search: filter } : {}),
    });
    return {
      results: folders.map((folder) => ({ name: folder.name, value: folder.id })),
      ...(folders.length === DUB_FOLDERS_PAGE_SIZE ? { paginationToken: String(page + 1) } : {}),
    };
  } catch (error) {
    throw toNodeError(context.getNode(), error, dubMissingScopeAdvice);
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
    throw toNodeError(context.getNode(), error, dubMissingScopeAdvice);
  }
}
