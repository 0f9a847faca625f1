import type { Trigger } from 'zapier-platform-core';
import { catalogue } from '../../shared';
import { hookTrigger } from '../common/hook-trigger';
import { dubHookOperations } from './hook-operations';
import { linkScopeFields } from './link-scope';
import { folderListTrigger, linkListTrigger } from './pickers';
import { DUB_CREDENTIAL } from './settings';

/** One instant trigger per Dub event in the catalogue, plus the hidden lists behind Link Clicked's pickers. */
export function dubTriggers(): Record<string, Trigger> {
  const triggers: Record<string, Trigger> = {};
  for (const entry of catalogue.dub) {
    triggers[entry.key] = hookTrigger({
      entry,
      credential: DUB_CREDENTIAL,
      operations: dubHookOperations(entry),
      ...(entry.event === 'link.clicked' ? { inputFields: linkScopeFields } : {}),
    });
  }
  for (const picker of [folderListTrigger, linkListTrigger]) triggers[picker.key] = picker;
  return triggers;
}
