import { triggerOutputFields, type CatalogueEntry } from '../../shared';

/**
 * Asserts an item has the fields of the entry's delivered events at every depth. A null stands for a nullable
 * object that is absent in this event, so beneath a null nothing is compared; free-form objects (`metadata`,
 * `click.params`) hold data rather than fields, so only their presence counts. Everything else must match key for key.
 */
export function expectSameShape(entry: CatalogueEntry, actual: unknown, expected: unknown): void {
  const freeForm = new Set(triggerOutputFields(entry.trigger).filter((field) => field.type === 'object' && !field.list).map((field) => field.key));
  compare(actual, expected, '', freeForm);
}

function compare(actual: unknown, expected: unknown, path: string, freeForm: Set<string>): void {
  if (freeForm.has(path) || !isPlainObject(actual) || !isPlainObject(expected)) return;
  expect({ path, keys: Object.keys(actual).sort() }).toEqual({ path, keys: Object.keys(expected).sort() });
  for (const key of Object.keys(expected)) compare(actual[key], expected[key], path ? `${path}.${key}` : key, freeForm);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
