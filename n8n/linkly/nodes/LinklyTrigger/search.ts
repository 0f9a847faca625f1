import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { linklyClientFor } from './client';
import { toNodeError } from '../../../common/node-error';

/** Linkly's links for the link picker, every page of them; the filter applies here (one search for both APIs' lists). */
export async function searchLinklyLinks(context: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
  let links: Array<Record<string, unknown>>;
  try {
    links = await (await linklyClientFor(context, 'picker')).links();
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
  const items = links.map(toSearchItem).filter((item): item is INodeListSearchItems => item !== undefined);
  const wanted = filter?.trim().toLowerCase();
  return { results: wanted ? items.filter((item) => searchableText(item).includes(wanted)) : items };
}

function toSearchItem(link: Record<string, unknown>): INodeListSearchItems | undefined {
  const id = link.id;
  if (typeof id !== 'number' && typeof id !== 'string') return undefined;
  const shortUrl = text(link.full_url);
  const name = text(link.name) ?? shortUrl ?? `Link ${id}`;
  const destination = text(link.url) ?? text(link.destination);
  return {
    name: shortUrl && shortUrl !== name ? `${name} (${shortUrl})` : name,
    value: String(id),
    ...(shortUrl ? { url: shortUrl } : {}),
    ...(destination ? { description: destination } : {}),
  };
}

function searchableText(item: INodeListSearchItems): string {
  return `${item.name} ${item.description ?? ''} ${item.value}`.toLowerCase();
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
