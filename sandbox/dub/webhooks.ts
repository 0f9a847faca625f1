/** Dub's webhook management endpoints: /webhooks and /webhooks/{id}. */
import { z } from 'zod/v4';
import { dubError } from './errors';
import { toWebhook, type DubHookFields, type DubHookStore } from './hook-store';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { DUB_EVENT_NAMES, type DubEventName, type DubLinkScope } from '../types';

const NAME_RULE = 'must be a string of 1 to 40 characters';

const hookFields = z.object({
  name: z.string({ error: NAME_RULE }).min(1, NAME_RULE).max(40, NAME_RULE),
  url: z.url({ protocol: /^https?$/, error: 'must be a valid http(s) URL' }),
  triggers: z
    .array(z.enum(DUB_EVENT_NAMES, { error: `unknown event; expected one of ${DUB_EVENT_NAMES.join(', ')}` }), {
      error: 'must be an array of event names',
    })
    .min(1, 'must hold at least one event'),
  linkScope: z
    .enum(['workspace', 'folders', 'links'], { error: 'must be "workspace", "folders" or "links"' })
    .nullable()
    .optional(),
  linkIds: z.array(z.string().min(1)).max(1000, 'may hold at most 1000 link ids').optional(),
  folderIds: z.array(z.string().min(1)).max(100, 'may hold at most 100 folder ids').optional(),
});

const createSchema = hookFields;
const patchSchema = hookFields.partial();

type ParsedBody<T> = { ok: true; value: T } | { ok: false; response: ApiResponse };

function parseBody<T>(body: string, schema: z.ZodType<T>): ParsedBody<T> {
  const parsed = parseJson(body);
  if (!parsed.ok) return { ok: false, response: dubError('bad_request', 'The request body is not valid JSON.') };
  const result = schema.safeParse(parsed.value);
  if (!result.success) {
    const message = result.error.issues
      .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
      .join('; ');
    return { ok: false, response: dubError('unprocessable_entity', message) };
  }
  return { ok: true, value: result.data };
}

/** Dub's cross-field rule: linkScope exactly when link.clicked is a trigger, with ids to match the scope. */
export function linkScopeProblem(fields: DubHookFields): string | undefined {
  const clicks = fields.triggers.includes('link.clicked');
  if (clicks && fields.linkScope === null) {
    return 'linkScope is required when triggers include link.clicked: use "workspace", "folders" (with folderIds) or "links" (with linkIds).';
  }
  if (!clicks && fields.linkScope !== null) {
    return 'linkScope is only allowed when triggers include link.clicked.';
  }
  if (fields.linkScope === 'links' && (fields.linkIds ?? []).length === 0) {
    return 'linkScope "links" needs a non-empty linkIds array (at most 1000 ids).';
  }
  if (fields.linkScope === 'folders' && (fields.folderIds ?? []).length === 0) {
    return 'linkScope "folders" needs a non-empty folderIds array (at most 100 ids).';
  }
  if (fields.linkIds !== undefined && fields.linkScope !== 'links') {
    return 'linkIds is only allowed with linkScope "links".';
  }
  if (fields.folderIds !== undefined && fields.linkScope !== 'folders') {
    return 'folderIds is only allowed with linkScope "folders".';
  }
  return undefined;
}

function unique(triggers: DubEventName[]): DubEventName[] {
  return [...new Set(triggers)];
}

function checkFields(store: DubHookStore, fields: DubHookFields, selfId?: string): ApiResponse | undefined {
  const problem = linkScopeProblem(fields);
  if (problem) return dubError('unprocessable_entity', problem);
  if (store.urlTakenBy(fields.url, selfId)) {
    return dubError('conflict', `A webhook with the URL ${fields.url} already exists in this workspace.`);
  }
  return undefined;
}

const notFound = (id: string): ApiResponse => dubError('not_found', `Webhook ${id} not found.`);

export function listWebhooks(store: DubHookStore): ApiResponse {
  return json(200, store.list().map(toWebhook));
}

export function getWebhook(store: DubHookStore, id: string): ApiResponse {
  const hook = store.get(id);
  return hook ? json(200, toWebhook(hook)) : notFound(id);
}

export function createWebhook(store: DubHookStore, req: ApiRequest): ApiResponse {
  const parsed = parseBody(req.body, createSchema);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const fields: DubHookFields = {
    name: body.name,
    url: body.url,
    triggers: unique(body.triggers),
    linkScope: body.linkScope ?? null,
    linkIds: body.linkIds,
    folderIds: body.folderIds,
  };
  const problem = checkFields(store, fields);
  if (problem) return problem;
  return json(201, toWebhook(store.create(fields)));
}

export function updateWebhook(store: DubHookStore, id: string, req: ApiRequest): ApiResponse {
  const current = store.get(id);
  if (!current) return notFound(id);
  const parsed = parseBody(req.body, patchSchema);
  if (!parsed.ok) return parsed.response;
  const patch = parsed.value;
  const triggers = patch.triggers ? unique(patch.triggers) : current.triggers;
  // Dropping link.clicked without naming a scope drops the scope too, rather than failing.
  let linkScope: DubLinkScope | null;
  if (patch.linkScope !== undefined) linkScope = patch.linkScope;
  else if (patch.triggers && !triggers.includes('link.clicked')) linkScope = null;
  else linkScope = current.linkScope;
  const fields: DubHookFields = {
    name: patch.name ?? current.name,
    url: patch.url ?? current.url,
    triggers,
    linkScope,
    linkIds: patch.linkIds ?? (linkScope === 'links' ? current.linkIds : undefined),
    folderIds: patch.folderIds ?? (linkScope === 'folders' ? current.folderIds : undefined),
  };
  const problem = checkFields(store, fields, id);
  if (problem) return problem;
  const updated = store.update(id, fields);
  return updated ? json(200, toWebhook(updated)) : notFound(id);
}

export function deleteWebhook(store: DubHookStore, id: string): ApiResponse {
  return store.remove(id) ? json(200, { id }) : notFound(id);
}
