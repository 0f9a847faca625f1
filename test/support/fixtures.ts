import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
