import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findEntry, type CatalogueEntry, type NormalizedEvent } from '../../shared';
import type { Provider } from '../../shared/normalized/parts';

const SEEDS = join(__dirname, '..', 'fixtures', 'seeds');

/** The payloads quoted in the services' own docs (../shared/seeds), extracted verbatim as JSON files. */
export function seedPayloads(): { name: string; provider: Provider; body: string }[] {
  return readdirSync(SEEDS)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => ({ name, provider: name.startsWith('dub') ? 'dub' : 'linkly', body: readFileSync(join(SEEDS, name), 'utf8') }));
}

export function seedPayload(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SEEDS, name), 'utf8')) as Record<string, unknown>;
}

/** The catalogue's entry for an event the test relies on. */
export function catalogueEntry(provider: Provider, event: string): CatalogueEntry {
  const found = findEntry(provider, event);
  if (!found) throw new Error(`no catalogue entry for ${provider} ${event}`);
  return found;
}

/** What a trigger must emit for a delivery: the core's own normalization of the same body. */
export function normalizedBy(from: CatalogueEntry, body: unknown): NormalizedEvent {
  const outcome = from.parse(body);
  if (!outcome.ok) throw new Error(`the test's own ${from.event} body does not parse`);
  return outcome.event;
}

/**
 * A webhook object as Dub's `GET /webhooks` and `POST /webhooks` return it (`WebhookSchema`): one enabled hook on
 * sale.created, with no link scope and no integration install. Tests name the URL, secret and name they need.
 */
export function dubWebhookObject(fields: { url: string; secret: string; name: string } & Record<string, unknown>): Record<string, unknown> {
  return { id: 'wh_1', triggers: ['sale.created'], linkScope: null, disabledAt: null, installationId: null, ...fields };
}
