import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { RecentIds } from '../../shared';

/**
 * The event ids each trigger saw recently, per workflow and node, in this n8n process. Memory only: n8n answers
 * the sender before the workflow runs, so the only duplicates are a service's own retries, which come soon.
 */
const memories = new Map<string, RecentIds>();

function keyOf(context: IHookFunctions | IWebhookFunctions): string {
  return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

/** True when `id` was delivered recently to this trigger; otherwise remembers it. */
export function isRedelivery(context: IWebhookFunctions, id: string, capacity: number): boolean {
  const key = keyOf(context);
  let memory = memories.get(key);
  if (!memory || memory.capacity !== capacity) {
    memory = new RecentIds(capacity);
    memories.set(key, memory);
  }
  return memory.seenBefore(id);
}

/** Called when the hook is removed, so a deactivated workflow holds no memory. */
export function forgetRecentDeliveries(context: IHookFunctions): void {
  memories.delete(keyOf(context));
}
