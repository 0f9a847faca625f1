import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { matchesSpec, type DubClient, type DubHookSpec, type DubWebhook } from '../../../shared';
import { dubClientFor } from '../../common/clients';
import { toNodeError } from '../../common/node-error';
import { forgetRecentDeliveries } from '../../common/redelivery-memory';
import { forgetHookState, readHookState, saveHookState } from '../../common/static-data';
import { webhookUrlOf } from '../../common/webhook-url';
import { hookSpecOf, registrationOf } from './settings';

/**
 * True when Dub already delivers what this node wants to our URL: that hook is adopted (its id and secret kept),
 * so a restart or a retried activation never registers a second one. Manual registration has nothing to check.
 */
export async function dubHookExists(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return true;
  try {
    const url = webhookUrlOf(context);
    const spec = hookSpecOf(context, url);
    const hook = await (await dubClientFor(context)).webhooks.findByUrl(url);
    if (!hook || hook.disabledAt || !hook.secret || !matchesSpec(hook, spec)) return false;
    remember(context, hook, hook.secret);
    return true;
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}

/** Registers the hook (or adopts and corrects Dub's existing one for our URL) and keeps its id and secret. */
export async function createDubHook(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return true;
  try {
    const url = webhookUrlOf(context);
    const client = await dubClientFor(context);
    const hook = await subscribeEnabled(client, hookSpecOf(context, url));
    if (!hook.secret) {
      throw new NodeOperationError(context.getNode(), "Dub registered the webhook but did not return its signing secret, so deliveries could not be verified. Deactivate and activate the workflow again.");
    }
    remember(context, hook, hook.secret);
    return true;
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}

/** Removes the hook this node registered; one Dub no longer has counts as removed. */
export async function deleteDubHook(context: IHookFunctions): Promise<boolean> {
  forgetRecentDeliveries(context);
  const { hookId } = readHookState(context);
  if (hookId === undefined) return true;
  try {
    await (await dubClientFor(context)).webhooks.unsubscribe(hookId);
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
  forgetHookState(context);
  return true;
}

/** Dub disables a hook after 20 failed deliveries in a row; adopting it would deliver nothing, so replace it. */
async function subscribeEnabled(client: DubClient, spec: DubHookSpec): Promise<DubWebhook> {
  const { hook, adopted } = await client.webhooks.subscribe(spec);
  if (!adopted || !hook.disabledAt) return hook;
  await client.webhooks.unsubscribe(hook.id);
  return (await client.webhooks.subscribe(spec)).hook;
}

function remember(context: IHookFunctions, hook: DubWebhook, secret: string): void {
  saveHookState(context, { hookId: hook.id, secret, hookUrl: hook.url });
}
