import type { ILoadOptionsFunctions, INodeListSearchResult, INodeListSearchItems } from 'n8n-workflow';
import { DUB_FOLDERS_PAGE_SIZE, type DubClient } from '../../../../shared';
import { dubClientFor, dubMissingScopeAdvice } from './client';
import { toNodeError } from '../../../common/node-error';

const LINKS_PER_PAGE = 50;

/** What one of Dub's paged lists gives for a picker page, with Dub's own search. */
interface PagedList<T> {
  pageSize: number;
  fetch(client: DubClient, query: { page: number; pageSize: number; search?: string }): Promise<T[]>;
  toItem(record: T): INodeListSearchItems;
}

/** One page of a Dub list for n8n's resource locator: the next page is offered only when this one was full. */
async function searchPage<T>(
  context: ILoadOptionsFunctions,
  list: PagedList<T>,
  filter: string | undefined,
  paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
  const page = Number(paginationToken) || 1;
  try {
    const client = await dubClientFor(context, 'picker');
    const records = await list.fetch(client, { page, pageSize: list.pageSize, ...(filter ? { search: filter } : {}) });
    return {
      results: records.map((record) => list.toItem(record)),
      ...(records.length === list.pageSize ? { paginationToken: String(page + 1) } : {}),
    };
  } catch (error) {
    throw toNodeError(context.getNode(), error, dubMissingScopeAdvice);
  }
}

/** Dub's folders for the Link Clicked folder picker, a page (Dub's largest) at a time. */
export async function searchDubFolders(context: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
  return searchPage(
    context,
    {
      pageSize: DUB_FOLDERS_PAGE_SIZE,
      fetch: (client, query) => client.folders(query),
      toItem: (folder) => ({ name: folder.name, value: folder.id }),
    },
    filter,
    paginationToken,
  );
}

/** Dub's links for the Link Clicked link picker, a page at a time. */
export async function searchDubLinks(context: ILoadOptionsFunctions, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> {
  return searchPage(
    context,
    {
      pageSize: LINKS_PER_PAGE,
      fetch: (client, query) => client.links(query),
      toItem: (link) => {
        const shortLink = link.shortLink ?? `https://${link.domain}/${link.key}`;
        return {
          name: link.title ? `${shortLink} (${link.title})` : shortLink,
          value: link.id,
          url: shortLink,
          ...(link.url ? { description: link.url } : {}),
        };
      },
    },
    filter,
    paginationToken,
  );
}
