import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { dubHookRegistrar, hookName, isDubEventName, sampleEvent, type CatalogueEntry, type DubEventName, type DubRegistration } from '../../shared';
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

/** The core's registrar decides everything (create, adopt, correct, replace a disabled hook); Zapier keeps the result. */
async function subscribe(z: ZObject, bundle: Bundle, entry: CatalogueEntry, event: DubEventName): Promise<DubSubscription> {
  const { registration } = await dubHookRegistrar(dubClientFor(z, bundle)).ensure({
    url: bundle.targetUrl ?? '',
    triggers: [event],
    name: hookName(`Zapier: ${entry.label}`),
    ...(event === 'link.clicked' ? { scope: linkScopeOf(bundle) } : {}),
  });
  return { ...registration, event };
}

/** By the kept id, or by the Zap's hook URL when none was kept; a hook already gone counts as removed. */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<{ removed: string[] }> {
  const kept = readSubscribeData(bundle, dubSubscription);
  const url = kept?.url ?? bundle.targetUrl;
  return dubHookRegistrar(dubClientFor(z, bundle)).remove({ ...(kept ? { id: kept.id } : {}), ...(url ? { url } : {}) });
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
