import { parseArgs } from 'node:util';
import type { Provider } from '../normalized/parts';
import { UsageError } from './io';

/** Every flag any command takes; each command reads the ones it documents. */
export const OPTIONS = {
  provider: { type: 'string' },
  secret: { type: 'string' },
  signature: { type: 'string' },
  url: { type: 'string' },
  postback: { type: 'boolean' },
  'base-url': { type: 'string' },
  events: { type: 'string' },
  name: { type: 'string' },
  'link-ids': { type: 'string' },
  'folder-ids': { type: 'string' },
  'link-id': { type: 'string' },
  id: { type: 'string' },
  'show-secrets': { type: 'boolean' },
  to: { type: 'string' },
  since: { type: 'string' },
  'dry-run': { type: 'boolean' },
  port: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type ParsedOptions = ReturnType<typeof parseCli>['values'];

export function parseCli(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export function providerOption(values: ParsedOptions): Provider {
  const provider = values.provider;
  if (provider === 'dub' || provider === 'linkly') return provider;
  throw new UsageError(provider === undefined ? '--provider dub|linkly is required' : `--provider must be dub or linkly, not "${provider}"`);
}

export function required(values: ParsedOptions, name: 'url' | 'events' | 'id'): string {
  const value = values[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

export function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((item) => item.trim()).filter(Boolean);
}
