import { ApiError } from '../api/api-error';
import type { DubWebhook } from './api-schemas';
import type { DubClient } from './client';
import { payoutTriggerRefusal } from './errors';
import { dubHookBody, dubHookPatch, selectionKey, unreachableFromDubCloud, type DubHookSpec } from './hook-spec';

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

/**
 * Where a hook was, for removal: its id (the proof that it is ours), or, when no id was kept, its URL; a hook found
 * by URL alone is removed only when its name carries one of our marks (see OUR_HOOK_NAMES).
 */
export interface DubHookRef {
  id?: string;
  url?: string;
}

export interface DubEnsureOptions {
  /**
   * Runs before a hook Dub disabled at the URL is deleted (its delivery log goes with it). It may park the hook
   * (`park`: moved off the URL, log kept) and throw, which stops the registration with the hook parked; when it
   * returns, the hook is deleted and created anew. See guardDisabledHook.
   */
  beforeReplacingDisabled?: (hook: DubWebhook, park: () => Promise<void>) => Promise<void>;
}

export interface DubRemoveOptions {
  /**
   * Asked before each hook would be deleted; true leaves it in Dub (a hook Dub disabled whose delivery log holds what
   * it could not deliver: see disabledHookToKeep). Its id is then in `kept` instead of `removed`.
   */
  keepIf?: (id: string) => Promise<boolean>;
}

/**
 * How the connectors name the hooks they register (`Zapier: New Sale`, `n8n: <workflow>`, `linkhooks: …`): a hook at
 * a URL with another name was made by someone else (by hand in Dub's dashboard), and a remove by URL leaves it alone.
 */
export const OUR_HOOK_NAMES = /^(Zapier|n8n|linkhooks)\b/i;

export type DubHookRegistrar = ReturnType<typeof dubHookRegistrar>;

/**
 * Every ensure and remove for one URL, in this process, runs after the one before it: two overlapping activations
 * then meet Dub one after the other (the second adopts what the first made), and an ensure never adopts a hook that a
 * remove is deleting. Other processes are covered by the check after each create (see ensure).
 */
const pendingByUrl = new Map<string, Promise<unknown>>();

function oneAtATime<T>(url: string | undefined, work: () => Promise<T>): Promise<T> {
  if (url === undefined) return work();
  const before = pendingByUrl.get(url) ?? Promise.resolve();
  const result = before.then(work, work);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  pendingByUrl.set(url, settled);
  // The map holds only URLs with work pending.
  void settled.then(() => {
    if (pendingByUrl.get(url) === settled) pendingByUrl.delete(url);
  });
  return result;
}

/**
 * The one place that decides how a Dub hook comes to exist and how it goes away, for every host (Zapier, n8n, the
 * CLI). Dub allows one hook per URL in a workspace (a second create answers 409), but checks it before inserting,
 * not atomically: two creates at once can both succeed. Every path here ends with exactly one hook for the URL all
 * the same, however often it is retried, interrupted or overlapped.
 */
