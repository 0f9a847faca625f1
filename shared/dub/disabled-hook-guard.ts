import { ApiError } from '../api/api-error';
import type { DubWebhook } from './api-schemas';
import type { DubClient } from './client';
import { readDubDeliveryLog } from './delivery-log';

/*
 * What a host that cannot recover by itself does when it registers over a hook Dub disabled (a Zap turned on again:
 * Zapier's performSubscribe emits no items, and a Zap's perform runs only for deliveries that reach Zapier after the
 * subscription is stored). Deleting the disabled hook would delete its delivery log, the only place Dub keeps what it
 * could not deliver. So, when the log shows such events, the hook is parked (moved off the URL, as the n8n recovery
 * does, its log kept), the registration stops with a message that says how many events wait, from when to when, and
 * how to send them (`linkhooks hooks replay`), and the next registration finds the URL free and proceeds. When the log
 * cannot be read, or shows nothing waiting, the hook is replaced as before, and what could not be checked is said.
 */

/** What waits in a disabled hook's log, for a message. */
export interface WaitingInParkedHook {
  hookId: string;
  /** When Dub disabled it. */
  disabledAt: string;
  /** Events the log shows never answered 2xx. */
  count: number;
  /** The oldest and newest of them by Dub's createdAt. */
  oldestCreatedAt: string;
  newestCreatedAt: string;
  /** The log (last 100 attempts) holds no success: events whose attempts all came before this cannot be seen. */
  logStartsAt?: string;
  /** How many of them are payout.confirmed (see PAYOUT_REPLAY_WARNING). */
  payouts: number;
}

/**
 * Once every retry of a payout.confirmed failed, Dub marked that external payout failed for good
 * (lib/webhook/handle-external-payout-event.ts); a replayed one is not Dub asking to pay it.
 */
export const PAYOUT_REPLAY_WARNING =
  'Dub marks an external payout failed once every retry of its Payout Confirmed event failed: before paying a replayed one, ' +
  "check the payout's status in Dub (only a payout still processing awaits payment), or a partner Dub shows unpaid gets paid.";

/** Why a delivery log cannot be read with this credential at all: the plan (below Business), the key's permissions. */
const LOG_NEVER_READABLE: ReadonlySet<ApiError['kind']> = new Set(['plan_too_low', 'missing_scope', 'forbidden', 'not_found']);

/** The registration stopped so that the parked hook's events can be replayed; registering again proceeds. */
export class DubEventsKeptForReplay extends Error {
  override readonly name = 'DubEventsKeptForReplay';

  constructor(
    readonly waiting: WaitingInParkedHook,
    /** How the host's user turns the registration on again ("Turn the Zap on again"). */
    registerAgain: string,
  ) {
    super(keptMessage(waiting, registerAgain));
  }
}

/** The command that sends a parked hook's events to the hook that now has its URL. */
export function replayCommandFor(hookId: string): string {
  return `linkhooks hooks replay --provider dub --id ${hookId}`;
}

/** When the waiting events were created, as a message says it. */
function windowOf({ count, oldestCreatedAt, newestCreatedAt }: WaitingInParkedHook): string {
  return count === 1 ? `created at ${oldestCreatedAt}` : `created from ${oldestCreatedAt} to ${newestCreatedAt}`;
}

function keptMessage(waiting: WaitingInParkedHook, registerAgain: string): string {
  const { hookId, count, disabledAt } = waiting;
  const window = windowOf(waiting);
  const older = waiting.logStartsAt
    ? ` Dub's log shows only its last 100 attempts, none of them a success: events whose attempts all came before ${waiting.logStartsAt} are not in it and cannot be recovered.`
    : '';
  return (
    `Dub disabled this webhook (${hookId}) at ${disabledAt}, after 20 failed deliveries in a row, and its delivery log holds ` +
    `${count} event(s) Dub never delivered, ${window}. So that they are not lost, the old webhook was kept (moved aside; it ` +
    `receives nothing) instead of being deleted with its log.${older} Dub sends a disabled webhook nothing: events created ` +
    `since ${disabledAt} were never attempted, are in no log, and cannot be recovered. ${registerAgain}: a new webhook is registered and new ` +
    `events arrive again. Then send the ${count} waiting event(s), oldest first, with the linkhooks CLI and a Dub key that ` +
    `may read webhooks: \`${replayCommandFor(hookId)}\` (add --dry-run first to list them). They go to the new webhook's ` +
    `URL, signed with its secret, each run once.${waiting.payouts > 0 ? ` ${waiting.payouts} of them are Payout Confirmed: ${PAYOUT_REPLAY_WARNING}` : ''} When done, delete the old webhook: ` +
    `\`linkhooks hooks delete --provider dub --id ${hookId}\`.`
  );
}

/**
 * Decides, for a hook Dub disabled at the URL being registered, whether it may be deleted: parks it (`park`, the
 * registrar's) and throws DubEventsKeptForReplay when its log shows undelivered events; otherwise returns why it may
 * go (nothing waits, or the log could not be read: a plan below Business, a key without webhooks.read), for the log.
 */
