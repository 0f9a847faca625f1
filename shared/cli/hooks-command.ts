import { maskSecret, redactSecrets } from '../api/api-error';
import { isDubEventName, type DubEventName } from '../dub/event-names';
import { createDubClient } from '../dub/client';
import type { DubWebhook } from '../dub/api-schemas';
import { dubHookRegistrar } from '../dub/hook-registrar';
import type { LinkScope } from '../dub/hook-spec';
import { createLinklyClient } from '../linkly/client';
import { linklyHookRegistrar } from '../linkly/hook-registrar';
import { timerSleep } from '../api/retry-policy';
import { createUndiciTransport } from '../transport/undici-transport';
import { EXIT, UsageError, printJson, type CliIo } from './io';
import { list, providerOption, required, type ParsedOptions } from './options';

/** `linkhooks hooks list|create|delete`: see and clean up hooks with the user's own keys. */
export async function hooksCommand(action: string | undefined, values: ParsedOptions, io: CliIo): Promise<number> {
  const provider = providerOption(values);
  const run = provider === 'dub' ? dubHooks(values, io) : linklyHooks(values, io);
  const handler = action === 'list' || action === 'create' || action === 'delete' ? run[action] : undefined;
  if (!handler) throw new UsageError('hooks needs an action: list, create or delete');
  printJson(io, await handler());
  return EXIT.ok;
}

function env(io: CliIo, name: string): string {
  const value = io.env[name];
  if (!value) throw new UsageError(`Set ${name} in the environment`);
  return value;
}

function dubHooks(values: ParsedOptions, io: CliIo) {
  const client = () =>
    createDubClient({
      transport: createUndiciTransport(),
      token: env(io, 'DUB_API_KEY'),
      policy: { sleep: timerSleep },
      ...(values['base-url'] ? { baseUrl: values['base-url'] } : {}),
    });
  const reveal = (hook: DubWebhook) => (values['show-secrets'] ? hook : { ...hook, secret: hook.secret ? maskSecret(hook.secret) : null });
  return {
    list: async () => (await client().webhooks.list()).map(reveal),
    create: async () => {
      const events = list(required(values, 'events'));
      const unknown = events.filter((event) => !isDubEventName(event));
      if (unknown.length > 0) throw new UsageError(`Unknown Dub events: ${unknown.join(', ')}`);
      // A create prints the secret: the user needs it to verify deliveries.
      const { registration, outcome } = await dubHookRegistrar(client()).ensure({
        url: required(values, 'url'),
        triggers: events as DubEventName[],
        ...(values.name ? { name: values.name } : {}),
        scope: scopeOf(values),
      });
      return { outcome, hook: { id: registration.id, url: registration.url, secret: registration.secret } };
    },
    delete: async () => dubHookRegistrar(client()).remove(hookRef(values)),
  };
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
