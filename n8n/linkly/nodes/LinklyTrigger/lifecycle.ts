import type { IHookFunctions } from 'n8n-workflow';
import type { LinklyRegistration } from '../../../../shared';
import { linklyRegistrarFor } from './client';
import { withNodeErrors } from '../../../common/node-error';
import { forgetRecentDeliveries } from '../../../common/redelivery-memory';
import { forgetHookState, readHookState, saveHookState, type HookState } from '../../../common/static-data';
import { webhookUrlOf } from '../../../common/webhook-url';
import { hookTargetOf, storedTarget } from './settings';

/*
 * n8n's webhook lifecycle for the Linkly Trigger. What to do with Linkly's hooks is the core registrar's decision;
 * this file reads the node's parameters, calls it once, and keeps what it returns in the workflow's static data.
 */

/** True when Linkly still lists the URL (with its token) this node registered, on the target it wants now. */
export async function linklyHookExists(context: IHookFunctions): Promise<boolean> {
  const kept = keptRegistration(readHookState(context)) ?? {};
  return withNodeErrors(context.getNode(), async () => {
    const spec = { receiverUrl: webhookUrlOf(context), target: hookTargetOf(context) };
    return (await linklyRegistrarFor(context)).isCurrent(spec, kept);
  });
}

/** Registers our URL with a fresh token, removing what an earlier registration of this node left behind. */
export async function createLinklyHook(context: IHookFunctions): Promise<boolean> {
  const previous = keptRegistration(readHookState(context));
  const { registration } = await withNodeErrors(context.getNode(), async () => {
    const spec = { receiverUrl: webhookUrlOf(context), target: hookTargetOf(context) };
    return (await linklyRegistrarFor(context)).ensure(spec, previous);
  });
  const { id, token, url, linkId } = registration;
  saveHookState(context, { hookId: id, secret: token, hookUrl: url, ...(linkId === undefined ? {} : { linkId }) });
  return true;
}

/** Removes the hook this node registered, where it was registered; one already gone counts as removed. */
export async function deleteLinklyHook(context: IHookFunctions): Promise<boolean> {
  forgetRecentDeliveries(context);
  const { hookId, hookUrl, linkId } = readHookState(context);
  await withNodeErrors(context.getNode(), async () => {
    const ref = { ...(hookId ? { id: hookId } : {}), ...(hookUrl ? { url: hookUrl } : {}), receiverUrl: webhookUrlOf(context) };
    return (await linklyRegistrarFor(context)).remove({ ...ref, target: storedTarget(linkId) });
  });
  forgetHookState(context);
  return true;
}

function keptRegistration({ hookId, hookUrl, secret, linkId }: HookState): LinklyRegistration | undefined {
  if (!hookId || !hookUrl || !secret) return undefined;
  return { id: hookId, url: hookUrl, token: secret, ...(linkId === undefined ? {} : { linkId }) };
}
