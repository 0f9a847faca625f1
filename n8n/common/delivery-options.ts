import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';
import { isOutputShape, type OutputShape } from '../../shared';
import { PROCESS_REDELIVERY_MEMORY_CAP } from './redelivery-memory';

export interface DeliveryOptions {
  output: OutputShape;
  dropBotClicks: boolean;
  skipRedeliveries: boolean;
  /** How many recent event ids to remember for skipping redeliveries. */
  redeliveryMemory: number;
}

export const DEFAULT_REDELIVERY_MEMORY = 1000;
const PROCESS_CAP_TEXT = PROCESS_REDELIVERY_MEMORY_CAP.toLocaleString('en-US');

/** The Options collection both triggers show. */
export const deliveryOptionsProperty: INodeProperties = {
  displayName: 'Options',
  name: 'options',
  type: 'collection',
  placeholder: 'Add option',
  default: {},
  options: [
    {
      displayName: 'Drop Bot Clicks',
      name: 'dropBotClicks',
      type: 'boolean',
      default: false,
      description: 'Whether to ignore clicks the service flags as coming from a bot (click events only)',
    },
    {
      displayName: 'Output',
      name: 'output',
      type: 'options',
      options: [
        {
          name: 'Normalized',
          value: 'normalized',
          description: 'The same fields whichever service sent the event',
        },
        {
          name: 'Normalized and Raw',
          value: 'both',
          description: 'The normalized fields, plus the delivery exactly as received under "raw"',
        },
        {
          name: 'Raw',
          value: 'raw',
          description: 'The delivery as the service sent it (one sent without an ID gets the event ID as "id")',
        },
      ],
      default: 'normalized',
      description: 'What each item holds',
    },
    {
      displayName: 'Redelivery Memory',
      name: 'redeliveryMemory',
      type: 'number',
      typeOptions: { minValue: 1, maxValue: PROCESS_REDELIVERY_MEMORY_CAP },
      default: DEFAULT_REDELIVERY_MEMORY,
      description:
        `How many of the latest event IDs this trigger emitted to remember for Skip Redeliveries, in this n8n process's memory. The memory starts empty whenever the trigger's webhook changes (the workflow is activated again with a new webhook, or a new signing secret is pasted), and all triggers in one n8n process together keep at most ${PROCESS_CAP_TEXT} IDs: beyond that, the memory of the trigger that received an event longest ago is emptied first.`,
    },
    {
      displayName: 'Skip Redeliveries',
      name: 'skipRedeliveries',
      type: 'boolean',
      default: true,
      description:
        "Whether to skip an event whose ID this trigger already emitted among its last Redelivery Memory events (1,000 by default) in this n8n process. A restart empties that memory, and in queue mode each webhook processor has its own, so a redelivery that reaches another processor, or comes after a restart, runs again. For exactly-once across restarts and processes, put n8n's Remove Duplicates node after this trigger (Remove Items Processed in Previous Executions, on the value {{ $json.id }}).",
    },
  ],
};

export function readDeliveryOptions(context: IWebhookFunctions): DeliveryOptions {
  const raw = context.getNodeParameter('options', {}) as IDataObject;
  const memory = Number(raw.redeliveryMemory);
  return {
    output: isOutputShape(raw.output) ? raw.output : 'normalized',
    dropBotClicks: raw.dropBotClicks === true,
    skipRedeliveries: raw.skipRedeliveries !== false,
    redeliveryMemory: Number.isInteger(memory) && memory >= 1 ? memory : DEFAULT_REDELIVERY_MEMORY,
  };
}
