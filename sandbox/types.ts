/** Public types of the sandbox: what tests, the CLI and the end-to-end runner see. */

import type { DubEventName } from '../shared/dub/event-names';
import type { Provider } from '../shared/normalized/parts';

export type { Provider } from '../shared/normalized/parts';
export { DUB_EVENT_NAMES, type DubEventName } from '../shared/dub/event-names';

export type DubLinkScope = 'workspace' | 'folders' | 'links';

/** A Dub webhook as the API returns it. */
export interface DubWebhook {
  id: string;
  name: string;
  url: string;
  secret: string;
  triggers: DubEventName[];
  linkScope: DubLinkScope | null;
  linkIds?: string[];
  folderIds?: string[];
  disabledAt: string | null;
  installationId: null;
}

/** A Dub webhook plus the delivery bookkeeping Dub keeps beside it. */
export interface DubHook extends DubWebhook {
  createdAt: string;
  consecutiveFailures: number;
}

export interface LinklyHook {
  id: string;
  url: string;
  scope: 'workspace' | 'link';
  workspaceId: number;
  /** Set when scope is 'link'. */
  linkId?: number;
  createdAt: string;
}

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

export type Fault =
  | (FaultBase & { kind: 'rate_limit'; retryAfterSeconds?: number; resetInMs?: number })
  | (FaultBase & { kind: 'server_error'; status?: number })
  | (FaultBase & { kind: 'slow'; delayMs: number })
  | (FaultBase & { kind: 'lost_response' });

export interface SandboxOptions {
  port?: number;
  dubRetryDelaysMs?: number[];
  linklyTimeoutMs?: number;
}

export interface Sandbox {
  url: string;
  dubBaseUrl: string;
  linklyBaseUrl: string;
  dub: {
    hooks(): DubHook[];
    deliver(envelope: DubEnvelope): Promise<DeliveryReport[]>;
    requests(): RecordedRequest[];
  };
  linkly: {
    hooks(): LinklyHook[];
    deliver(payload: unknown): Promise<DeliveryReport[]>;
    requests(): RecordedRequest[];
  };
  faults: { inject(fault: Fault): void; clear(): void };
  reset(): void;
  close(): Promise<void>;
}
