import { isRecord } from '../http';
import { randomHex, randomId } from '../ids';
import type { DubEnvelope, DubEventName, DubHook, DubLinkScope, DubWebhook } from '../types';

/** Dub disables a webhook after this many failed deliveries in a row. */
export const DUB_DISABLE_AFTER_FAILURES = 20;

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
    const hook = this.hooks.find((candidate) => candidate.id === id);
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
      ...withoutUndefined(fields),
    };
    this.hooks.push(hook);
    return copyHook(hook);
  }

  update(id: string, fields: DubHookFields): DubHook | undefined {
    const index = this.hooks.findIndex((hook) => hook.id === id);
    const current = this.hooks[index];
    if (!current) return undefined;
    const { linkIds: _linkIds, folderIds: _folderIds, ...kept } = current;
    const next: DubHook = { ...kept, ...withoutUndefined(fields) };
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

  recordSuccess(id: string): void {
    const hook = this.hooks.find((candidate) => candidate.id === id);
    if (hook) hook.consecutiveFailures = 0;
  }

  /** Returns true when this failure disabled the hook. */
  recordFailure(id: string): boolean {
    const hook = this.hooks.find((candidate) => candidate.id === id);
    if (!hook || hook.disabledAt !== null) return false;
    hook.consecutiveFailures += 1;
    if (hook.consecutiveFailures < DUB_DISABLE_AFTER_FAILURES) return false;
    hook.disabledAt = new Date().toISOString();
    return true;
  }

  isActive(id: string): boolean {
    const hook = this.hooks.find((candidate) => candidate.id === id);
    return hook !== undefined && hook.disabledAt === null;
  }
}

/** The webhook as Dub's API shows it, without the sandbox's bookkeeping. */
export function toWebhook(hook: DubHook): DubWebhook {
  const webhook: DubWebhook = {
    id: hook.id,
    name: hook.name,
    url: hook.url,
    secret: hook.secret,
    triggers: [...hook.triggers],
    linkScope: hook.linkScope,
    disabledAt: hook.disabledAt,
    installationId: hook.installationId,
  };
  if (hook.linkIds) webhook.linkIds = [...hook.linkIds];
  if (hook.folderIds) webhook.folderIds = [...hook.folderIds];
  return webhook;
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

function withoutUndefined(fields: DubHookFields): DubHookFields {
  const out: DubHookFields = { name: fields.name, url: fields.url, triggers: [...fields.triggers], linkScope: fields.linkScope };
  if (fields.linkIds) out.linkIds = [...fields.linkIds];
  if (fields.folderIds) out.folderIds = [...fields.folderIds];
  return out;
}
