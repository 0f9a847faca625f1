import { ApiError } from '../api/api-error';
import type { DubWebhook } from './api-schemas';
import type { DubClient } from './client';
import { readDubDeliveryLog, type DubDeliveryLogReading, type UndeliveredDubEvent } from './delivery-log';
import { dubHookRegistrar, type DubRegistration } from './hook-registrar';
import type { DubHookSpec } from './hook-spec';
import type { ReplayedDubEvent } from './replay';

/*
 * Recovery of what Dub could not deliver to a receiver, for any host that keeps a registered hook.
 *
 * Dub keeps, per hook, the log of its last 100 delivery attempts (GET /webhooks/{id}/events), payloads included; it
 * has no way to send a delivery again, and no API call enables a hook it disabled (only its dashboard can; the way
 * back through the API is a new hook). So recovery is: read the log, make a hook that delivers, and send each event
 * the log shows undelivered to the receiver ourselves, signed with the live hook's secret, oldest first, keeping its
 * evt_ id so the receiver's redelivery check runs it at most once.
 *
 * A disabled hook is never deleted before its log is read: it is parked (moved off its URL, see the registrar's
 * park), a new hook takes the URL, and the parked one is deleted only once every event its log shows undelivered was
 * recovered or given up. A host that stops half-way finds the parked hook again next time.
 */

/** What the host keeps between checks. */
export interface DubRecoveryState {
  /** The live hook (registered by the host). Absent: nothing registered, nothing to watch. */
  hook?: DubRegistration;
  /** Parked hooks whose logs still hold events to recover. */
  parked: string[];
  /** Event ids already recovered (sent and answered 2xx), so that a log read again sends none twice. */
  recovered: string[];
}

/** Sends events to the receiver, in the order given, signed with `hook`'s secret; stops at the first refused. */
export type DubEventReplayer = (events: readonly UndeliveredDubEvent[], hook: DubRegistration) => Promise<ReplayedDubEvent[]>;

export interface DubRecoveryInput {
  client: DubClient;
  /** The hook the host wants now (its URL is where the receiver is served). */
  spec: DubHookSpec;
  state: DubRecoveryState;
  replay: DubEventReplayer;
  /** Events the host gave up on (sent several times, never answered 2xx): not sent again. */
  givenUp?: (eventId: string) => boolean;
}

export type DubHookCondition = 'healthy' | 'disabled' | 'gone' | 'undelivered' | 'nothing-registered';

export interface DubRecoveryReport {
  /** What the check found the live hook to be. */
  found: DubHookCondition;
  state: DubRecoveryState;
  /** Set when the hook was replaced: Dub had disabled it, or it was gone. */
  replaced?: { from: string; to: string };
  /** What was sent, with the receiver's answers, in order. */
  replayed: ReplayedDubEvent[];
  /** Undelivered events not sent this time (after a refusal, or given up). */
  waiting: UndeliveredDubEvent[];
  /** What cannot be recovered, in the user's words, each with its count and window where known. */
  cannotRecover: string[];
}

/** Ids kept of recovered events: several logs' worth (each shows at most 100 attempts). */
export const RECOVERED_IDS_KEPT = 500;

