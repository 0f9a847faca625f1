import type { IHookFunctions } from 'n8n-workflow';
import { newUrlToken, URL_TOKEN_PARAM, withUrlToken, type LinklyClient, type LinklyHookTarget } from '../../../shared';
import { linklyClientFor } from '../../common/clients';
import { toNodeError } from '../../common/node-error';
import { forgetRecentDeliveries } from '../../common/redelivery-memory';
import { forgetHookState, readHookState, saveHookState, type HookState } from '../../common/static-data';
import { webhookUrlOf } from '../../common/webhook-url';
import { hookTargetOf, storedTarget } from './settings';

/** True when Linkly still lists the URL (with its token) this node registered, on the target it wants now. */
export async function linklyHookExists(context: IHookFunctions): Promise<boolean> {
  const state = readHookState(context);
  try {
    const target = hookTargetOf(context);
    if (!state.secret || !state.hookUrl || state.linkId !== target.linkId) return false;
    // A changed n8n address means a new URL to register.
    if (state.hookUrl !== withUrlToken(webhookUrlOf(context), state.secret)) return false;
    return (await (await linklyClientFor(context)).webhooks.list(target)).includes(state.hookUrl);
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}

/**
 * Registers our URL with a fresh secret token. Hooks left for this URL under an older token (whose token is lost,
 * so every delivery to them would be refused) are removed first, so exactly one hook feeds this trigger.
 */
export async function createLinklyHook(context: IHookFunctions): Promise<boolean> {
  try {
    const url = webhookUrlOf(context);
    const target = hookTargetOf(context);
    const client = await linklyClientFor(context);
    await removeEarlierHooks(client, readHookState(context), url, target);
    const token = newUrlToken();
    const hookUrl = withUrlToken(url, token);
    const { hook } = await client.webhooks.subscribe(hookUrl, target);
    saveHookState(context, { hookId: hook.id, secret: token, hookUrl, ...(target.linkId === undefined ? {} : { linkId: String(target.linkId) }) });
    return true;
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
}

/** Removes the hook this node registered, on the target it was registered on; one already gone counts as removed. */
export async function deleteLinklyHook(context: IHookFunctions): Promise<boolean> {
  forgetRecentDeliveries(context);
  const { hookId, linkId } = readHookState(context);
  if (hookId === undefined) return true;
  try {
    await (await linklyClientFor(context)).webhooks.unsubscribe(hookId, storedTarget(linkId));
  } catch (error) {
    throw toNodeError(context.getNode(), error);
  }
  forgetHookState(context);
  return true;
}

async function removeEarlierHooks(client: LinklyClient, state: HookState, url: string, target: LinklyHookTarget): Promise<void> {
  if (state.hookId !== undefined) await client.webhooks.unsubscribe(state.hookId, storedTarget(state.linkId));
  for (const listed of await client.webhooks.list(target)) {
    if (withoutToken(listed) === withoutToken(url)) await client.webhooks.unsubscribe(listed, target);
  }
}

function withoutToken(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.searchParams.delete(URL_TOKEN_PARAM);
    return parsed.toString();
  } catch {
    return url;
  }
}
