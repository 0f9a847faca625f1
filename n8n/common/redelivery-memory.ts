import type { IHookFunctions, IWebhookFunctions } from 'n8n-workflow';
import { RecentIds } from '../../shared';
import { readHookState, type VerifyingHook } from './static-data';
import { channelOf, type Channel } from './webhook-url';

/**
 * "Skip Redeliveries": the event ids each trigger emitted, in this n8n process only.
 *
 * One memory per trigger node and channel (production, or a test listen from the editor), belonging to the hook it
 * was filled through. A test listen registers a second hook for the same node (its own static data, hook id and
 * secret) and the service sends the same event id to both: sharing one memory would let the test swallow
 * production's delivery, or production the test's.
 *
 * Bounded twice. A node's memory is dropped as soon as a delivery comes through another hook than the one that filled
 * it (re-activation, a new secret): delete() alone cannot free it, since in queue mode webhook processors never run
 * delete(). And all memories of the process together hold at most PROCESS_REDELIVERY_MEMORY_CAP ids: beyond it, the
 * memory used longest ago is dropped whole (a workflow deleted or never delivered to again).
 *
 * Kept in memory, never in static data: n8n loads a production workflow's static data when a request starts and
 * saves it whole when it ends, so ids written there would overwrite the hook id and secret create() stores (and each
 * other, across concurrent requests and webhook processors).
 */

/** Every trigger of the process together remembers at most this many event ids (about 20 MB at worst). */
export const PROCESS_REDELIVERY_MEMORY_CAP = 100_000;

interface NodeMemory {
  /** The hook this memory was filled through: its id, or (registered by hand) the secret it was verified with. */
  registration: string;
  /** Production only: the URL n8n serves it on, which is how a manual registration's delete() is told apart. */
  productionUrl?: string;
  ids: RecentIds;
}

/** The memories of one process, least recently used first; capped in total. */
export class RedeliveryMemories {
  private readonly memories = new Map<string, NodeMemory>();
  private remembered = 0;

  constructor(readonly cap: number) {}

  /** The memory for `key` filled through `registration`; a memory of another registration is dropped first. */
  open(key: string, registration: string, wanted: number, productionUrl?: string): NodeMemory {
    // One memory never holds more than all of them may.
    const capacity = Math.min(wanted, this.cap);
    let memory = this.memories.get(key);
    if (memory && (memory.registration !== registration || memory.ids.capacity !== capacity)) {
      this.drop(key);
      memory = undefined;
    }
    memory ??= { registration, ids: new RecentIds(capacity), ...(productionUrl === undefined ? {} : { productionUrl }) };
    // Re-inserted: the Map's order is the order of use.
    this.memories.delete(key);
    this.memories.set(key, memory);
    return memory;
  }

  /** Remembers `id` in `memory` (if that memory is still held), then drops the least recently used beyond the cap. */
  remember(key: string, memory: NodeMemory, id: string): void {
    if (this.memories.get(key) !== memory) return;
    const before = memory.ids.size;
    memory.ids.remember(id);
    this.remembered += memory.ids.size - before;
    for (const [oldest] of this.memories) {
      if (this.remembered <= this.cap) break;
      if (oldest !== key) this.drop(oldest);
    }
  }

  /** Drops the memories of `prefix` (one node) that `matches` picks. */
  forget(prefix: string, matches: (channel: Channel, memory: NodeMemory) => boolean): void {
    for (const channel of ['production', 'test'] as const) {
      const memory = this.memories.get(`${prefix}${channel}`);
      if (memory && matches(channel, memory)) this.drop(`${prefix}${channel}`);
    }
  }

  memoryOf(prefix: string, channel: Channel): NodeMemory | undefined {
    return this.memories.get(`${prefix}${channel}`);
  }

  /** How many event ids the process holds in all. */
  get size(): number {
    return this.remembered;
  }

  private drop(key: string): void {
    const memory = this.memories.get(key);
    if (!memory) return;
    this.remembered -= memory.ids.size;
    this.memories.delete(key);
  }
}

const processMemories = new RedeliveryMemories(PROCESS_REDELIVERY_MEMORY_CAP);

/** How many event ids Skip Redeliveries holds in this process, over every trigger. */
export function rememberedIdsInProcess(): number {
  return processMemories.size;
}

/** The parts of n8n's (Express) response this file reads: the answer n8n finally sent. */
interface AnsweredResponse {
  statusCode?: number;
  once?(event: 'finish', listener: () => void): unknown;
}

function nodePrefix(context: IHookFunctions | IWebhookFunctions): string {
  return `${context.getWorkflow().id ?? ''}:${context.getNode().id}:`;
}

export interface RedeliveryMemory {
  /** True when this hook's trigger already emitted `id` (and n8n took the execution over) in this process. */
  emitted(id: string): boolean;
  /**
   * Remembers `id` once n8n has answered this delivery with a 2xx. With "respond immediately" n8n 2.x answers only
   * after it has created the execution and started it (or, in queue mode, put it in Redis for a worker), so a
   * remembered id always ran; n8n 1.123 answers just before it starts the run (webhook-helpers' executeWebhook), so
   * there a run that fails to start (a database error) is remembered all the same. An answer that failed (n8n could not start the execution, the sender hung up) remembers nothing: the
   * service's retry of it must run.
   */
  rememberWhenHandedOver(id: string): void;
}

/**
 * The memory of the hook this delivery came through: `hook`, what it was verified with (its id when known, as the
 * service listed it or create() kept it, and its secret).
 */
export function redeliveryMemory(context: IWebhookFunctions, capacity: number, hook: VerifyingHook): RedeliveryMemory {
  const channel = channelOf(context);
  const key = `${nodePrefix(context)}${channel}`;
  const { id: hookId, secret } = hook;
  const registration = hookId !== undefined ? `hook:${hookId}` : `secret:${secret}`;
  const productionUrl = channel === 'production' ? context.getNodeWebhookUrl('default') : undefined;
  const memory = processMemories.open(key, registration, capacity, productionUrl);
  return {
    emitted: (id) => memory.ids.has(id),
    rememberWhenHandedOver(id) {
      const response = context.getResponseObject() as AnsweredResponse;
      response.once?.('finish', () => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) processMemories.remember(key, memory, id);
      });
    },
  };
}

/**
 * Called by delete(): forgets the memory of the hook being removed, and only that one. A registered hook is known by
 * its id (a test listen's differs from production's); one added by hand by its URL, production's being the URL its
 * deliveries were served on and any other the test URL.
 */
export function forgetRecentDeliveries(context: IHookFunctions): void {
  const prefix = nodePrefix(context);
  const { hookId } = readHookState(context);
  if (hookId !== undefined) {
    processMemories.forget(prefix, (_channel, memory) => memory.registration === `hook:${hookId}`);
    return;
  }
  const productionUrl = processMemories.memoryOf(prefix, 'production')?.productionUrl;
  const deleting: Channel = productionUrl !== undefined && productionUrl === context.getNodeWebhookUrl('default') ? 'production' : 'test';
  processMemories.forget(prefix, (channel) => channel === deleting);
}
