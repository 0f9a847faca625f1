import type { Trigger } from 'zapier-platform-core';
import { catalogue } from '../../shared';
import { hookTrigger } from '../common/hook-trigger';
import { linklyHookOperations } from './hook-operations';
import { linkFilterFields } from './link-filter';
import { linkListTrigger } from './pickers';

/**
 * Linkly's catalogue (clicks and link events) as instant triggers, plus the hidden list behind the link dropdown. Only
 * clicks can be narrowed to one link: link events come through the workspace's hook.
 */
export function linklyTriggers(): Record<string, Trigger> {
  const triggers: Record<string, Trigger> = {};
  for (const entry of catalogue.linkly) {
    const inputFields = entry.trigger === 'click' ? linkFilterFields : [];
    triggers[entry.key] = hookTrigger({ entry, credential: 'api_key', operations: linklyHookOperations(entry), inputFields });
  }
  triggers[linkListTrigger.key] = linkListTrigger;
  return triggers;
}
