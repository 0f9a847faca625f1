import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { RecentIds } from '../../shared';
import { readHookState } from './static-data';

/**
 * "Skip Redeliveries": the event ids each registered hook's trigger emitted, in this n8n process only.
 *
 * Keyed per registered hook, not per workflow: a test listen registers a second hook for the same node (its own
 * static data, hook id and secret), and the service sends the same event id to both. Sharing one memory would let
 * the test swallow production's delivery, or production the test's, and the test's delete() empty production's.
 *
 * Kept in memory, never in static data: n8n loads a production workflow's static data when a request starts and
 * saves it whole when it ends, so ids written here would overwrite the hook id and secret create() stores (and each
 * other, across concurrent requests and webhook processors).
 */
const memories = new Map<string, RecentIds>();

/** The parts of n8n's (Express) response this file reads: the answer n8n finally sent. */
interface AnsweredResponse {
  statusCode?: number;
  once?(event: 'finish', listener: () => void): unknown;
}

/** The registration a delivery came through: its hook id (automatic), or its URL (manual: production or test). */
function registrationKey(context: IHookFunctions | IWebhookFunctions, webhookUrl: string | undefined): string {
  const { hookId } = readHookState(context);
  const hook = hookId !== undefined ? `hook:${hookId}` : `url:${webhookUrl ?? ''}`;
  return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${hook}`;
}

export interface RedeliveryMemory {
  /** True when this hook's trigger already emitted `id` (and n8n took the execution over) in this process. */
  emitted(id: string): boolean;
  /**
   * Remembers `id` once n8n has answered this delivery with a 2xx. With "respond immediately" n8n answers only after
   * it has created the execution and started it (or, in queue mode, put it in Redis for a worker), so a remembered id
   * always ran. An answer that failed (n8n could not start the execution, the sender hung up) remembers nothing: the
   * service's retry of it must run.
   */
  rememberWhenHandedOver(id: string): void;
}

export function redeliveryMemory(context: IWebhookFunctions, capacity: number): RedeliveryMemory {
  // The URL n8n served this request on: the test URL during a test listen, as delete() sees it too.
  const key = registrationKey(context, context.getWebhookResourceUrl('default') ?? context.getNodeWebhookUrl('default'));
  let memory = memories.get(key);
  if (!memory || memory.capacity !== capacity) {
    memory = new RecentIds(capacity);
    memories.set(key, memory);
  }
  const ids = memory;
  return {
    emitted: (id) => ids.has(id),
    rememberWhenHandedOver(id) {
      const response = context.getResponseObject() as AnsweredResponse;
      response.once?.('finish', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) ids.remember(id);
      });
    },
  };
}

/** Called by delete(): forgets the memory of the hook being removed, and only that one. */
export function forgetRecentDeliveries(context: IHookFunctions): void {
  memories.delete(registrationKey(context, context.getNodeWebhookUrl('default')));
}
