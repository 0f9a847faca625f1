import type { InputFields, Trigger } from 'zapier-platform-core';
import { catalogue } from '../../shared';
import { hookTrigger } from '../common/hook-trigger';
import { dubHookOperations } from './hook-operations';
import { linkScopeFields } from './link-scope';
import { dubPostbackTriggers } from './postback-triggers';
import { folderListTrigger, linkListTrigger } from './pickers';
import { DUB_CREDENTIAL } from './settings';

/**
 * What Zapier's immediate answer means for payout.confirmed (../shared/reference/dub.md, "payout.confirmed and
 * external payouts"): Dub marks an external payout completed on the first 2xx, and Zapier answers on receipt.
 */
export const payoutAnswerNotice: InputFields = [
  {
    key: 'payout_answer_notice',
    type: 'copy',
    helpText:
      '**Dub treats this payout as paid once Zapier receives it.** For payouts in external mode, Dub marks the payout ' +
      'completed as soon as the event reaches Zapier, and Zapier accepts it at once, before any step of your Zap runs; ' +
      'Dub marks it failed only when every delivery attempt fails. A Zap that fails afterwards tells Dub nothing: check ' +
      'your Zap history, and use the Payout ID as your payment step\'s idempotency key so that a redelivery never pays twice.',
  },
];

/**
 * One instant trigger per Dub event in the catalogue, then one per partner postback event (static hooks), plus the
 * hidden lists behind Link Clicked's pickers.
 */
export function dubTriggers(): Record<string, Trigger> {
  const triggers: Record<string, Trigger> = {};
  for (const entry of catalogue.dub) {
    triggers[entry.key] = hookTrigger({
      entry,
      credential: DUB_CREDENTIAL,
      operations: dubHookOperations(entry),
      ...(entry.event === 'link.clicked' ? { inputFields: linkScopeFields } : {}),
      ...(entry.event === 'payout.confirmed' ? { inputFields: payoutAnswerNotice } : {}),
    });
  }
  Object.assign(triggers, dubPostbackTriggers());
  for (const picker of [folderListTrigger, linkListTrigger]) triggers[picker.key] = picker;
  return triggers;
}
