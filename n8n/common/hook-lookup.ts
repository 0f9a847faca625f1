import type { IWebhookFunctions } from 'n8n-workflow';
import type { VerifyingHook } from './static-data';
import { channelOf, servedUrlOf } from './webhook-url';

/*
 * A delivery sometimes needs the service's list of hooks at the URL it came to: while the trigger has kept no hook
 * (the activation gap), and when the kept secret does not verify it (the trigger's own recovery replaced the hook).
 * Each asks through one HookLookups of its own, keyed alike (lookupKey): an answer, found or not, failed or not, is
 * kept for the interval, so however requests arrive (a burst at once or one after another, authentic or forged in the
 * service's form), one trigger asks at most once per interval in each n8n process, per purpose.
 */

/** While nothing is kept: short, since create() may be registering the hook right now and an empty answer goes stale. */
export const HOOK_LOOKUP_INTERVAL_MS = 5_000;

/** When the kept secret fails: a hook replaced is rare, and every forged request in Dub's form takes this path. */
export const RELIST_INTERVAL_MS = 30_000;

export type HookLookup = { ok: true; hooks: VerifyingHook[] } | { ok: false; reason: string };

interface KeptLookup {
  answer: Promise<HookLookup>;
  /** When the answer came in; absent while the call is under way (every request meanwhile shares it). */
  answeredAt?: number;
}

/**
 * The answers of one process, per trigger and URL. In memory: in queue mode each webhook processor keeps its own, so
 * the cost is one call per interval per trigger and URL in each process that receives requests.
 */
export class HookLookups {
  private readonly kept = new Map<string, KeptLookup>();

  constructor(
    readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The kept answer for `key`, or a new one from `ask` when none is kept or it is older than the interval. */
  lookup(key: string, ask: () => Promise<HookLookup>): Promise<HookLookup> {
    const current = this.kept.get(key);
    if (current && !this.expired(current)) return current.answer;
    this.forgetExpired();
    const entry: KeptLookup = {
      // An ask that throws after all is kept as the failure it is.
      answer: new Promise<HookLookup>((resolve) => resolve(ask())).catch(
        (error: unknown): HookLookup => ({ ok: false, reason: error instanceof Error ? error.message : String(error) }),
      ),
    };
    // Registered before any caller's own continuation, so the time is set before anyone reads the answer.
    void entry.answer.then(() => {
      entry.answeredAt = this.now();
    });
    this.kept.set(key, entry);
    return entry.answer;
  }

  private expired(entry: KeptLookup): boolean {
    return entry.answeredAt !== undefined && this.now() - entry.answeredAt >= this.intervalMs;
  }

  /** Keeps the map to the triggers asked about lately. */
  private forgetExpired(): void {
    for (const [key, entry] of this.kept) if (this.expired(entry)) this.kept.delete(key);
  }
}

/** The process's lookups while nothing is kept, shared by every trigger of the package. */
export const hookLookups = new HookLookups(HOOK_LOOKUP_INTERVAL_MS);

/** The process's lookups when the kept secret does not verify a delivery. */
export const relistings = new HookLookups(RELIST_INTERVAL_MS);

/** One trigger and the URL its delivery came to (production and test listen apart): what both lookups are kept by. */
export function lookupKey(context: IWebhookFunctions): string {
  return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${servedUrlOf(context) ?? channelOf(context)}`;
}
