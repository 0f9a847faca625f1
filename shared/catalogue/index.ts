import { dubCatalogue } from '../dub/catalogue';
import { dubPostbackEvents, type DubPostbackEventName } from '../dub/postbacks';
import { linklyCatalogue } from '../linkly/catalogue';
import type { NormalizedOf } from '../normalized/outputs';
import type { Provider, TriggerKind } from '../normalized/parts';
import { samples } from './samples';
import type { CatalogueEntry, EventEntry } from './types';

/**
 * Every event of every service, each with its sample. Platforms build their triggers from this list and nothing
 * else; the n8n packages, which show no samples, use the services' own catalogues (dubCatalogue, linklyCatalogue).
 */
export const catalogue: Record<Provider, readonly CatalogueEntry[]> = {
  dub: Object.values(dubCatalogue).map((entry) => withSample(entry, samples.dub[entry.event as keyof typeof samples.dub])),
  linkly: Object.values(linklyCatalogue).map((entry) => withSample(entry, samples.linkly[entry.event as keyof typeof samples.linkly])),
};

/** The entry for a service's event name, or undefined for an event this connector does not know. */
export function findEntry(provider: Provider, event: string): CatalogueEntry | undefined {
  return catalogue[provider].find((entry) => entry.event === event);
}

export function findEntryByKey(provider: Provider, key: string): CatalogueEntry | undefined {
  return catalogue[provider].find((entry) => entry.key === key);
}

/** Dub's partner postback events with their samples, keyed by Dub's name (Zapier's static hooks, the tests). */
export const dubPostbackCatalogue = Object.fromEntries(
  Object.entries(dubPostbackEvents).map(([event, entry]) => [event, withSample(entry, samples.dubPostback[event as DubPostbackEventName])]),
) as { [E in DubPostbackEventName]: CatalogueEntry<(typeof dubPostbackEvents)[E]['trigger']> };

/** An event with its sample; the sample must read whole (the catalogue tests hold every one to it). */
function withSample<K extends TriggerKind>(entry: EventEntry<K>, sample: unknown): CatalogueEntry<K> {
  return {
    ...entry,
    sample,
    normalizedSample() {
      const outcome = entry.parse(sample);
      if (!outcome.ok || outcome.event.unreadFields.length > 0) {
        const why = outcome.ok ? JSON.stringify(outcome.event.unreadFields) : outcome.reason;
        throw new Error(`The ${entry.provider} sample of ${entry.event} does not read whole: ${why}`);
      }
      return outcome.event as NormalizedOf<K>;
    },
  };
}
