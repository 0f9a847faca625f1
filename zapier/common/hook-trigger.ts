import type { InputFields, Trigger } from 'zapier-platform-core';
import type { CatalogueEntry, NormalizedEvent } from '../../shared';
import { withZapierErrors, type CredentialKind } from './api-errors';
import { NOUNS } from './nouns';
import type { Operation } from './operation';
import { triggerOutput } from './trigger-output';

/** What a service supplies for one REST-hook trigger; everything the user sees comes from the catalogue entry. */
export interface HookOperations {
  /** Registers `bundle.targetUrl`; the answer (with an `id`) comes back as `bundle.subscribeData`. */
  subscribe: Operation<{ id: string }>;
  unsubscribe: Operation<object>;
  perform: Operation<NormalizedEvent[]>;
  /** Recent real events in exactly perform's shape, for the Zap editor's samples. */
  list: Operation<NormalizedEvent[]>;
}

export interface HookTriggerSpec {
  entry: CatalogueEntry;
  credential: CredentialKind;
  operations: HookOperations;
  inputFields?: InputFields;
}

/** One catalogue entry → one instant trigger. */
export function hookTrigger({ entry, credential, operations, inputFields = [] }: HookTriggerSpec): Trigger {
  return {
    key: entry.key,
    noun: NOUNS[entry.trigger],
    display: { label: entry.label, description: entry.description },
    operation: {
      type: 'hook',
      inputFields,
      performSubscribe: withZapierErrors(credential, operations.subscribe),
      performUnsubscribe: withZapierErrors(credential, operations.unsubscribe),
      perform: operations.perform,
      performList: withZapierErrors(credential, operations.list),
      ...triggerOutput(entry),
    },
  };
}
