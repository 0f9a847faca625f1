/** Dub's webhook management endpoints, /webhooks and /webhooks/{id}, with the checks of Dub's code
 *  (apps/web/app/api/webhooks/*, lib/zod/schemas/webhooks.ts, lib/webhook/validate-webhook.ts). */
import { z } from 'zod/v4';
import { dubError, dubNotFound, dubValidationError } from './errors';
import { DUB_FOLDERS, DUB_LINKS } from './fixtures';
import { toWebhook, type DubHookFields, type DubHookStore } from './hook-store';
import { json, parseJson, type ApiRequest, type ApiResponse } from '../http';
import { DUB_EVENT_NAMES, type DubLinkScope, type DubWorkspaceSettings } from '../types';

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
 *  its scope too). Dub refuses a "links" or "folders" scope only with an empty array sent (`linkIds?.length === 0`):
 *  ids missing or null are accepted, with an empty selection (dub.md, Create body). */
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

/** Checks on the hook as it would be stored (Dub's validateWebhook): the URL is free (a findFirst, not a unique
 *  index), the triggers are available to the workspace, and the selection names the workspace's own links or
 *  folders. */
function checkHook(store: DubHookStore, workspace: DubWorkspaceSettings, hook: DubHookFields, sentTriggers: boolean, selfId?: string): ApiResponse | undefined {
  if (store.urlTakenBy(hook.url, selfId)) return dubError('conflict', 'A Webhook with this URL already exists.');
  // lib/webhook/validate-webhook.ts: payout.confirmed needs the default program to pay out externally. A PATCH's
  // trigger list goes through the same check when it is sent.
  if (sentTriggers && hook.triggers.includes('payout.confirmed')) {
    if (workspace.programPayouts === 'none') return dubError('not_found', 'Program not found');
    if (workspace.programPayouts === 'internal') {
      return dubError('bad_request', "The 'payout.confirmed' trigger is not currently available for your workspace.");
    }
  }
  if (hook.linkScope === 'links' && hook.linkIds) {
    if (!hook.linkIds.every((id) => DUB_LINKS.some((link) => link['id'] === id))) {
      return dubError('bad_request', 'Invalid link IDs provided. Please check the links you are adding the webhook to.');
    }
  }
  if (hook.linkScope === 'folders' && hook.folderIds) {
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

/**
 * Dub checks the URL is free, then inserts (validate-webhook.ts, then prisma.webhook.create): between the two, another
 * create for the same URL can pass the same check. The sandbox waits at that point only when a test asks
 * (overlapCreates), so that such a pair is certain to overlap.
 */
export class CreateOverlap {
  private waiting: Array<() => void> = [];
  private expected = 0;
  private finished: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** The next `count` creates wait for each other after their check (at most a second). */
  arm(count: number): Promise<void> {
    this.release();
    this.expected = count;
    return new Promise((resolve) => {
      this.finished = resolve;
      this.timer = setTimeout(() => this.release(), 1_000);
    });
  }

  async between(): Promise<void> {
    if (this.expected === 0) return;
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (this.waiting.length >= this.expected) this.release();
    });
  }

  release(): void {
    if (this.timer) clearTimeout(this.timer);
    const waiting = this.waiting;
    const finished = this.finished;
    this.waiting = [];
    this.expected = 0;
    this.finished = undefined;
    this.timer = undefined;
    waiting.forEach((resolve) => resolve());
    finished?.();
  }
}

export async function createWebhook(store: DubHookStore, workspace: DubWorkspaceSettings, overlap: CreateOverlap, req: ApiRequest): Promise<ApiResponse> {
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
  const problem = checkHook(store, workspace, hook, true);
  if (problem) return problem;
  await overlap.between();
  return json(201, toWebhook(store.create(hook)));
}

/** Every create field is optional. Without link.clicked the scope is dropped; with it, a scope or selection not
 *  named is kept, and `linkIds: null` (or `folderIds: null`) clears it. disabledAt is not a field: a disabled hook
 *  stays disabled. */
export function updateWebhook(store: DubHookStore, workspace: DubWorkspaceSettings, id: string, req: ApiRequest): ApiResponse {
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
    ...(linkScope === 'links' ? { linkIds: selection(patch.linkIds, current.linkIds) } : {}),
    ...(linkScope === 'folders' ? { folderIds: selection(patch.folderIds, current.folderIds) } : {}),
  };
  const problem = checkHook(store, workspace, hook, patch.triggers !== undefined, id);
  if (problem) return problem;
  const updated = store.update(id, hook);
  return updated ? json(200, toWebhook(updated)) : dubNotFound();
}

export function deleteWebhook(store: DubHookStore, id: string): ApiResponse {
  return store.remove(id) ? json(200, { id }) : dubNotFound();
}

/** A PATCH's ids: sent ones replace, null clears, absent keeps. */
function selection(sent: string[] | null | undefined, kept: string[] | undefined): string[] {
  if (sent === null) return [];
  return sent ?? kept ?? [];
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
