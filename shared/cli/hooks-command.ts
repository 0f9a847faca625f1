import { maskSecret, redactSecrets } from '../api/api-error';
import { isDubEventName, type DubEventName } from '../dub/event-names';
import { createDubClient } from '../dub/client';
import type { DubWebhook } from '../dub/api-schemas';
import { dubHookRegistrar, parkedFromUrlOf } from '../dub/hook-registrar';
import { readDubDeliveryLog } from '../dub/delivery-log';
import { guardDisabledHook, PAYOUT_REPLAY_WARNING } from '../dub/disabled-hook-guard';
import { replayDubEvents } from '../dub/replay';
import { ApiError } from '../api/api-error';
import type { LinkScope } from '../dub/hook-spec';
import { createLinklyClient } from '../linkly/client';
import { linklyHookRegistrar } from '../linkly/hook-registrar';
import { timerSleep } from '../api/retry-policy';
import { createUndiciTransport } from '../transport/undici-transport';
import { EXIT, UsageError, printJson, type CliIo } from './io';
import { list, providerOption, required, type ParsedOptions } from './options';

/** `linkhooks hooks list|create|delete|replay`: see, clean up and recover hooks with the user's own keys. */
export async function hooksCommand(action: string | undefined, values: ParsedOptions, io: CliIo): Promise<number> {
  const provider = providerOption(values);
  if (action === 'replay') {
    if (provider !== 'dub') throw new UsageError('replay is for Dub hooks (--provider dub): Linkly keeps no delivery log to replay from');
    return replayDub(values, io);
  }
  const run = provider === 'dub' ? dubHooks(values, io) : linklyHooks(values, io);
  const handler = action === 'list' || action === 'create' || action === 'delete' ? run[action] : undefined;
  if (!handler) throw new UsageError('hooks needs an action: list, create, delete or replay');
  printJson(io, await handler());
  return EXIT.ok;
}

function env(io: CliIo, name: string): string {
  const value = io.env[name];
  if (!value) throw new UsageError(`Set ${name} in the environment`);
  return value;
}

function dubClientOf(values: ParsedOptions, io: CliIo) {
  return createDubClient({
    transport: createUndiciTransport(),
    token: env(io, 'DUB_API_KEY'),
    policy: { sleep: timerSleep },
    ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
  });
}

function dubHooks(values: ParsedOptions, io: CliIo) {
  const client = () => dubClientOf(values, io);
  const reveal = (hook: DubWebhook) => (values['show-secrets'] ? hook : { ...hook, secret: hook.secret ? maskSecret(hook.secret) : null });
  return {
    list: async () => {
      const dub = client();
      const hooks = await dub.webhooks.list();
      // Each hook's health from its delivery log: one more call per hook.
      return Promise.all(hooks.map(async (hook) => ({ ...reveal(hook), disabled: Boolean(hook.disabledAt), ...(await deliveryHealth(dub, hook.id)) })));
    },
    create: async () => {
      const events = list(required(values, 'events'));
      const unknown = events.filter((event) => !isDubEventName(event));
      if (unknown.length > 0) throw new UsageError(`Unknown Dub events: ${unknown.join(', ')}`);
      // A create prints the secret: the user needs it to verify deliveries.
      const dub = client();
      const notes: string[] = [];
      const { registration, outcome } = await dubHookRegistrar(dub).ensure(
        {
          url: required(values, 'url'),
          triggers: events as DubEventName[],
          ...(values.name ? { name: values.name } : {}),
          scope: scopeOf(values),
        },
        undefined,
        {
          // Over a hook Dub disabled whose log holds undelivered events: parked and stopped, as a Zap's turn-on is.
          beforeReplacingDisabled: async (hook, park) => {
            notes.push((await guardDisabledHook(dub, hook, park, 'Run the same create again')).note);
          },
        },
      );
      return { outcome, hook: { id: registration.id, url: registration.url, secret: registration.secret }, ...(notes.length > 0 ? { notes } : {}) };
    },
    delete: async () => dubHookRegistrar(client()).remove(hookRef(values)),
  };
}

/** Failed attempts since the hook's last success, and how many events wait, as its delivery log shows them. */
async function deliveryHealth(dub: ReturnType<typeof dubClientOf>, id: string) {
  try {
    const reading = readDubDeliveryLog(await dub.webhooks.deliveryLog(id));
    return {
      failedSinceLastSuccess: reading.failedSinceLastSuccess,
      undeliveredEvents: reading.undelivered.length,
      ...(reading.mayMissOlder ? { logNote: `the log (last 100 attempts) holds no success: failures before ${reading.oldestAttemptAt ?? '?'} are not shown` } : {}),
    };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { failedSinceLastSuccess: null, undeliveredEvents: null, logError: error.message };
  }
}

/**
 * `hooks replay --provider dub --id WH_ID [--to URL] [--since ISO] [--dry-run]`: the events the hook's log shows
 * undelivered, sent again in Dub's creation order to the hook's URL (or --to), signed with the hook's secret. Stops at
 * the first one not answered 2xx, so nothing runs ahead of an event still waiting. A parked hook (moved aside by a Zap
 * turned on or an n8n trigger over it, its URL marked PARKED_HOOK_PARAM) receives nothing at its own URL: by default
 * its events go to the URL it was parked from, signed as the hook now there signs (the receiver checks that secret).
 */
