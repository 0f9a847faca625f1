import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import {
  disabledHookToKeep,
  dubHookRegistrar,
  guardDisabledHook,
  keptAtRemovalMessage,
  hookName,
  isDubEventName,
  type CatalogueEntry,
  type DubEventName,
  type DubRegistration,
  type ReceivedEvent,
} from '../../shared';
import { recentDubEvents } from '../../shared/dub/recent-deliveries';
import { deliveryPerform } from '../common/delivery-perform';
import type { HookOperations } from '../common/hook-trigger';
import { readSubscribeData } from '../common/subscribe-data';
import { dubClientFor } from './client';
import { linkScopeOf } from './link-scope';

/** How many recent events the Zap editor is offered as samples. */
const SAMPLE_COUNT = 3;

const dubSubscription = zod.looseObject({ id: zod.string().min(1), secret: zod.string().min(1), url: zod.string().optional() });
type DubSubscription = DubRegistration & { event: DubEventName };

/** Every Dub trigger's lifecycle: one hook per Zap, subscribed to exactly the trigger's event. */
export function dubHookOperations(entry: CatalogueEntry): HookOperations {
  const event = dubEventOf(entry);
  return {
    subscribe: (z, bundle) => subscribe(z, bundle, entry, event),
    unsubscribe,
    perform: deliveryPerform(entry, (bundle) => readSubscribeData(bundle, dubSubscription)?.secret),
    list: (z, bundle) => recentSamples(z, bundle, entry, event),
  };
}

/**
 * The core's registrar decides everything (create, adopt, correct, replace a disabled hook); Zapier keeps the result.
 * Over a hook Dub disabled whose log holds undelivered events, the core's guard parks it and refuses this turn-on with
 * what waits and how to replay it (Zapier cannot run them: performSubscribe emits nothing); turning on again proceeds.
 */
async function subscribe(z: ZObject, bundle: Bundle, entry: CatalogueEntry, event: DubEventName): Promise<DubSubscription> {
  const client = dubClientFor(z, bundle);
  const { registration } = await dubHookRegistrar(client).ensure(
    {
      url: bundle.targetUrl ?? '',
      triggers: [event],
      name: hookName(`Zapier: ${entry.label}`),
      ...(event === 'link.clicked' ? { scope: linkScopeOf(bundle) } : {}),
    },
    undefined,
    {
      beforeReplacingDisabled: async (hook, park) => {
        const { note } = await guardDisabledHook(client, hook, park, 'Turn the Zap on again');
        z.console.log(note);
      },
    },
  );
  return { ...registration, event };
}

/**
 * By the kept id, or by the Zap's hook URL when none was kept; a hook already gone counts as removed. A hook Dub
 * disabled whose log holds undelivered events is left in Dub instead (the core decides), and the Zap log says so.
 */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<{ removed: string[]; kept?: string[] }> {
  const kept = readSubscribeData(bundle, dubSubscription);
  const url = kept?.url ?? bundle.targetUrl;
  const client = dubClientFor(z, bundle);
  return dubHookRegistrar(client).remove(
    { ...(kept ? { id: kept.id } : {}), ...(url ? { url } : {}) },
    {
      keepIf: async (id) => {
        const { keep, waiting, note } = await disabledHookToKeep(client, id);
        if (note) z.console.log(note);
        if (waiting) z.console.log(keptAtRemovalMessage(waiting, 'Turning the Zap on again'));
        return keep;
      },
    },
  );
}

/**
 * Real recent data only. Where Dub has no list for the event, or nothing recent, the answer is empty: Zapier then
 * says it found no recent item and offers the trigger's static sample, which it shows as a sample (its documented
 * fall-back), instead of our passing the built-in example off as the workspace's data.
 */
async function recentSamples(z: ZObject, bundle: Bundle, entry: CatalogueEntry, event: DubEventName): Promise<ReceivedEvent[]> {
  const filter = event === 'link.clicked' ? { scope: linkScopeOf(bundle) } : {};
  const recent = await recentDubEvents(dubClientFor(z, bundle), event, SAMPLE_COUNT, filter);
  if (!recent) {
    z.console.log(`Dub has no list of past "${entry.event}" events, so there is no recent one to show; Zapier offers the built-in sample instead.`);
    return [];
  }
  if (recent.skipped > 0) z.console.log(`Skipped ${recent.skipped} recent Dub record(s) that did not read as "${entry.event}".`);
  if (recent.events.length === 0) z.console.log(`No recent "${entry.event}" in this Dub workspace; Zapier offers the built-in sample instead.`);
  return recent.events;
}

function dubEventOf(entry: CatalogueEntry): DubEventName {
  if (!isDubEventName(entry.event)) throw new Error(`"${entry.event}" is not a Dub event.`);
  return entry.event;
}
