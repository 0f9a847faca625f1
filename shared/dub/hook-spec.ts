import { ApiError } from '../api/api-error';
import type { DubEventName } from './event-names';

/** Which clicks a link.clicked hook receives. Dub requires a scope exactly when link.clicked is subscribed. */
export type LinkScope =
  | { kind: 'workspace' }
  | { kind: 'links'; linkIds: string[] }
  | { kind: 'folders'; folderIds: string[] };

export interface DubHookSpec {
  url: string;
  triggers: DubEventName[];
  /** At most 40 characters; made from the triggers when absent. */
  name?: string;
  /** Only for link.clicked; the whole workspace when absent. */
  scope?: LinkScope;
}

export const MAX_HOOK_NAME = 40;
const MAX_LINK_IDS = 1000;
const MAX_FOLDER_IDS = 100;

export interface DubHookBody {
  name: string;
  url: string;
  triggers: DubEventName[];
  linkScope?: LinkScope['kind'];
  linkIds?: string[];
  folderIds?: string[];
}

/** The body Dub's create and update take, checked against Dub's rules before anything is sent. */
export function dubHookBody(spec: DubHookSpec): DubHookBody {
  if (spec.triggers.length === 0) throw invalid('Choose at least one Dub event to subscribe to.');
  const body: DubHookBody = { name: hookName(spec.name ?? defaultHookName(spec.triggers)), url: spec.url, triggers: spec.triggers };
  if (!spec.triggers.includes('link.clicked')) return body;
  const scope = spec.scope ?? { kind: 'workspace' };
  if (scope.kind === 'links') {
    if (scope.linkIds.length === 0 || scope.linkIds.length > MAX_LINK_IDS) {
      throw invalid(`Choose between 1 and ${MAX_LINK_IDS} links for Link Clicked (got ${scope.linkIds.length}).`);
    }
    return { ...body, linkScope: 'links', linkIds: scope.linkIds };
  }
  if (scope.kind === 'folders') {
    if (scope.folderIds.length === 0 || scope.folderIds.length > MAX_FOLDER_IDS) {
      throw invalid(`Choose between 1 and ${MAX_FOLDER_IDS} folders for Link Clicked (got ${scope.folderIds.length}).`);
    }
    return { ...body, linkScope: 'folders', folderIds: scope.folderIds };
  }
  return { ...body, linkScope: 'workspace' };
}

/**
 * What an update sends to bring an existing hook in line: the events and, for link.clicked, the scope with its ids.
 * Never the name or URL: Dub refuses both on hooks an integration manages, and the URL is how the hook was found.
 * The ids always go along, since Dub cannot show them back and so we cannot tell whether they changed.
 */
export function dubHookPatch(spec: DubHookSpec): Omit<DubHookBody, 'name' | 'url'> {
  const { name: _name, url: _url, ...patch } = dubHookBody(spec);
  return patch;
}

/**
 * The events and scope a spec asks for, ids included, as one comparable string. Kept beside a hook's id, it tells a
 * later check whether the hook still delivers what is wanted, which Dub alone cannot (it hides the link and folder ids).
 */
export function selectionKey(spec: DubHookSpec): string {
  const body = dubHookBody(spec);
  const ids = [...(body.linkIds ?? body.folderIds ?? [])].sort();
  return JSON.stringify([[...body.triggers].sort(), body.linkScope ?? null, ids]);
}

/** Dub limits names to 40 characters; cut on a character boundary, never mid surrogate pair. */
export function hookName(name: string): string {
  const characters = Array.from(name.trim());
  return characters.length <= MAX_HOOK_NAME ? characters.join('') : characters.slice(0, MAX_HOOK_NAME).join('').trimEnd();
}

export function defaultHookName(triggers: readonly DubEventName[]): string {
  return hookName(triggers.length === 1 ? `linkhooks: ${triggers[0]}` : `linkhooks: ${triggers.length} events`);
}

function invalid(message: string): ApiError {
  return new ApiError('dub', 'invalid_request', message);
}
