/** Public types of the sandbox: what tests, the CLI and the end-to-end runner see. */

import type { DubEventName } from '../shared/dub/event-names';
import type { Provider } from '../shared/normalized/parts';

export type { Provider } from '../shared/normalized/parts';
export { DUB_EVENT_NAMES, type DubEventName } from '../shared/dub/event-names';

/** The events a Dub partner postback can carry (POSTBACK_TRIGGERS in Dub's lib/postback/constants.ts). */
export const DUB_POSTBACK_TRIGGERS = ['lead.created', 'sale.created', 'commission.created'] as const;
export type DubPostbackTrigger = (typeof DUB_POSTBACK_TRIGGERS)[number];

/** A partner's postback: where Dub posts, which events, and the `pbsec_` secret it signs with. */
export interface DubPostback {
  id: string;
  url: string;
  triggers: DubPostbackTrigger[];
  secret: string;
  disabledAt: string | null;
}

export type DubLinkScope = 'workspace' | 'folders' | 'links';

/** A Dub webhook exactly as the API returns it (Dub's WebhookSchema): no linkIds / folderIds. */
export interface DubWebhook {
  id: string;
  name: string;
  url: string;
  secret: string;
  triggers: DubEventName[];
  linkScope: DubLinkScope | null;
  disabledAt: string | null;
  installationId: string | null;
}

/** A Dub webhook as the sandbox keeps it: the API's fields plus what Dub stores beside them (the link or folder
 *  selection, which the API never shows, and the delivery bookkeeping). */
export interface DubHook extends DubWebhook {
  linkIds?: string[];
  folderIds?: string[];
  createdAt: string;
  consecutiveFailures: number;
}

export interface LinklyHook {
  /** The id the POST answered with; the URL itself when the answer carried none. */
  id: string;
  url: string;
  scope: 'workspace' | 'link';
  workspaceId: number;
  /** Set when scope is 'link'. */
  linkId?: number;
  createdAt: string;
}

/** What Linkly's POST .../webhooks answers: `{id, url}`, or `{url}` with no id (then the URL is the id). */
export type LinklyPostAnswer = 'with-id' | 'without-id';

/** Which form of Linkly's API the sandbox answers in: 'v1', the public API of 2026 (Bearer only, hook lists of
 *  objects, paged `list_links`, JSON errors), or 'legacy', the older one (X-API-KEY too, `{ "webhooks": [url] }`,
 *  `links/export` only, plain-text errors). */
export type LinklyApiVersion = 'v1' | 'legacy';

export interface DubEnvelope {
  id: string;
  event: string;
  createdAt: string;
  data: unknown;
}

export interface RecordedRequest {
  provider: Provider;
  method: string;
  /** Path as the real API would see it (after the base URL), without the query string, not decoded. */
  path: string;
  query: Record<string, string>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
  receivedAt: string;
  /** The status answered; null while pending or when the response was deliberately lost. */
  status: number | null;
}

export interface DeliveryReport {
  hookId: string;
  url: string;
  attempts: number;
  /** One entry per attempt: the receiver's status, or null for a network error or timeout. */
  statuses: Array<number | null>;
  delivered: boolean;
  /** The exact bytes sent. */
  body: string;
  /** Dub only: the Dub-Signature header sent. */
  signature?: string;
  /** The last network error or timeout, if any. */
  error?: string;
}

export interface FaultMatch {
  provider: Provider;
  method?: string;
  /** Matched against the provider-relative path (e.g. '/webhooks'): a string is a prefix. */
  path?: string | RegExp;
}

interface FaultBase {
  match: FaultMatch;
  /** How many matching requests the fault applies to; default 1. */
  times?: number;
}

/** Response headers to send verbatim instead of the service's own (names in any case); null removes one. */
export type HeaderOverrides = Record<string, string | null>;

