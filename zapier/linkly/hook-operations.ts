import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { linklyHookRegistrar, type CatalogueEntry, type LinklyRegistration, type ReceivedEvent } from '../../shared';
import { recentLinklyClicks } from '../../shared/linkly/recent-deliveries';
import { deliveryPerform } from '../common/delivery-perform';
import type { HookOperations } from '../common/hook-trigger';
import { readSubscribeData } from '../common/subscribe-data';
import { linklyClientFor } from './client';
import { chosenLinkId } from './link-filter';

const SAMPLE_COUNT = 3;

const linklySubscription = zod.looseObject({
  id: zod.string().min(1),
  url: zod.string(),
  token: zod.string().min(1),
  linkId: zod.string().optional(),
});

/**
 * Linkly signs nothing, so each Zap registers its hook URL with a fresh secret token in it; perform refuses any
 * request whose URL does not carry that token.
 */
export function linklyHookOperations(entry: CatalogueEntry): HookOperations {
  return {
    subscribe,
    unsubscribe,
    perform: deliveryPerform(entry, (bundle) => readSubscribeData(bundle, linklySubscription)?.token),
    list: entry.trigger === 'click' ? recentSamples : noRecentLinkEvents(entry),
  };
}

/** Linkly keeps no history of link events to draw samples from: Zapier offers the built-in sample instead. */
function noRecentLinkEvents(entry: CatalogueEntry) {
  return async (z: ZObject): Promise<ReceivedEvent[]> => {
    z.console.log(`Linkly keeps no history of "${entry.event}" events; Zapier offers the built-in sample instead.`);
    return [];
  };
}

/**
 * The core's registrar removes what an earlier subscribe of this Zap left, then registers; Zapier keeps the result.
 * A link trigger has no link field, so its hook is the workspace's (where Linkly posts link events).
 */
async function subscribe(z: ZObject, bundle: Bundle): Promise<LinklyRegistration> {
  const linkId = chosenLinkId(bundle);
  const { registration } = await linklyHookRegistrar(linklyClientFor(z, bundle)).ensure({
    receiverUrl: bundle.targetUrl ?? '',
    target: linkId === undefined ? {} : { linkId },
  });
  return registration;
}

/** Removes the hook where it was registered, by id or URL, else what is ours at the Zap's URL; gone counts as removed. */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<{ removed: number }> {
  const kept = readSubscribeData(bundle, linklySubscription);
  const linkId = kept?.linkId ?? chosenLinkId(bundle);
  return linklyHookRegistrar(linklyClientFor(z, bundle)).remove({
    ...(kept ? { id: kept.id, url: kept.url } : {}),
    ...(bundle.targetUrl ? { receiverUrl: bundle.targetUrl } : {}),
    target: linkId === undefined ? {} : { linkId },
  });
}

async function recentSamples(z: ZObject, bundle: Bundle) {
  const linkId = chosenLinkId(bundle);
  const recent = await recentLinklyClicks(linklyClientFor(z, bundle), { limit: SAMPLE_COUNT, ...(linkId === undefined ? {} : { linkId }) });
  if (recent.skipped > 0) z.console.log(`Skipped ${recent.skipped} recent Linkly click record(s) that could not be read.`);
  // Nothing recent: an empty answer, so Zapier offers its static sample as a sample (see the Dub app's performList).
  if (recent.events.length === 0) z.console.log(`No recent Linkly click in the last week; Zapier offers the built-in sample instead.`);
  return recent.events;
}
