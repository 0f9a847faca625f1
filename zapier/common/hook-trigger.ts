import type { InputFields, Trigger } from 'zapier-platform-core';
import type { CatalogueEntry, ReceivedEvent } from '../../shared';
import { withZapierErrors, type CredentialKind } from './api-errors';
import { NOUNS } from './nouns';
import type { Operation } from './operation';
import { chosenOutputFields, itemsInChosenShape, outputChoiceField } from './output-choice';
import { triggerOutput } from './trigger-output';

/** What a service supplies for one REST-hook trigger; everything the user sees comes from the catalogue entry. */
export interface HookOperations {
  /** Registers `bundle.targetUrl`; the answer (with an `id`) comes back as `bundle.subscribeData`. */
  subscribe: Operation<{ id: string }>;
  unsubscribe: Operation<object>;
  /** The delivered event with its payload; none when the delivery was refused. */
  perform: Operation<ReceivedEvent[]>;
  /** Recent real events in exactly perform's shape, for the Zap editor's samples. */
  list: Operation<ReceivedEvent[]>;
}

export interface HookTriggerSpec {
  entry: CatalogueEntry;
  credential: CredentialKind;
  operations: HookOperations;
  inputFields?: InputFields;
}

/** One catalogue entry → one instant trigger, whose items hold what the user chose in its Output field. */
export function hookTrigger({ entry, credential, operations, inputFields = [] }: HookTriggerSpec): Trigger {
  const { sample, outputFields } = triggerOutput(entry);
  const perform = operations.perform;
  const list = withZapierErrors(credential, operations.list);
  return {
    key: entry.key,
    noun: NOUNS[entry.trigger],
    display: { label: entry.label, description: entry.description },
    operation: {
      type: 'hook',
      inputFields: [...inputFields, outputChoiceField(entry.provider)],
      performSubscribe: withZapierErrors(credential, operations.subscribe),
      performUnsubscribe: withZapierErrors(credential, operations.unsubscribe),
      perform: async (z, bundle) => itemsInChosenShape(bundle, await perform(z, bundle)),
      performList: async (z, bundle) => itemsInChosenShape(bundle, await list(z, bundle)),
      sample,
      // One function, so that Raw advertises no normalized field a raw item lacks (Zapier adds static fields to it).
      outputFields: [chosenOutputFields(entry, outputFields, sample)],
    },
  };
}
