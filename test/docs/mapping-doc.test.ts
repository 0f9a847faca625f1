import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { outputFieldsOf } from '../../shared/normalized/output-fields';
import { outputSchemas } from '../../shared/normalized/outputs';

const doc = readFileSync(join(__dirname, '..', '..', 'docs', 'normalized-events.md'), 'utf8');

/** A field is documented when its key, or its group as `group.*`, appears in backticks. */
function documented(key: string): boolean {
  const [group] = key.split('.');
  return doc.includes(`\`${key}\``) || doc.includes(`\`${group}.*\``);
}

describe('docs/normalized-events.md', () => {
  it.each(Object.entries(outputSchemas))('documents every field of the %s output', (_kind, schema) => {
    const missing = outputFieldsOf(schema).map((field) => field.key).filter((key) => !documented(key));
    expect(missing).toEqual([]);
  });
});