export async function recoverDubHook(input: DubRecoveryInput): Promise<DubRecoveryReport> {
  const { client, spec } = input;
  const registrar = dubHookRegistrar(client);
  let live = input.state.hook;
  let parked = [...input.state.parked];
  const cannotRecover: string[] = [];
  let found: DubHookCondition = 'nothing-registered';
  let replaced: DubRecoveryReport['replaced'];
  const sources: string[] = [];

  if (live) {
    const hook = await hookOrNothing(client, live.id);
    if (!hook || hook.disabledAt) {
      found = hook ? 'disabled' : 'gone';
      if (hook?.disabledAt) {
        cannotRecover.push(
          `Dub disabled webhook ${hook.id} at ${hook.disabledAt}. Dub sends a disabled hook nothing, so events it created from then until ` +
            `this check (${new Date().toISOString()}) were never attempted and are not in its log: they cannot be recovered from it.`,
        );
      }
      if (hook) {
        // Its log is read below, before anything is deleted; a hook found already parked (a check cut short) stays so.
        if (hook.url === spec.url) await registrar.park(hook.id, spec.url);
        parked = [...parked.filter((id) => id !== hook.id), hook.id];
      }
      const { registration, outcome } = await registrar.ensure(spec);
      if (!hook && outcome === 'created') {
        cannotRecover.push(
          `The Dub webhook ${live.id} this trigger registered is gone (deleted in Dub, or by another tool), and its delivery log with it: ` +
            'whatever Dub could not deliver to it cannot be recovered. A new webhook was registered.',
        );
      }
      replaced = { from: live.id, to: registration.id };
      live = registration;
    } else {
      found = 'healthy';
      sources.push(live.id);
    }
  }

  const readings: Array<{ hookId: string; reading: DubDeliveryLogReading }> = [];
  for (const hookId of [...parked, ...sources]) {
    try {
      readings.push({ hookId, reading: readDubDeliveryLog(await client.webhooks.deliveryLog(hookId)) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === 'not_found') {
        // A parked hook deleted meanwhile (by hand, or by another process that finished its recovery).
        parked = parked.filter((id) => id !== hookId);
        continue;
      }
      cannotRecover.push(`Dub's delivery log of webhook ${hookId} could not be read, so what it could not deliver cannot be recovered: ${error.message}`);
    }
  }

  const delivered = new Set(readings.flatMap(({ reading }) => reading.delivered));
  const done = new Set(input.state.recovered);
  const byId = new Map<string, UndeliveredDubEvent>();
  for (const { hookId, reading } of readings) {
    if (reading.mayMissOlder) {
      cannotRecover.push(
        `Dub's log of webhook ${hookId} shows only its last 100 delivery attempts, all failed: events whose attempts all came before ` +
          `${reading.oldestAttemptAt ?? 'then'} cannot be seen, and cannot be recovered.`,
      );
    }
    if (reading.unreadable > 0) cannotRecover.push(`${reading.unreadable} attempt(s) in the log of webhook ${hookId} carry no readable event and cannot be sent again.`);
    for (const event of reading.undelivered) {
      if (!delivered.has(event.id) && !done.has(event.id)) byId.set(event.id, byId.get(event.id) ?? event);
    }
  }
  if (readings.some(({ reading }) => reading.undelivered.length > 0) && found === 'healthy') found = 'undelivered';

  const pending = [...byId.values()].sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : 1));
  const givenUp = pending.filter((event) => input.givenUp?.(event.id));
  const toSend = pending.filter((event) => !input.givenUp?.(event.id));
  const replayed = live && toSend.length > 0 ? await input.replay(toSend, live) : [];
  const nowRecovered = replayed.filter((result) => result.status !== undefined && result.status >= 200 && result.status < 300).map((result) => result.id);
  const recovered = [...input.state.recovered.filter((id) => !nowRecovered.includes(id)), ...nowRecovered].slice(-RECOVERED_IDS_KEPT);
  if (givenUp.length > 0) {
    cannotRecover.push(
      `${givenUp.length} event(s) were sent again several times and never answered 2xx; they are not sent again: ` +
        givenUp.map((event) => `${event.id} (${event.event}, ${event.createdAt})`).join(', '),
    );
  }

  // A parked hook is done with once nothing of its log waits any more: deleted, and its log with it.
  const settled = new Set([...recovered, ...givenUp.map((event) => event.id)]);
  const stillParked: string[] = [];
  for (const hookId of parked) {
    const reading = readings.find((candidate) => candidate.hookId === hookId)?.reading;
    const waits = !reading || reading.undelivered.some((event) => !delivered.has(event.id) && !settled.has(event.id));
    if (waits) stillParked.push(hookId);
    else await registrar.remove({ id: hookId });
  }

  const sentIds = new Set(nowRecovered);
  return {
    found,
    state: { ...(live ? { hook: live } : {}), parked: stillParked, recovered },
    ...(replaced ? { replaced } : {}),
    replayed,
    waiting: toSend.filter((event) => !sentIds.has(event.id)),
    cannotRecover,
  };
}

async function hookOrNothing(client: DubClient, id: string): Promise<DubWebhook | undefined> {
  try {
    return await client.webhooks.get(id);
  } catch (error) {
    if (error instanceof ApiError && error.kind === 'not_found') return undefined;
    throw error;
  }
}
