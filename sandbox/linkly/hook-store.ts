import { randomHex } from '../ids';
import type { LinklyHook, LinklyPostAnswer } from '../types';

export type LinklyScope = { scope: 'workspace'; workspaceId: number } | { scope: 'link'; workspaceId: number; linkId: number };

function inScope(hook: LinklyHook, where: LinklyScope): boolean {
  if (hook.scope !== where.scope || hook.workspaceId !== where.workspaceId) return false;
  return where.scope === 'workspace' || hook.linkId === where.linkId;
}

/** Linkly's webhook lists: one per workspace and one per link, each keyed by URL. */
export class LinklyHookStore {
  private hooks: LinklyHook[] = [];

  list(): LinklyHook[] {
    return this.hooks.map((hook) => ({ ...hook }));
  }

  in(where: LinklyScope): LinklyHook[] {
    return this.hooks.filter((hook) => inScope(hook, where)).map((hook) => ({ ...hook }));
  }

  /** Adding a URL already in the list returns the existing entry, as a URL-keyed list would. Without an id in the
   *  answer, the URL is the hook's id. */
  add(where: LinklyScope, url: string, answer: LinklyPostAnswer): { hook: LinklyHook; created: boolean } {
    const existing = this.hooks.find((hook) => inScope(hook, where) && hook.url === url);
    if (existing) return { hook: { ...existing }, created: false };
    const hook: LinklyHook = {
      id: answer === 'with-id' ? `lkh_${randomHex(8)}` : url,
      url,
      scope: where.scope,
      workspaceId: where.workspaceId,
      createdAt: new Date().toISOString(),
    };
    if (where.scope === 'link') hook.linkId = where.linkId;
    this.hooks.push(hook);
    return { hook: { ...hook }, created: true };
  }

  /** Removes the entry whose id or URL is `idOrUrl`. */
  remove(where: LinklyScope, idOrUrl: string): LinklyHook | undefined {
    const index = this.hooks.findIndex((hook) => inScope(hook, where) && (hook.id === idOrUrl || hook.url === idOrUrl));
    const [removed] = index >= 0 ? this.hooks.splice(index, 1) : [];
    return removed;
  }

  /** Every workspace-level hook, plus the hooks of the clicked link. */
  targetsFor(linkId: unknown): LinklyHook[] {
    const id = typeof linkId === 'number' || typeof linkId === 'string' ? String(linkId) : undefined;
    return this.hooks
      .filter((hook) => hook.scope === 'workspace' || (id !== undefined && String(hook.linkId) === id))
      .map((hook) => ({ ...hook }));
  }

  clear(): void {
    this.hooks = [];
  }
}
