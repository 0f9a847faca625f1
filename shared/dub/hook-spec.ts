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

/**
 * Dub limits names to 40 of JavaScript's characters, UTF-16 units (zod's `max(40)`): an emoji counts two. The name is
 * cut at the last whole character (grapheme: an emoji with its modifiers, a letter with its accents) that fits.
 */
export function hookName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length <= MAX_HOOK_NAME) return trimmed;
  let kept = '';
  for (const character of graphemes(trimmed)) {
    if (kept.length + character.length > MAX_HOOK_NAME) break;
    kept += character;
  }
  return kept.trimEnd();
}

function graphemes(text: string): string[] {
  const Segmenter = Intl.Segmenter;
  return typeof Segmenter === 'function' ? Array.from(new Segmenter(undefined, { granularity: 'grapheme' }).segment(text), (part) => part.segment) : Array.from(text);
}

export function defaultHookName(triggers: readonly DubEventName[]): string {
  return hookName(triggers.length === 1 ? `linkhooks: ${triggers[0]}` : `linkhooks: ${triggers.length} events`);
}

function invalid(message: string): ApiError {
  return new ApiError('dub', 'invalid_request', message);
}

/**
 * Why Dub's cloud can never deliver to this URL, or undefined when it can. Dub takes any URL that parses, and its
 * delivery service then fails to post in silence (no failure counted, no event ever arrives): a receiver on this
 * machine or a private network is refused before any call, saying how to get a public one.
 */
export function unreachableFromDubCloud(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `${url} is not a URL`;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return `${parsed.protocol} is not http(s)`;
  const host = parsed.hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine (loopback)`;
  if (host.endsWith('.local') || host.endsWith('.internal') || host.endsWith('.home.arpa') || host.endsWith('.lan')) {
    return `${host} is a local-network name`;
  }
  const ipv4 = ipv4Of(host);
  if (ipv4) return privateIpv4(ipv4);
  if (host.includes(':')) return privateIpv6(host);
  if (!host.includes('.')) return `${host} is a name only this network knows`;
  return undefined;
}

function ipv4Of(host: string): number[] | undefined {
  const parts = host.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part))) return undefined;
  const octets = parts.map(Number);
  return octets.every((octet) => octet <= 255) ? octets : undefined;
}

function privateIpv4([a = 0, b = 0]: number[]): string | undefined {
  if (a === 127) return 'a loopback address (this machine)';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private address';
  if (a === 169 && b === 254) return 'a link-local address';
  if (a === 100 && b >= 64 && b <= 127) return 'a carrier-grade NAT address';
  if (a === 0) return 'not an address anyone can post to';
  return undefined;
}

function privateIpv6(host: string): string | undefined {
  if (host === '::1') return 'a loopback address (this machine)';
  if (host === '::') return 'not an address anyone can post to';
  // An IPv4 address in IPv6 form; URL writes it in hex (::ffff:7f00:1 for 127.0.0.1).
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(host);
  if (mapped) {
    const [high, low] = [parseInt(mapped[1] ?? '0', 16), parseInt(mapped[2] ?? '0', 16)];
    return privateIpv4([high >> 8, high & 255, low >> 8, low & 255]);
  }
  if (/^f[cd][0-9a-f]{0,2}:/.test(host)) return 'a private address';
  if (/^fe[89ab][0-9a-f]?:/.test(host)) return 'a link-local address';
  return undefined;
}