export function dubHookRegistrar(client: DubClient) {
  const hooks = client.webhooks;
  const deliveredByDubCloud = isDubCloud(client.baseUrl);

  async function hooksAt(url: string): Promise<DubWebhook[]> {
    return (await hooks.list()).filter((hook) => hook.url === url);
  }

  /** The hook Dub made first at the URL: the one every caller keeps when overlapping creates made two. */
  async function firstHookAt(url: string): Promise<DubWebhook | undefined> {
    // Dub lists the newest first.
    return (await hooksAt(url)).at(-1);
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
      if (error.kind === 'conflict') return { existing: await firstHookAt(spec.url) };
      if (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server') {
        const existing = await firstHookAt(spec.url);
        if (existing) return { existing };
      }
      throw payoutTriggerRefusal(error, spec.triggers) ?? error;
    }
  }

  /**
   * After a create: another process may have created one at the same URL at the same moment (Dub's check is not
   * atomic). The first one made stays; ours, when it came second, is deleted, and the first is adopted instead.
   */
  async function keepFirst(created: DubWebhook, spec: DubHookSpec): Promise<{ created: DubWebhook } | { existing: DubWebhook | undefined }> {
    let first: DubWebhook | undefined;
    try {
      first = await firstHookAt(spec.url);
    } catch (error) {
      // The hook exists and is ours: losing it to a failed check would be worse than the rare duplicate.
      if (error instanceof ApiError) return { created };
      throw error;
    }
    if (!first || first.id === created.id) return { created };
    await deleteHook(created.id);
    return { existing: first };
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
    let updated: DubWebhook;
    try {
      updated = await hooks.update(existing.id, dubHookPatch(spec));
    } catch (error) {
      throw payoutTriggerRefusal(error, spec.triggers) ?? error;
    }
    // An update's answer may leave the secret out; the listed hook has it.
    const secret = updated.secret ?? existing.secret;
    return { registration: registrationOf(await withSecret({ ...updated, secret }), spec), corrected: true };
  }

  /** The hook a trigger registered at a URL it no longer has (n8n's public URL moved): it would keep receiving. */
  async function removeMoved(spec: DubHookSpec, previous: Partial<DubRegistration> | undefined): Promise<void> {
    if (!previous?.id || !previous.url || previous.url === spec.url) return;
    const { id, url } = previous;
    await oneAtATime(url, () => deleteHook(id));
  }

  /** Moves a hook off its URL (see park); for callers already inside the URL's turn. */
  async function parkNow(id: string, url: string): Promise<void> {
    await hooks.update(id, { url: parkingUrlOf(url, id) });
  }

  async function ensureNow(spec: DubHookSpec, options: DubEnsureOptions): Promise<{ registration: DubRegistration; outcome: DubRegistrationOutcome }> {
    let replacing = false;
    // A few rounds at most: after the deletion of a hook Dub had disabled, and after a hook found at the URL went
    // away before it could be adopted (another process removing it).
    for (let round = 0; round < 3; round += 1) {
      let found = await create(spec);
      if ('created' in found) found = await keepFirst(found.created, spec);
      if ('created' in found) return { registration: registrationOf(await withSecret(found.created), spec), outcome: replacing ? 'replaced' : 'created' };
      const { existing } = found;
      if (!existing) continue;
      if (existing.disabledAt) {
        // No update can re-enable it (Dub keeps disabledAt): delete it and create the hook anew, unless the host
        // keeps it for what its log holds (it parks it and stops).
        await options.beforeReplacingDisabled?.(existing, () => parkNow(existing.id, spec.url));
        await deleteHook(existing.id);
        replacing = true;
        continue;
      }
      try {
        const { registration, corrected } = await adopt(existing, spec);
        return { registration, outcome: replacing ? 'replaced' : corrected ? 'corrected' : 'adopted' };
      } catch (error) {
        // Deleted between the listing and the adoption: create it again.
        if (error instanceof ApiError && error.kind === 'not_found') continue;
        throw error;
      }
    }
    throw new ApiError('dub', 'conflict', `Dub says a webhook already uses ${spec.url} but does not list it as usable; try again.`, { status: 409 });
  }

  return {
    /**
     * Makes sure exactly one enabled hook at `spec.url` delivers what the spec asks for, and returns what the host
     * must keep. Safe to call again after any failure, and at the same time as another: it never leaves a second
     * hook. `previous`, what the host kept from an earlier registration: when it was for another URL (the host's
     * public URL moved), that hook is removed, as it would otherwise keep receiving every event.
     */
    async ensure(
      spec: DubHookSpec,
      previous?: Partial<DubRegistration>,
      options: DubEnsureOptions = {},
    ): Promise<{ registration: DubRegistration; outcome: DubRegistrationOutcome }> {
      dubHookBody(spec); // refuse an invalid spec before any call
      if (deliveredByDubCloud) {
        const unreachable = unreachableFromDubCloud(spec.url);
        if (unreachable) {
          throw new ApiError(
            'dub',
            'invalid_request',
            `Dub cannot deliver to ${spec.url}: ${unreachable}, and Dub's servers post from the internet. Give the receiver a ` +
              'public https URL: in n8n, set N8N_WEBHOOK_URL to a public address (your domain, or a tunnel such as cloudflared or ' +
              'ngrok) and activate the workflow again. Nothing was registered.',
          );
        }
      }
      await removeMoved(spec, previous);
      return oneAtATime(spec.url, () => ensureNow(spec, options));
    },

    /**
     * What became of the kept hook: 'current' when it still delivers exactly what the spec asks for (same id at the
     * same URL, enabled, same events, and the same selection as when it was registered); 'disabled' when it is that
     * hook but Dub disabled it (its delivery log still holds what Dub could not deliver: recover before replacing it);
     * 'stale' for anything else, which calls for `ensure`.
     */
    async keptState(spec: DubHookSpec, kept: Partial<DubRegistration>): Promise<'current' | 'disabled' | 'stale'> {
      if (!kept.id || !kept.secret) return 'stale';
      let hook: DubWebhook;
      try {
        hook = await hooks.get(kept.id);
      } catch (error) {
        if (error instanceof ApiError && error.kind === 'not_found') return 'stale';
        throw error;
      }
      if (hook.url !== kept.url) return 'stale';
      if (hook.disabledAt) return 'disabled';
      const current =
        kept.url === spec.url &&
        kept.selection === selectionKey(spec) &&
        sameEvents(hook, spec) &&
        hook.linkScope === (dubHookBody(spec).linkScope ?? null) &&
        (hook.secret === undefined || hook.secret === null || hook.secret === kept.secret);
      return current ? 'current' : 'stale';
    },

    /** True when the kept hook still delivers exactly what the spec asks for (see keptState). */
    async isCurrent(spec: DubHookSpec, kept: Partial<DubRegistration>): Promise<boolean> {
      if (kept.url !== spec.url || kept.selection !== selectionKey(spec)) return false;
      return (await this.keptState(spec, kept)) === 'current';
    },

    /**
     * Moves a hook Dub disabled off its URL (to parkingUrlOf(url, id)), so that a new hook can take the URL while the
     * old one, and with it its delivery log, stays readable until what it could not deliver is recovered. Dub sends
     * a disabled hook nothing, so the parked hook receives nothing either.
     */
    async park(id: string, url: string): Promise<void> {
      await oneAtATime(url, () => parkNow(id, url));
    },

    /**
     * The hook Dub delivers through at `url`, with its secret, as Dub lists it: for a receiver that has not kept what
     * it registered yet (n8n saves it only after activation, and Dub may deliver before). Undefined when Dub has none
     * enabled there.
     */
    async registeredAt(url: string): Promise<Pick<DubRegistration, 'id' | 'secret'> | undefined> {
      const hook = (await hooksAt(url)).filter((listed) => !listed.disabledAt).at(-1);
      return hook && typeof hook.secret === 'string' && hook.secret !== '' ? { id: hook.id, secret: hook.secret } : undefined;
    },

    /**
     * Removes the hook this caller registered: by its kept id only (a hook now at the same URL under another id was
     * made by a later registration, and is left alone); with no id kept, the hooks at the URL that carry our name.
     * A hook already gone is success. Returns the ids this call deleted.
     */
    async remove(ref: DubHookRef, options: DubRemoveOptions = {}): Promise<{ removed: string[]; kept?: string[] }> {
      return oneAtATime(ref.url, async () => {
        const candidates = ref.id ? [ref.id] : ref.url ? (await hooksAt(ref.url)).filter((hook) => OUR_HOOK_NAMES.test(hook.name)).map((hook) => hook.id) : [];
        const removed: string[] = [];
        const kept: string[] = [];
        for (const id of candidates) {
          if (await options.keepIf?.(id)) kept.push(id);
          else if (await deleteHook(id)) removed.push(id);
        }
        return kept.length > 0 ? { removed, kept } : { removed };
      });
    },
  };
}

