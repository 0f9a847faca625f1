import type { INodeParameterResourceLocator } from 'n8n-workflow';

/** One picker's value: a resource locator from the editor, or a plain id from an expression or the public API. */
export function pickedId(value: unknown): string | undefined {
  const raw = isResourceLocator(value) ? value.value : value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const id = String(raw).trim();
  return id === '' ? undefined : id;
}

/** The ids of a list of pickers (a fixed collection's entries, each holding one picker under `key`). */
export function pickedIds(entries: unknown, key: string): string[] {
  if (!Array.isArray(entries)) return [];
  const ids = entries.map((entry: unknown) => (entry && typeof entry === 'object' ? pickedId((entry as Record<string, unknown>)[key]) : undefined));
  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function isResourceLocator(value: unknown): value is INodeParameterResourceLocator {
  return typeof value === 'object' && value !== null && (value as { __rl?: unknown }).__rl === true;
}
