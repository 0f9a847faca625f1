import type { Bundle } from 'zapier-platform-core';
import type { z as zod } from 'zod/v4';

/** What performSubscribe stored, read back with its schema; undefined when Zapier has nothing usable. */
export function readSubscribeData<T>(bundle: Bundle, schema: zod.ZodType<T>): T | undefined {
  const result = schema.safeParse(bundle.subscribeData);
  return result.success ? result.data : undefined;
}