/** The query parameter that marks a parked hook's URL (see park). */
export const PARKED_HOOK_PARAM = 'linkhooks_recovering';

/** Where a disabled hook is parked: its URL with the hook's own id in PARKED_HOOK_PARAM (unique per workspace). */
export function parkingUrlOf(url: string, id: string): string {
  const parked = new URL(url);
  parked.searchParams.set(PARKED_HOOK_PARAM, id);
  return parked.toString();
}

/**
 * The URL a parked hook was moved from (its URL without PARKED_HOOK_PARAM), where the hook that replaced it now
 * receives; undefined for a hook that is not parked.
 */
export function parkedFromUrlOf(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (!parsed.searchParams.has(PARKED_HOOK_PARAM)) return undefined;
  parsed.searchParams.delete(PARKED_HOOK_PARAM);
  return parsed.toString();
}

/** Dub's own cloud, which delivers from the internet; a self-hosted Dub (or the sandbox) may reach other addresses. */
function isDubCloud(baseUrl: string): boolean {
  try {
    const host = new URL(baseUrl).hostname.toLowerCase();
    return host === 'dub.co' || host.endsWith('.dub.co') || host === 'dub.sh' || host.endsWith('.dub.sh');
  } catch {
    return false;
  }
}

function sameEvents(hook: DubWebhook, spec: DubHookSpec): boolean {
  const wanted = new Set<string>(spec.triggers);
  const have = new Set(hook.triggers);
  return wanted.size === have.size && [...wanted].every((event) => have.has(event));
}

function hasIds(spec: DubHookSpec): boolean {
  return spec.triggers.includes('link.clicked') && spec.scope !== undefined && spec.scope.kind !== 'workspace';
}