export async function guardDisabledHook(
  client: DubClient,
  hook: DubWebhook,
  park: () => Promise<void>,
  registerAgain: string,
): Promise<{ replaced: string; note: string }> {
  let reading;
  try {
    reading = readDubDeliveryLog(await client.webhooks.deliveryLog(hook.id));
  } catch (error) {
    // Only a log this credential can never read is passed over; a passing failure (rate limit, 5xx, no answer) stops
    // the registration with nothing deleted, and trying again checks again.
    if (!(error instanceof ApiError) || !LOG_NEVER_READABLE.has(error.kind)) throw error;
    return {
      replaced: hook.id,
      note:
        `Dub had disabled the webhook ${hook.id} at this URL (at ${hook.disabledAt ?? 'an unknown time'}). Its delivery log could not be read, ` +
        `so whether Dub left events undelivered could not be checked, and it was replaced (deleted with its log): ${error.message}`,
    };
  }
  const waiting = reading.undelivered;
  const oldest = waiting[0];
  const newest = waiting.at(-1);
  if (!oldest || !newest) {
    return {
      replaced: hook.id,
      note: `Dub had disabled the webhook ${hook.id} at this URL (at ${hook.disabledAt ?? 'an unknown time'}); its log shows no event left undelivered, so it was replaced.`,
    };
  }
  try {
    await park();
  } catch (error) {
    // Only a log this credential can never read is passed over; a passing failure (rate limit, 5xx, no answer) stops
    // the registration with nothing deleted, and trying again checks again.
    if (!(error instanceof ApiError) || !LOG_NEVER_READABLE.has(error.kind)) throw error;
    return {
      replaced: hook.id,
      note:
        `Dub had disabled the webhook ${hook.id} at this URL, and its log shows ${waiting.length} event(s) never delivered ` +
        `(${oldest.createdAt} to ${newest.createdAt}), but Dub would not move it aside, so it was replaced and they are lost: ${error.message}`,
    };
  }
  throw new DubEventsKeptForReplay(
    {
      hookId: hook.id,
      disabledAt: hook.disabledAt ?? 'an unknown time',
      count: waiting.length,
      oldestCreatedAt: oldest.createdAt,
      newestCreatedAt: newest.createdAt,
      ...(reading.mayMissOlder && reading.oldestAttemptAt ? { logStartsAt: reading.oldestAttemptAt } : {}),
      payouts: reading.undelivered.filter((event) => event.event === 'payout.confirmed').length,
    },
    registerAgain,
  );
}

/**
 * Before a host that cannot recover removes the hook it registered (a Zap turned off): when Dub disabled it and its
 * log shows events never delivered, or the log cannot be read just now (a passing failure), the hook is left where it
 * is (disabled, it receives nothing, so keeping it costs nothing) and its log survives. A registration at the same URL
 * later meets it and says what to do (guardDisabledHook); `linkhooks hooks list` shows it too. `keep: false`: remove
 * it as before (`note` says why, when there was something to check).
 */
export async function disabledHookToKeep(client: DubClient, id: string): Promise<{ keep: boolean; waiting?: WaitingInParkedHook; note?: string }> {
  let hook: DubWebhook;
  try {
    hook = await client.webhooks.get(id);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'not_found') return { keep: false };
    throw error;
  }
  if (!hook.disabledAt) return { keep: false };
  const disabled = `Dub had disabled the webhook ${hook.id} (at ${hook.disabledAt})`;
  let reading;
  try {
    reading = readDubDeliveryLog(await client.webhooks.deliveryLog(hook.id));
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (!LOG_NEVER_READABLE.has(error.kind)) {
      return {
        keep: true,
        note:
          `${disabled}. Its delivery log could not be read just now, so it was left in Dub (disabled: it receives nothing) rather than ` +
          `deleted with whatever it holds; see it with \`linkhooks hooks list --provider dub\`: ${error.message}`,
      };
    }
    return { keep: false, note: `${disabled}. Its delivery log could not be read, so whether Dub left events undelivered could not be checked; it was deleted: ${error.message}` };
  }
  const oldest = reading.undelivered[0];
  const newest = reading.undelivered.at(-1);
  if (!oldest || !newest) return { keep: false, note: `${disabled}; its log shows no event left undelivered; it was deleted.` };
  return {
    keep: true,
    waiting: {
      hookId: hook.id,
      disabledAt: hook.disabledAt,
      count: reading.undelivered.length,
      oldestCreatedAt: oldest.createdAt,
      newestCreatedAt: newest.createdAt,
      ...(reading.mayMissOlder && reading.oldestAttemptAt ? { logStartsAt: reading.oldestAttemptAt } : {}),
      payouts: reading.undelivered.filter((event) => event.event === 'payout.confirmed').length,
    },
  };
}

/** For the host's log when a disabled hook was kept at removal (see disabledHookToKeep). */
export function keptAtRemovalMessage(waiting: WaitingInParkedHook, registerAgain: string): string {
  const { hookId, count, disabledAt } = waiting;
  return (
    `Dub had disabled this webhook (${hookId}) at ${disabledAt}, and its delivery log holds ${count} event(s) Dub never ` +
    `delivered, ${windowOf(waiting)}. It was left in Dub (disabled: it receives nothing) ` +
    `instead of being deleted with its log. ${registerAgain} at the same hook URL says how to send them; or send them with ` +
    `\`${replayCommandFor(hookId)} --to <the receiving URL>\`, then delete it (\`linkhooks hooks delete --provider dub --id ${hookId}\`).` +
    (waiting.payouts > 0 ? ` ${waiting.payouts} of them are Payout Confirmed: ${PAYOUT_REPLAY_WARNING}` : '')
  );
}
