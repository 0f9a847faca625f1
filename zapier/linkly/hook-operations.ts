import type { Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { newUrlToken, sampleEvent, withUrlToken, type CatalogueEntry } from '../../shared';
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
type LinklySubscription = zod.infer<typeof linklySubscription>;

/**
 * Linkly signs nothing, so each Zap registers its hook URL with a fresh secret token in it; perform refuses any
 * request whose URL does not carry that token.
 */
export function linklyHookOperations(entry: CatalogueEntry): HookOperations {
  return {
    subscribe,
    unsubscribe,
    perform: deliveryPerform(entry, (bundle) => readSubscribeData(bundle, linklySubscription)?.token),
    list: (z, bundle) => recentSamples(z, bundle, entry),
  };
}

async function subscribe(z: ZObject, bundle: Bundle): Promise<LinklySubscription> {
  const token = newUrlToken();
  const linkId = chosenLinkId(bundle);
  const target = linkId === undefined ? {} : { linkId };
  const { hook } = await linklyClientFor(z, bundle).webhooks.subscribe(withUrlToken(bundle.targetUrl ?? '', token), target);
  return { id: hook.id, url: hook.url, token, ...target };
}

/** Removes the hook from where it was registered; one already gone counts as removed. */
async function unsubscribe(z: ZObject, bundle: Bundle): Promise<{ id: string; alreadyGone: boolean }> {
  const subscription = readSubscribeData(bundle, linklySubscription);
  if (!subscription) return { id: '', alreadyGone: true };
  const target = subscription.linkId === undefined ? {} : { linkId: subscription.linkId };
  const { alreadyGone } = await linklyClientFor(z, bundle).webhooks.unsubscribe(subscription.id, target);
  return { id: subscription.id, alreadyGone };
}

async function recentSamples(z: ZObject, bundle: Bundle, entry: CatalogueEntry) {
  const linkId = chosenLinkId(bundle);
  const recent = await recentLinklyClicks(linklyClientFor(z, bundle), { limit: SAMPLE_COUNT, ...(linkId === undefined ? {} : { linkId }) });
  if (recent.skipped > 0) z.console.log(`Skipped ${recent.skipped} recent Linkly click record(s) that could not be read.`);
  return recent.events.length > 0 ? recent.events : [sampleEvent(entry)];
}
