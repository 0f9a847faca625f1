import { isRecord } from '../http';
import { randomHex, randomId } from '../ids';
import type { DubEnvelope, DubEventName, DubHook, DubLinkScope, DubWebhook } from '../types';

/** Dub disables a webhook after this many failed deliveries in a row (WEBHOOK_FAILURE_DISABLE_THRESHOLD). */
export const DUB_DISABLE_AFTER_FAILURES = 20;

/** What a create or an update sets. The selection is kept only for the scope it belongs to. */
export interface DubHookFields {
  name: string;
  url: string;
  triggers: DubEventName[];
  linkScope: DubLinkScope | null;
  linkIds?: string[];
  folderIds?: string[];
}

/** The business workspace's webhooks (the only workspace whose plan allows them). */
export class DubHookStore {
  /** Insertion order; listings reverse it so the newest comes first. */
  private hooks: DubHook[] = [];

  list(): DubHook[] {
    return [...this.hooks].reverse().map(copyHook);
  }

  get(id: string): DubHook | undefined {
    const hook = this.find(id);
    return hook && copyHook(hook);
  }

  /** The hook using `url`, other than `exceptId`: Dub allows one webhook per URL per workspace. */
  urlTakenBy(url: string, exceptId?: string): DubHook | undefined {
    return this.hooks.find((hook) => hook.url === url && hook.id !== exceptId);
  }

  create(fields: DubHookFields): DubHook {
    const hook: DubHook = {
      id: `wh_${randomId(24)}`,
      secret: `whsec_${randomHex(16)}`,
      disabledAt: null,
      installationId: null,
      createdAt: new Date().toISOString(),
      consecutiveFailures: 0,
      ...selectionOf(fields),
    };
    this.hooks.push(hook);
    return copyHook(hook);
  }

  /** Replaces the hook's fields; never touches disabledAt, so a disabled hook stays disabled. */
  update(id: string, fields: DubHookFields): DubHook | undefined {
    const index = this.hooks.findIndex((hook) => hook.id === id);
    const current = this.hooks[index];
    if (!current) return undefined;
    const { id: keptId, secret, disabledAt, installationId, createdAt, consecutiveFailures } = current;
    const next: DubHook = { id: keptId, secret, disabledAt, installationId, createdAt, consecutiveFailures, ...selectionOf(fields) };
    this.hooks[index] = next;
    return copyHook(next);
  }

  remove(id: string): boolean {
    const before = this.hooks.length;
    this.hooks = this.hooks.filter((hook) => hook.id !== id);
    return this.hooks.length < before;
  }

  clear(): void {
    this.hooks = [];
  }

  /** Hooks that should receive this event: enabled, subscribed, and (for clicks) in link scope. */
  targetsFor(envelope: DubEnvelope): DubHook[] {
    return this.hooks
      .filter((hook) => hook.disabledAt === null)
      .filter((hook) => hook.triggers.some((trigger) => trigger === envelope.event))
      .filter((hook) => envelope.event !== 'link.clicked' || inLinkScope(hook, envelope.data))
      .map(copyHook);
  }

  /** An answer below 400 clears the count of failures in a row. */
  recordSuccess(id: string): void {
    const hook = this.find(id);
    if (hook) hook.consecutiveFailures = 0;
  }

  /** An answer of 400 or more, or none: counts toward disabling. Returns true when this failure disabled the hook. */
  recordFailure(id: string): boolean {
    const hook = this.find(id);
    if (!hook) return false;
    hook.consecutiveFailures += 1;
    if (hook.disabledAt !== null || hook.consecutiveFailures < DUB_DISABLE_AFTER_FAILURES) return false;
    hook.disabledAt = new Date().toISOString();
    return true;
  }

  /** What 20 failures in a row do, at once. */
  disable(id: string): DubHook | undefined {
    const hook = this.find(id);
    if (!hook) return undefined;
    hook.consecutiveFailures = Math.max(hook.consecutiveFailures, DUB_DISABLE_AFTER_FAILURES);
    hook.disabledAt ??= new Date().toISOString();
    return copyHook(hook);
  }

  isActive(id: string): boolean {
    const hook = this.find(id);
    return hook !== undefined && hook.disabledAt === null;
  }

  private find(id: string): DubHook | undefined {
    return this.hooks.find((candidate) => candidate.id === id);
  }
}

/** The webhook as Dub's API shows it: exactly WebhookSchema's keys, never the link or folder selection. */
export function toWebhook(hook: DubHook): DubWebhook {
  return {
    id: hook.id,
    name: hook.name,
    url: hook.url,
    secret: hook.secret,
    triggers: [...hook.triggers],
    linkScope: hook.linkScope,
    disabledAt: hook.disabledAt,
    installationId: hook.installationId,
  };
}

function inLinkScope(hook: DubHook, data: unknown): boolean {
  const link = isRecord(data) && isRecord(data['link']) ? data['link'] : undefined;
  switch (hook.linkScope) {
    case 'workspace':
      return true;
    case 'links':
      return typeof link?.['id'] === 'string' && (hook.linkIds ?? []).includes(link['id']);
    case 'folders':
      return typeof link?.['folderId'] === 'string' && (hook.folderIds ?? []).includes(link['folderId']);
    default:
      // A click hook always has a scope; without one it cannot match.
      return false;
  }
}

function copyHook(hook: DubHook): DubHook {
  const copy: DubHook = { ...hook, triggers: [...hook.triggers] };
  if (hook.linkIds) copy.linkIds = [...hook.linkIds];
  if (hook.folderIds) copy.folderIds = [...hook.folderIds];
  return copy;
}

/** The fields to store: the link selection only with scope "links", the folder selection only with "folders". */
function selectionOf(fields: DubHookFields): DubHookFields {
  const out: DubHookFields = { name: fields.name, url: fields.url, triggers: [...fields.triggers], linkScope: fields.linkScope };
  if (fields.linkScope === 'links' && fields.linkIds) out.linkIds = [...fields.linkIds];
  if (fields.linkScope === 'folders' && fields.folderIds) out.folderIds = [...fields.folderIds];
  return out;
}
