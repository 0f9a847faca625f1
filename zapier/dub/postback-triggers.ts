import type { Bundle, PlainInputField, Trigger, ZObject } from 'zapier-platform-core';
import { dubPostbackCatalogue, dubPostbackService, type CatalogueEntry, type ReceivedEvent } from '../../shared';
import { deliveryPerform } from '../common/delivery-perform';
import { NOUNS } from '../common/nouns';
import { chosenOutputFields, itemsInChosenShape, outputChoiceField } from '../common/output-choice';
import { triggerOutput } from '../common/trigger-output';

export const POSTBACK_SECRET_KEY = 'postback_secret';

/**
 * Dub's partner postbacks as Zapier static hooks: the partner pastes the URL Zapier shows for the Zap into Dub's
 * partner dashboard and the postback's secret into the Zap. Postbacks are not in Dub's public API, so there is
 * nothing to subscribe; every delivery is checked with the pasted secret by the core's Dub-Signature check.
 */
const postbackFields: PlainInputField[] = [
  {
    key: 'postback_setup',
    type: 'copy',
    helpText:
      "**For partners in a Dub program.** In Dub's partner dashboard (Profile → Postbacks → Add Postback), paste the " +
      'webhook URL Zapier shows for this Zap, choose this event, and paste below the signing secret Dub then shows ' +
      '(it starts with `pbsec_`). Deliveries not signed with it are ignored.',
  },
  {
    key: POSTBACK_SECRET_KEY,
    label: 'Postback Signing Secret',
    type: 'password',
    required: true,
    helpText: "The secret Dub shows for the postback (`pbsec_…`), in the partner dashboard's postback details.",
  },
];

function pastedSecret(bundle: Bundle): string | undefined {
  const value: unknown = bundle.inputData?.[POSTBACK_SECRET_KEY];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Dub keeps no list of past postbacks that a partner could read: Zapier then offers the static sample. */
async function noRecentPostbacks(z: ZObject): Promise<ReceivedEvent[]> {
  z.console.log('Dub has no list of past postbacks to show; Zapier offers the built-in sample instead.');
  return [];
}

function postbackTrigger(entry: CatalogueEntry): Trigger {
  const { sample, outputFields } = triggerOutput(entry);
  const perform = deliveryPerform(entry, pastedSecret, dubPostbackService);
  return {
    key: entry.key,
    noun: NOUNS[entry.trigger],
    display: { label: entry.label, description: entry.description },
    operation: {
      // A static hook: no performSubscribe, so Zapier shows the Zap's URL for the user to paste.
      type: 'hook',
      inputFields: [...postbackFields, outputChoiceField('dub')],
      perform: async (z, bundle) => itemsInChosenShape(bundle, await perform(z, bundle)),
      performList: async (z, bundle) => itemsInChosenShape(bundle, await noRecentPostbacks(z)),
      sample,
      outputFields: [chosenOutputFields(entry, outputFields, sample)],
    },
  };
}

/** One static-hook trigger per postback event. */
export function dubPostbackTriggers(): Record<string, Trigger> {
  return Object.fromEntries(Object.values(dubPostbackCatalogue).map((entry) => [entry.key, postbackTrigger(entry)]));
}
