import { ApiError } from '../api/api-error';
import type { DubWebhook } from './api-schemas';
import type { DubClient } from './client';
import { dubHookBody, dubHookPatch, selectionKey, type DubHookSpec } from './hook-spec';

/** What a platform keeps about the hook it registered: enough to verify deliveries, check it later and remove it. */
export interface DubRegistration {
  id: string;
  /** Dub's signing secret: every delivery's Dub-Signature is checked with it. */
  secret: string;
  url: string;
  /** The events and scope asked for (see selectionKey): Dub cannot show link or folder ids back. */
  selection: string;
}

/**
 * - created: there was no hook for the URL.
 * - adopted: Dub already had the hook as wanted (a retried subscribe, or a create whose answer was lost).
 * - corrected: a hook for the URL existed with other events or scope, and was brought in line.
 * - replaced: the hook for the URL was disabled by Dub (after 20 failed deliveries), which no update can undo, so it
 *   was deleted and created again: a new id and a new secret.
 */
export type DubRegistrationOutcome = 'created' | 'adopted' | 'corrected' | 'replaced';

/** Where a hook was, for removal: by its id, or by its URL when no id was kept. */
export interface DubHookRef {
  id?: string;
  url?: string;
}

export type DubHookRegistrar = ReturnType<typeof dubHookRegistrar>;

/**
 * The one place that decides how a Dub hook comes to exist and how it goes away, for every host (Zapier, n8n, the
 * CLI). Dub allows one hook per URL in a workspace (a second create answers 409), which is what makes every path here
 * end with exactly one hook for the URL, however often it is retried or interrupted.
 */
export function dubHookRegistrar(client: DubClient) {
  const hooks = client.webhooks;

  async function hookAt(url: string): Promise<DubWebhook | undefined> {
    return (await hooks.list()).find((hook) => hook.url === url);
  }

  /** Deletes by id; a hook already gone counts as deleted. Returns whether this call removed it. */
  async function deleteHook(id: string): Promise<boolean> {
    try {
      await hooks.remove(id);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'not_found') return false;
      throw error;
    }
  }

  /**
   * Creates the hook, or finds the one Dub already has for the URL: on a 409, and after a lost answer (looked up
   * before calling it a failure, never created again blindly).
   */
  async function create(spec: DubHookSpec): Promise<{ created: DubWebhook } | { existing: DubWebhook | undefined }> {
    try {
      return { created: await hooks.create(dubHookBody(spec)) };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'conflict') return { existing: await hookAt(spec.url) };
      if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') {
        const existing = await hookAt(spec.url);
        if (existing) return { existing };
      }
      throw error;
    }
  }

  /** The hook with its secret, from the answer or, failing that, from Dub's own record of it. */
  async function withSecret(hook: DubWebhook): Promise<DubWebhook & { secret: string }> {
    const secret = hook.secret ?? (await hooks.get(hook.id)).secret;
    if (!secret) {
      await deleteHook(hook.id);
      throw new ApiError('dub', 'unexpected', 'Dub registered the webhook but gave no signing secret, so its deliveries could not be verified; it was removed again. Try again.');
    }
    return { ...hook, secret };
  }

  function registrationOf(hook: DubWebhook & { secret: string }, spec: DubHookSpec): DubRegistration {
    return { id: hook.id, secret: hook.secret, url: hook.url, selection: selectionKey(spec) };
  }

  /** Brings an enabled hook Dub has at the spec's URL in line with the spec. */
  async function adopt(existing: DubWebhook, spec: DubHookSpec): Promise<{ registration: DubRegistration; corrected: boolean }> {
    // Link and folder ids cannot be read back: a links or folders scope is always sent again.
    const inLine = sameEvents(existing, spec) && existing.linkScope === (dubHookBody(spec).linkScope ?? null) && !hasIds(spec);
    if (inLine) return { registration: registrationOf(await withSecret(existing), spec), corrected: false };
    const updated = await hooks.update(existing.id, dubHookPatch(spec));
    // An update's answer may leave the secret out; the listed hook has it.
    const secret = updated.secret ?? existing.secret;
    return { registration: registrationOf(await withSecret({ ...updated, secret }), spec), corrected: true };
  }

  return {
    /**
     * Makes sure exactly one enabled hook at `spec.url` delivers what the spec asks for, and returns what the host
     * must keep. Safe to call again after any failure: it never leaves a second hook.
     */
    async ensure(spec: DubHookSpec): Promise<{ registration: DubRegistration; outcome: DubRegistrationOutcome }> {
      dubHookBody(spec); // refuse an invalid spec before any call
      let replacing = false;
      // Two rounds at most: the second follows the deletion of a hook Dub had disabled.
      for (let round = 0; round < 2; round += 1) {
        const found = await create(spec);
        if ('created' in found) return { registration: registrationOf(await withSecret(found.created), spec), outcome: replacing ? 'replaced' : 'created' };
        const { existing } = found;
        if (!existing) break;
        if (existing.disabledAt) {
          // No update can re-enable it (Dub keeps disabledAt): delete it and create the hook anew.
          await deleteHook(existing.id);
          replacing = true;
          continue;
        }
        const { registration, corrected } = await adopt(existing, spec);
        return { registration, outcome: replacing ? 'replaced' : corrected ? 'corrected' : 'adopted' };
      }
      throw new ApiError('dub', 'conflict', `Dub says a webhook already uses ${spec.url} but does not list it as usable; try again.`, { status: 409 });
    },

    /**
     * True when the kept hook still delivers exactly what the spec asks for: same id at the same URL, enabled, same
     * events, and the same selection as when it was registered. Anything else calls for `ensure`.
     */
    async isCurrent(spec: DubHookSpec, kept: Partial<DubRegistration>): Promise<boolean> {
      if (!kept.id || !kept.secret || kept.url !== spec.url || kept.selection !== selectionKey(spec)) return false;
      let hook: DubWebhook;
      try {
        hook = await hooks.get(kept.id);
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'not_found') return false;
        throw error;
      }
      return (
        hook.url === spec.url &&
        !hook.disabledAt &&
        sameEvents(hook, spec) &&
        hook.linkScope === (dubHookBody(spec).linkScope ?? null) &&
        (hook.secret === undefined || hook.secret === null || hook.secret === kept.secret)
      );
    },

    /**
     * Removes the hook: by id, and by URL when no id was kept or the id is unknown to Dub. A hook already gone is
     * success. Returns the ids this call deleted.
     */
    async remove(ref: DubHookRef): Promise<{ removed: string[] }> {
      if (ref.id && (await deleteHook(ref.id))) return { removed: [ref.id] };
      if (!ref.url) return { removed: [] };
      const removed: string[] = [];
      for (const hook of await hooks.list()) {
        if (hook.url === ref.url && (await deleteHook(hook.id))) removed.push(hook.id);
      }
      return { removed };
    },
  };
}

function sameEvents(hook: DubWebhook, spec: DubHookSpec): boolean {
  const wanted = new Set<string>(spec.triggers);
  const have = new Set(hook.triggers);
  return wanted.size === have.size && [...wanted].every((event) => have.has(event));
}

function hasIds(spec: DubHookSpec): boolean {
  return spec.triggers.includes('link.clicked') && spec.scope !== undefined && spec.scope.kind !== 'workspace';
}