async function replayDub(values: ParsedOptions, io: CliIo): Promise<number> {
  const id = required(values, 'id');
  const since = values.since === undefined ? undefined : Date.parse(values.since);
  if (since !== undefined && Number.isNaN(since)) throw new UsageError(`--since must be an ISO 8601 date, not "${values.since ?? ''}"`);
  const dub = dubClientOf(values, io);
  const hook = await dub.webhooks.get(id);
  if (!hook.secret) throw new UsageError(`Dub gave no signing secret for ${id}: nothing can be signed for it`);
  const reading = readDubDeliveryLog(await dub.webhooks.deliveryLog(id));
  const waiting = reading.undelivered.filter((event) => since === undefined || Date.parse(event.createdAt) >= since);
  const parkedFrom = parkedFromUrlOf(hook.url);
  const to = values.to ?? parkedFrom ?? hook.url;
  // Sent to another hook's URL (the hook that replaced this one, a Zap's new hook): signed as that hook's deliveries
  // are, since its receiver checks them with its own secret.
  const lookup = values.to ?? parkedFrom;
  const receiving = lookup ? (await dub.webhooks.list()).find((listed) => sameUrl(listed.url, lookup) && !listed.disabledAt && listed.secret) : undefined;
  const secret = receiving?.secret ?? hook.secret;
  const toParkedFrom = values.to === undefined && parkedFrom !== undefined;
  const summary = {
    hook: { id: hook.id, url: redactSecrets(hook.url), disabled: Boolean(hook.disabledAt), ...(parkedFrom ? { parked: true } : {}) },
    to: redactSecrets(to),
    ...(toParkedFrom ? { toNote: `${hook.id} is parked (moved aside so its log survives): its events go to the URL it was parked from` } : {}),
    signedWith: receiving
      ? `the secret of ${receiving.id}, the enabled hook Dub ${toParkedFrom ? `now has at the URL ${hook.id} was parked from` : 'has at that URL'}`
      : `the secret of ${hook.id}`,
    logAttempts: reading.attempts,
    ...(reading.mayMissOlder ? { logNote: `the log (last 100 attempts) holds no success: events whose attempts all came before ${reading.oldestAttemptAt ?? '?'} cannot be seen or replayed` } : {}),
    ...(reading.unreadable > 0 ? { unreadableRows: reading.unreadable } : {}),
    ...(waiting.some((event) => event.event === 'payout.confirmed') ? { payoutNote: PAYOUT_REPLAY_WARNING } : {}),
  };
  const listed = waiting.map(({ id: eventId, event, createdAt, attempts, lastStatus }) => ({ id: eventId, event, createdAt, attempts, lastStatus }));
  if (values['dry-run']) {
    printJson(io, { ...summary, dryRun: true, wouldSend: listed });
    return EXIT.ok;
  }
  if (toParkedFrom && !receiving) {
    // Signed with the parked hook's own secret, every event would be refused there: nothing is sent.
    io.err(
      `${hook.id} is parked (moved aside so its log survives), and Dub has no enabled webhook at the URL it was parked from, so no ` +
        'receiver there could verify its events; nothing was sent. Turn the Zap (or the n8n workflow) on again first, then run this ' +
        'again; or give --to with the receiving URL.\n',
    );
    return EXIT.failure;
  }
  const sent = await replayDubEvents(waiting, { transport: createUndiciTransport(), url: to, secret });
  const notSent = listed.slice(sent.length).map(({ id: eventId, event, createdAt }) => ({ id: eventId, event, createdAt }));
  printJson(io, { ...summary, sent, notSent });
  const failed = sent.some((result) => result.status === undefined || result.status < 200 || result.status >= 300);
  return failed ? EXIT.failure : EXIT.ok;
}

/** The same URL however it was written (Dub keeps what it was given; a parked URL is re-serialized). */
function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).toString() === new URL(b).toString();
  } catch {
    return a === b;
  }
}

/** `--id`, `--url` or both: a hook is removed by its id, or found by its URL. */
function hookRef(values: ParsedOptions): { id?: string; url?: string } {
  if (!values.id && !values.url) throw new UsageError('delete needs --id or --url');
  return { ...(values.id ? { id: values.id } : {}), ...(values.url ? { url: values.url } : {}) };
}

function scopeOf(values: ParsedOptions): LinkScope {
  const linkIds = list(values['link-ids']);
  const folderIds = list(values['folder-ids']);
  if (linkIds.length > 0 && folderIds.length > 0) throw new UsageError('Give --link-ids or --folder-ids, not both');
  if (linkIds.length > 0) return { kind: 'links', linkIds };
  if (folderIds.length > 0) return { kind: 'folders', folderIds };
  return { kind: 'workspace' };
}


function linklyHooks(values: ParsedOptions, io: CliIo) {
  const client = () =>
    createLinklyClient({
      transport: createUndiciTransport(),
      apiKey: env(io, 'LINKLY_API_KEY'),
      workspaceId: env(io, 'LINKLY_WORKSPACE_ID'),
      policy: { sleep: timerSleep },
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
    });
  const target = values['link-id'] ? { linkId: values['link-id'] } : {};
  return {
    // The registered URLs carry our tokens: masked unless asked for.
    list: async () => ({ webhooks: (await client().webhooks.list(target)).map((url) => (values['show-secrets'] ? url : redactSecrets(url))) }),
    create: async () => {
      const { registration, outcome } = await linklyHookRegistrar(client()).ensure({ receiverUrl: required(values, 'url'), target });
      return { outcome, hook: registration };
    },
    delete: async () => {
      // --id: Linkly's id or the registered URL (token included); --url: the receiver, all of our hooks for it.
      if (!values.id && !values.url) throw new UsageError('delete needs --id or --url');
      return linklyHookRegistrar(client()).remove({
        ...(values.id ? { id: values.id } : {}),
        ...(values.url ? { receiverUrl: values.url } : {}),
        target,
      });
    },
  };
}
