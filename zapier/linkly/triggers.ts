import type { Trigger } from 'zapier-platform-core';
import { catalogue } from '../../shared';
import { hookTrigger } from '../common/hook-trigger';
import { linklyHookOperations } from './hook-operations';
import { linkFilterFields } from './link-filter';
import { linkListTrigger } from './pickers';

/** Linkly's catalogue (its one click event) as instant triggers, plus the hidden list behind the link dropdown. */
export function linklyTriggers(): Record<string, Trigger> {
  const triggers: Record<string, Trigger> = {};
  for (const entry of catalogue.linkly) {
    triggers[entry.key] = hookTrigger({ entry, credential: 'api_key', operations: linklyHookOperations(entry), inputFields: linkFilterFields });
  }
  triggers[linkListTrigger.key] = linkListTrigger;
  return triggers;
}
