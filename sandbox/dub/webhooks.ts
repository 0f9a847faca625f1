/** Dub's webhook management endpoints, /webhooks and /webhooks/{id}, with the checks of Dub's code
 *  (apps/web/app/api/webhooks/*, lib/zod/schemas/webhooks.ts, lib/webhook/validate-webhook.ts). */
import { z } from 'zod/v4';
import { dubError, dubNotFound, dubValidationError } from './errors';
import { DUB_FOLDERS, DUB_LINKS } from './fixtures';
import { toWebhook, type DubHookFields, type DubHookStore } from './hook-store';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { DUB_EVENT_NAMES, type DubLinkScope } from '../types';

/** Dub's destination URL check: a URL, or a host-like string that becomes one with https:// in front. */
const url = z
  .string()
  .max(32_000)
  .transform(withScheme)
  .refine(canParse, { message: 'Invalid URL' });

const unique = (ids: string[]): string[] => [...new Set(ids)];

const fields = z.object({
  name: z.string().min(1).max(40),
  url,
  triggers: z.array(z.enum(DUB_EVENT_NAMES)),
  linkScope: z.enum(['workspace', 'folders', 'links']).nullish(),
  linkIds: z
    .array(z.string())
    .max(1000, { error: "You can only select up to 1000 links. Recommended to use the 'Include specific folders' option instead." })
    .transform(unique)
    .nullish(),
  folderIds: z.array(z.string()).max(100, { error: 'You can only select up to 100 folders.' }).transform(unique).nullish(),
});

type Fields = z.infer<typeof fields>;

/** The linkScope rule, checked on the body whenever it names triggers (so a PATCH that names link.clicked must name
 *  its scope too). A "links" or "folders" scope needs a non-empty selection: the reference's rule, stricter than
 *  Dub's schema, which only refuses an empty array that is sent. */
function linkScopeRule(body: Partial<Fields>, context: z.RefinementCtx): void {
  if (!body.triggers) return;
  if (!body.triggers.includes('link.clicked')) {
    if (body.linkScope) {
      context.addIssue({ code: 'custom', path: ['linkScope'], message: '"linkScope" can only be set when the "link.clicked" trigger is enabled.' });
    }
    return;
  }
  if (!body.linkScope) {
    context.addIssue({ code: 'custom', path: ['linkScope'], message: '"linkScope" is required when the "link.clicked" trigger is enabled.' });
    return;
  }
  if (body.linkScope === 'links' && body.linkIds?.length === 0) {
    context.addIssue({ code: 'custom', path: ['linkIds'], message: 'Select at least one link' });
  }
  if (body.linkScope === 'folders' && body.folderIds?.length === 0) {
    context.addIssue({ code: 'custom', path: ['folderIds'], message: 'Select at least one folder.' });
  }
}

const createSchema = fields.superRefine(linkScopeRule);
const patchSchema = fields.partial().superRefine(linkScopeRule);

type Parsed<T> = { ok: true; value: T } | { ok: false; response: ApiResponse };

function parseBody<T>(body: string, schema: z.ZodType<T>): Parsed<T> {
  const parsed = parseJson(body);
  if (!parsed.ok) {
    return {
      ok: false,
      response: dubError('bad_request', 'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.'),
    };
  }
  const result = schema.safeParse(parsed.value);
  return result.success ? { ok: true, value: result.data } : { ok: false, response: dubValidationError(result.error.issues) };
}

const missingSelection = (scope: 'links' | 'folders'): ApiResponse =>
  dubValidationError([
    scope === 'links'
      ? { code: 'custom', path: ['linkIds'], message: 'Select at least one link', input: undefined }
      : { code: 'custom', path: ['folderIds'], message: 'Select at least one folder.', input: undefined },
  ]);

/** Checks on the hook as it would be stored: the URL is free, the selection is there and names the workspace's own
 *  links or folders. */
function checkHook(store: DubHookStore, hook: DubHookFields, selfId?: string): ApiResponse | undefined {
  if (store.urlTakenBy(hook.url, selfId)) return dubError('conflict', 'A Webhook with this URL already exists.');
  if (hook.linkScope === 'links') {
    if (!hook.linkIds?.length) return missingSelection('links');
    if (!hook.linkIds.every((id) => DUB_LINKS.some((link) => link['id'] === id))) {
      return dubError('bad_request', 'Invalid link IDs provided. Please check the links you are adding the webhook to.');
    }
  }
  if (hook.linkScope === 'folders') {
    if (!hook.folderIds?.length) return missingSelection('folders');
    if (!hook.folderIds.every((id) => DUB_FOLDERS.some((folder) => folder['id'] === id))) {
      return dubError('bad_request', 'Invalid folder IDs provided. Please check the folders you are adding the webhook to.');
    }
  }
  return undefined;
}

export function listWebhooks(store: DubHookStore): ApiResponse {
  return json(200, store.list().map(toWebhook));
}

export function getWebhook(store: DubHookStore, id: string): ApiResponse {
  const hook = store.get(id);
  return hook ? json(200, toWebhook(hook)) : dubNotFound();
}

export function createWebhook(store: DubHookStore, req: ApiRequest): ApiResponse {
  const parsed = parseBody(req.body, createSchema);
  if (!parsed.ok) return parsed.response;
  const body = parsed.value;
  const hook: DubHookFields = {
    name: body.name,
    url: body.url,
    triggers: body.triggers,
    linkScope: body.linkScope ?? null,
    ...(body.linkIds ? { linkIds: body.linkIds } : {}),
    ...(body.folderIds ? { folderIds: body.folderIds } : {}),
  };
  const problem = checkHook(store, hook);
  if (problem) return problem;
  return json(201, toWebhook(store.create(hook)));
}

/** Every create field is optional. Without link.clicked the scope is dropped; with it, a scope or selection not
 *  named is kept. disabledAt is not a field: a disabled hook stays disabled. */
export function updateWebhook(store: DubHookStore, id: string, req: ApiRequest): ApiResponse {
  const parsed = parseBody(req.body, patchSchema);
  if (!parsed.ok) return parsed.response;
  const current = store.get(id);
  if (!current) return dubNotFound();
  const patch = parsed.value;
  const triggers = patch.triggers ?? current.triggers;
  const linkScope: DubLinkScope | null = triggers.includes('link.clicked') ? (patch.linkScope !== undefined ? patch.linkScope : current.linkScope) : null;
  const hook: DubHookFields = {
    name: patch.name ?? current.name,
    url: patch.url ?? current.url,
    triggers,
    linkScope,
    ...(linkScope === 'links' ? { linkIds: patch.linkIds ?? current.linkIds ?? [] } : {}),
    ...(linkScope === 'folders' ? { folderIds: patch.folderIds ?? current.folderIds ?? [] } : {}),
  };
  const problem = checkHook(store, hook, id);
  if (problem) return problem;
  const updated = store.update(id, hook);
  return updated ? json(200, toWebhook(updated)) : dubNotFound();
}

export function deleteWebhook(store: DubHookStore, id: string): ApiResponse {
  return store.remove(id) ? json(200, { id }) : dubNotFound();
}

function withScheme(value: string): string {
  if (canParse(value) || !value.includes('.') || value.includes(' ')) return value;
  return canParse(`https://${value}`) ? new URL(`https://${value}`).toString() : value;
}

function canParse(value: string): boolean {
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}
