import { ApiError } from '../api/api-error';
import { newUrlToken, readUrlToken, URL_TOKEN_PARAM, withUrlToken } from '../delivery/url-token';
import type { LinklyClient, LinklyHookTarget } from './client';

/** What a platform keeps about the hook it registered: enough to check deliveries, check it later and remove it. */
export interface LinklyRegistration {
  /** Linkly's id for the hook, or its URL when Linkly gave none (Linkly keys hooks by URL). */
  id: string;
  /** The URL registered: the receiver's URL with our token in it. */
  url: string;
  /** The secret token in `url`: Linkly signs nothing, so a delivery proves itself by carrying it. */
  token: string;
  /** The link the hook listens to; absent for the whole workspace. */
  linkId?: string;
}

export interface LinklyHookSpec {
  /** Where the host receives deliveries, without a token. */
  receiverUrl: string;
  target: LinklyHookTarget;
}

/**
 * - created: nothing of ours was there.
 * - replaced: hooks for the same receiver with another of our tokens were there (a re-subscribe, or a registration
 *   whose token was lost): they are removed, since every delivery to them would be refused.
 */
export type LinklyRegistrationOutcome = 'created' | 'replaced';

/** Where a hook was, for removal: its id or URL when kept, else the receiver it fed. */
export interface LinklyHookRef {
  id?: string;
  url?: string;
  /** When neither id nor URL finds it: every hook of ours for this receiver (on the target and the workspace) goes. */
  receiverUrl?: string;
  target: LinklyHookTarget;
}

export type LinklyHookRegistrar = ReturnType<typeof linklyHookRegistrar>;

/**
 * The one place that decides how a Linkly hook comes to exist and how it goes away, for every host (Zapier, n8n, the
 * CLI). Each registration carries a fresh secret token in its URL; exactly one hook of ours per receiver is left.
 */
export function linklyHookRegistrar(client: LinklyClient) {
  const hooks = client.webhooks;

  /** Deletes by id or URL; a hook already gone counts as deleted. Returns whether this call removed it. */
  async function deleteHook(idOrUrl: string, target: LinklyHookTarget): Promise<boolean> {
    try {
      await hooks.remove(idOrUrl, target);
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.kind === 'not_found') return false;
      throw error;
    }
  }

  /** Our hooks for this receiver (any token), on the target and on the workspace: the two lists we can see. */
  async function removeOurs(receiverUrl: string, target: LinklyHookTarget): Promise<number> {
    let removed = 0;
    const lists: LinklyHookTarget[] = target.linkId === undefined ? [{}] : [target, {}];
    for (const list of lists) {
      for (const url of await hooks.list(list)) {
        if (isOurHookFor(url, receiverUrl) && (await deleteHook(url, list))) removed += 1;
      }
    }
    return removed;
  }

  return {
    /**
     * Registers the receiver with a fresh token, after removing the hooks of ours that an earlier registration for the
     * same receiver left (`previous`, when the host kept it, wherever it was). Safe to call again after any failure.
     */
    async ensure(spec: LinklyHookSpec, previous?: LinklyRegistration): Promise<{ registration: LinklyRegistration; outcome: LinklyRegistrationOutcome }> {
      // Their tokens are lost or superseded, so every delivery to them would be refused: they go first.
      let removed = previous && (await deleteHook(previous.id, targetOf(previous))) ? 1 : 0;
      removed += await removeOurs(spec.receiverUrl, spec.target);
      const token = newUrlToken();
      const url = withUrlToken(spec.receiverUrl, token);
      let id: string;
      try {
        id = await hooks.create(url, spec.target);
      } catch (error) {
        // The answer may be lost after Linkly took the hook: look before calling it a failure.
        const maybeDone = error instanceof ApiError && (error.kind === 'network' || error.kind === 'timeout' || error.kind === 'server');
        if (!maybeDone || !(await hooks.list(spec.target)).includes(url)) throw error;
        id = url;
      }
      const linkId = spec.target.linkId === undefined ? {} : { linkId: String(spec.target.linkId) };
      return { registration: { id, url, token, ...linkId }, outcome: removed > 0 ? 'replaced' : 'created' };
    },

    /** True when the kept hook is registered for this receiver and target, so deliveries reach it with its token. */
    async isCurrent(spec: LinklyHookSpec, kept: Partial<LinklyRegistration>): Promise<boolean> {
      if (!kept.token || !kept.url || kept.url !== withUrlToken(spec.receiverUrl, kept.token)) return false;
      if ((kept.linkId ?? undefined) !== (spec.target.linkId === undefined ? undefined : String(spec.target.linkId))) return false;
      return (await hooks.list(spec.target)).includes(kept.url);
    },

    /**
     * The hooks of ours Linkly lists for this receiver on the target, with their tokens: for a receiver that has not
     * kept what it registered yet (n8n saves it only after activation, and Linkly, which never retries, may deliver
     * before).
     */
    async registeredFor(spec: LinklyHookSpec): Promise<Array<Pick<LinklyRegistration, 'id' | 'token'>>> {
      const listed = (await hooks.list(spec.target)).filter((url) => isOurHookFor(url, spec.receiverUrl));
      return listed.flatMap((url) => {
        const token = readUrlToken(url);
        return token ? [{ id: url, token }] : [];
      });
    },

    /** Removes the hook by its id or URL, else every hook of ours for the receiver; gone already is success. */
    async remove(ref: LinklyHookRef): Promise<{ removed: number }> {
      if (ref.id && (await deleteHook(ref.id, ref.target))) return { removed: 1 };
      if (ref.url && ref.url !== ref.id && (await deleteHook(ref.url, ref.target))) return { removed: 1 };
      return { removed: ref.receiverUrl ? await removeOurs(ref.receiverUrl, ref.target) : 0 };
    },
  };
}

function targetOf(registration: LinklyRegistration): LinklyHookTarget {
  return registration.linkId === undefined ? {} : { linkId: registration.linkId };
}

/** A listed URL is ours for this receiver when it is the receiver's URL plus one of our tokens. */
function isOurHookFor(listedUrl: string, receiverUrl: string): boolean {
  try {
    const listed = new URL(listedUrl);
    if (!listed.searchParams.has(URL_TOKEN_PARAM)) return false;
    listed.searchParams.delete(URL_TOKEN_PARAM);
    const receiver = new URL(receiverUrl);
    receiver.searchParams.delete(URL_TOKEN_PARAM);
    return listed.toString() === receiver.toString();
  } catch {
    return false;
  }
}
