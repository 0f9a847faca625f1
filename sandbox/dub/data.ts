/** Dub's read-only endpoints the connectors use for pickers and real-looking samples. */
import { dubError } from './errors';
import {
  DUB_CLICK_EVENTS,
  DUB_COMMISSIONS,
  DUB_FOLDERS,
  DUB_LEAD_EVENTS,
  DUB_LINKS,
  DUB_PARTNERS,
  DUB_PAYOUTS,
  DUB_SALE_EVENTS,
  type JsonObject,
} from './fixtures';
import { intParam, isRecord, json, paginate, type ApiRequest, type ApiResponse } from '../http';

function textOf(value: unknown): string {
  return typeof value === 'string' ? value.toLowerCase() : '';
}

function matchesSearch(item: JsonObject, fields: string[], search: string | null): boolean {
  if (!search) return true;
  const needle = search.toLowerCase();
  return fields.some((field) => textOf(item[field]).includes(needle));
}

function paged(req: ApiRequest, items: JsonObject[]): ApiResponse {
  const page = intParam(req.query, 'page', 1, 1, 10_000);
  const pageSize = intParam(req.query, 'pageSize', 100, 1, 100);
  return json(200, paginate(items, page, pageSize));
}

export function listLinks(req: ApiRequest): ApiResponse {
  const search = req.query.get('search');
  const folderId = req.query.get('folderId');
  const items = DUB_LINKS.filter((item) => matchesSearch(item, ['key', 'url', 'shortLink', 'title'], search)).filter(
    (item) => folderId === null || item['folderId'] === folderId,
  );
  return paged(req, items);
}

export function listFolders(req: ApiRequest): ApiResponse {
  const search = req.query.get('search');
  return json(200, DUB_FOLDERS.filter((item) => matchesSearch(item, ['name'], search)));
}

const EVENTS: Record<string, JsonObject[]> = { clicks: DUB_CLICK_EVENTS, leads: DUB_LEAD_EVENTS, sales: DUB_SALE_EVENTS };

export function listEvents(req: ApiRequest): ApiResponse {
  const kind = req.query.get('event') ?? 'clicks';
  const events = EVENTS[kind];
  if (!events) return dubError('unprocessable_entity', 'event: must be one of "clicks", "leads", "sales"');
  const linkId = req.query.get('linkId');
  const limit = intParam(req.query, 'limit', 100, 1, 1000);
  const page = intParam(req.query, 'page', 1, 1, 10_000);
  const filtered = events.filter((event) => linkId === null || (isRecord(event['link']) && event['link']['id'] === linkId));
  return json(200, paginate(filtered, page, limit));
}

export function listPartners(req: ApiRequest): ApiResponse {
  const search = req.query.get('search');
  return paged(req, DUB_PARTNERS.filter((item) => matchesSearch(item, ['name', 'email'], search)));
}

export function listCommissions(req: ApiRequest): ApiResponse {
  const status = req.query.get('status');
  return paged(req, DUB_COMMISSIONS.filter((item) => status === null || item['status'] === status));
}

export function listPayouts(req: ApiRequest): ApiResponse {
  const status = req.query.get('status');
  return paged(req, DUB_PAYOUTS.filter((item) => status === null || item['status'] === status));
}