export type Fault =
  /** A 429 as the service sends it. Dub: `Retry-After` and `X-RateLimit-Reset` both hold the reset moment in epoch
   *  milliseconds, `resetInMs` from now (default 1000). Linkly: `Retry-After` in seconds. `headers` then override
   *  any of them verbatim, e.g. `{ 'retry-after': '0' }`, a reset in the past, seconds, or an HTTP date. */
  | (FaultBase & { kind: 'rate_limit'; resetInMs?: number; headers?: HeaderOverrides })
  | (FaultBase & { kind: 'server_error'; status?: number; headers?: HeaderOverrides })
  | (FaultBase & { kind: 'slow'; delayMs: number })
  /** The work is done at once (e.g. the hook exists and delivers), the answer sent `delayMs` later: a slow network back. */
  | (FaultBase & { kind: 'slow_answer'; delayMs: number })
  | (FaultBase & { kind: 'lost_response' })
  /** A list that lags behind the service's own checks: Dub's one-hook-per-URL check (a findFirst before the insert,
   *  not a unique index) can refuse a create with 409 for a hook its list does not show yet. The matched list answer
   *  leaves out its `hidden` newest entries (default 1); the entries themselves, and every other call, are untouched. */
  | (FaultBase & { kind: 'stale_list'; hidden?: number });

/** How the workspace's partner program pays partners; Dub offers payout.confirmed to external payouts only. */
export type DubProgramPayouts = 'external' | 'internal' | 'none';
/** The role of the user every Business credential belongs to (Dub's owner, member, …; the two that differ here). */
export type DubUserRole = 'owner' | 'member';

/** What the Business workspace is like, changeable while the sandbox runs (reset() restores the options). */
export interface DubWorkspaceSettings {
  /** Default 'external' (the sandbox's program), so every event can be registered. */
  programPayouts: DubProgramPayouts;
  /** Default 'owner'. A member cannot consent to webhooks.write, and every request's scopes are cut to the role. */
  userRole: DubUserRole;
}

export interface SandboxOptions {
  port?: number;
  dubWorkspace?: Partial<DubWorkspaceSettings>;
  /** Delays before each Dub retry; the count is the number of retries. Default: five short ones (see README). */
  dubRetryDelaysMs?: number[];
  linklyTimeoutMs?: number;
  /** Default 'with-id'. */
  linklyPostAnswer?: LinklyPostAnswer;
  /** Default 'v1'. */
  linklyApi?: LinklyApiVersion;
  /** Folders the Dub workspace has beyond its two fixed ones ("Folder 003" …), for pickers that page. Default 0. */
  dubExtraFolders?: number;
}

export interface Sandbox {
  url: string;
  dubBaseUrl: string;
  linklyBaseUrl: string;
  dub: {
    hooks(): DubHook[];
    /** Delivers the event, signed, to every enabled hook it concerns, retrying as Dub does. */
    deliver(envelope: DubEnvelope): Promise<DeliveryReport[]>;
    /** At-least-once delivery on demand: sends an event again, same bytes and same signature, to every hook that
     *  answered it with a 2xx. Empty when no hook has taken that event id. */
    redeliver(eventId: string): Promise<DeliveryReport[]>;
    /** Disables a hook as 20 failed deliveries in a row would; undefined for an unknown id. */
    disable(hookId: string): DubHook | undefined;
    requests(): RecordedRequest[];
    /** Changes the workspace: its program's payouts, its user's role. */
    setWorkspace(settings: Partial<DubWorkspaceSettings>): DubWorkspaceSettings;
    /**
     * Holds the next `count` creates between Dub's uniqueness check and its insert until all of them have checked
     * (or a second has passed): two overlapping creates for one URL then both pass, as Dub's findFirst-then-insert
     * allows. Resolves when they are all released.
     */
    overlapCreates(count: number): Promise<void>;
    /** A partner's postbacks (Dub's partner dashboard, not its API): add one, send an event to those that want it. */
    postbacks: {
      /** Adds a postback for the events given; its `pbsec_` secret is in the answer, as Dub shows it once. */
      add(url: string, triggers: DubPostbackTrigger[]): DubPostback;
      /** Sends `data` as Dub does: a fresh `evt_` envelope per postback, signed with its secret, retried until a 2xx. */
      send(event: DubPostbackTrigger, data: unknown): Promise<DeliveryReport[]>;
      disable(id: string): void;
      list(): DubPostback[];
    };
  };
  linkly: {
    hooks(): LinklyHook[];
    deliver(payload: unknown): Promise<DeliveryReport[]>;
    /** Chooses how later POST .../webhooks calls answer. */
    setPostAnswer(answer: LinklyPostAnswer): void;
    requests(): RecordedRequest[];
  };
  faults: { inject(fault: Fault): void; clear(): void };
  /** Forgets hooks, requests, faults, rate-limit counts and remembered deliveries; restores the options. */
  reset(): void;
  close(): Promise<void>;
}
