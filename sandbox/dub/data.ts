/** Dub's read-only endpoints the connectors use for pickers and real-looking samples. */
import { dubError } from './errors';
import { z } from 'zod/v4';
import { dubValidationError } from './errors';
import {
  DUB_BOUNTIES,
  DUB_CLICK_EVENTS,
  DUB_COMMISSIONS,
  DUB_DISCOUNT_CODES,
  DUB_LEAD_EVENTS,
  DUB_LINKS,
  DUB_PARTNER_APPLICATIONS,
  DUB_PARTNERS,
  DUB_PAYOUTS,
  DUB_SALE_EVENTS,
  type JsonObject,
} from './fixtures';
import { intParam, isRecord, json, paginate, queryRecord, type ApiRequest, type ApiResponse } from '../http';

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

/**
 * Dub's getPaginationQuerySchema for an endpoint whose page holds at most `max` (folders: FOLDERS_MAX_PAGE_SIZE = 50,
 * lib/zod/schemas/folders.ts): `page` from 1, `pageSize` defaulting to the maximum, and a larger one refused.
 */
function pagination(max: number) {
  return z.object({
    page: z.coerce.number().positive({ message: 'Page must be greater than 0.' }).optional().default(1),
    pageSize: z.coerce.number().positive({ message: 'Page size must be greater than 0.' }).max(max, { message: `Max page size is ${max}.` }).optional().default(max),
  });
}

const FOLDERS_MAX_PAGE_SIZE = 50;

/** GET /folders: `search` on the name, pages of at most 50 (Dub's listFoldersQuerySchema and getFolders). */
export function listFolders(folders: readonly JsonObject[]) {
  return (req: ApiRequest): ApiResponse => {
    const query = pagination(FOLDERS_MAX_PAGE_SIZE).safeParse(queryRecord(req.query));
    if (!query.success) return dubValidationError(query.error.issues);
    const { page, pageSize } = query.data;
    const search = req.query.get('search');
    return json(200, paginate(folders.filter((item) => matchesSearch(item, ['name'], search)), page, pageSize));
  };
}

const EVENTS: Record<string, JsonObject[]> = { clicks: DUB_CLICK_EVENTS, leads: DUB_LEAD_EVENTS, sales: DUB_SALE_EVENTS };

export function listEvents(req: ApiRequest): ApiResponse {
  const kind = req.query.get('event') ?? 'clicks';
  const events = EVENTS[kind];
  if (!events) return dubError('unprocessable_entity', 'event: must be one of "clicks", "leads", "sales"');
  const linkId = req.query.get('linkId');
  const folderId = req.query.get('folderId');
  const limit = intParam(req.query, 'limit', 100, 1, 1000);
  const page = intParam(req.query, 'page', 1, 1, 10_000);
  const linkOf = (event: JsonObject) => (isRecord(event['link']) ? event['link'] : {});
  const filtered = events.filter(
    (event) => (linkId === null || linkOf(event)['id'] === linkId) && (folderId === null || linkOf(event)['folderId'] === folderId),
  );
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

/** GET /partners/applications: the program's pending applications, newest first (Dub's route orders by createdAt). */
export function listPartnerApplications(req: ApiRequest): ApiResponse {
  return paged(req, DUB_PARTNER_APPLICATIONS);
}

/** GET /bounties: every bounty of the program, unpaged. */
export function listBounties(): ApiResponse {
  return json(200, DUB_BOUNTIES);
}

/** GET /discount-codes: the program's codes, `partnerId` optional, pages of at most 100. */
export function listDiscountCodes(req: ApiRequest): ApiResponse {
  const partnerId = req.query.get('partnerId');
  return paged(req, DUB_DISCOUNT_CODES.filter((code) => partnerId === null || code['partnerId'] === partnerId));
}
