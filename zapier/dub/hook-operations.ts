import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { ApiError, hookName, isDubEventName, sampleEvent, type CatalogueEntry, type DubEventName } from '../../shared';
import { recentDubEvents } from '../../shared/dub/recent-deliveries';
import { deliveryPerform } from '../common/delivery-perform';
import type { HookOperations } from '../common/hook-trigger';
import { readSubscribeData } from '../common/subscribe-data';
import { dubClientFor } from './client';
import { linkScopeOf } from './link-scope';

/** How many recent events the Zap editor is offered as samples. */
const SAMPLE_COUNT = 3;

const dubSubscription = zod.looseObject({ id: zod.string().min(1), secret: zod.string().min(1) });
type DubSubscription = zod.infer<typeof dubSubscription> & { event: DubEventName; url: string };

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

async function subscribe(z: ZObject, bundle: Bundle, entry: CatalogueEntry, event: DubEventName): Promise<DubSubscription> {
  const client = dubClientFor(z, bundle);
  const { hook } = await client.webhooks.subscribe({
    url: bundle.targetUrl ?? '',
    triggers: [event],
    name: hookName(`Zapier: ${entry.label}`),
    ...(event === 'link.clicked' ? { scope: linkScopeOf(bundle) } : {}),
  });
  if (!hook.secret) {
    // Without the secret no delivery could be verified; leave nothing behind and say so.
    await client.webhooks.unsubscribe(hook.id);
    throw new ApiError('dub', 'unexpected', 'Dub created the webhook but returned no signing secret, so its deliveries could not be verified. Try turning the Zap on again.');
  }
  return { id: hook.id, secret: hook.secret, event, url: hook.url };
}

/** A hook that is already gone (deleted in Dub's dashboard, or by an earlier try) counts as removed. */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<{ id: string; alreadyGone: boolean }> {
  const id = bundle.subscribeData?.id;
  if (!id) return { id: '', alreadyGone: true };
  const { alreadyGone } = await dubClientFor(z, bundle).webhooks.unsubscribe(id);
  return { id, alreadyGone };
}

async function recentSamples(z: ZObject, bundle: Bundle, entry: CatalogueEntry, event: DubEventName) {
  const recent = await recentDubEvents(dubClientFor(z, bundle), event, SAMPLE_COUNT);
  if (recent && recent.skipped > 0) z.console.log(`Skipped ${recent.skipped} recent Dub record(s) that did not read as "${entry.event}".`);
  return recent && recent.events.length > 0 ? recent.events : [sampleEvent(entry)];
}

function dubEventOf(entry: CatalogueEntry): DubEventName {
  if (!isDubEventName(entry.event)) throw new Error(`"${entry.event}" is not a Dub event.`);
  return entry.event;
}
