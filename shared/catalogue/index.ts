import { dubCatalogue } from '../dub/catalogue';
import { linklyCatalogue } from '../linkly/catalogue';
import type { Provider } from '../normalized/parts';
import type { CatalogueEntry } from './types';

/** Every event of every service. Platforms build their triggers from this list and nothing else. */
export const catalogue: Record<Provider, readonly CatalogueEntry[]> = {
  dub: Object.values(dubCatalogue),
  linkly: Object.values(linklyCatalogue),
};

/** The entry for a service's event name, or undefined for an event this connector does not know. */
export function findEntry(provider: Provider, event: string): CatalogueEntry | undefined {
  return catalogue[provider].find((entry) => entry.event === event);
}

export function findEntryByKey(provider: Provider, key: string): CatalogueEntry | undefined {
  return catalogue[provider].find((entry) => entry.key === key);
}
