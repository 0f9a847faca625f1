import type { IHookFunctions } from 'n8n-workflow';
import { dubRegistrarFor, MANUAL_REGISTRATION_HINT } from './client';
import { withNodeErrors } from '../../../common/node-error';
import { forgetRecentDeliveries } from '../../../common/redelivery-memory';
import { forgetHookState, readHookState, saveHookState } from '../../../common/static-data';
import { webhookUrlOf } from '../../../common/webhook-url';
import { hookSpecOf, registrationOf } from './settings';

/*
 * n8n's webhook lifecycle for the Dub Trigger. What to do with Dub's hooks is the core registrar's decision; this
 * file reads the node's parameters, calls it once, and keeps what it returns in the workflow's static data.
 * Manual registration has nothing to register.
 */

/** True when the hook this node registered still delivers exactly what it asks for; otherwise n8n calls create. */
export async function dubHookExists(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return true;
  const { hookId, secret, hookUrl, selection } = readHookState(context);
  return withNodeErrors(context.getNode(), async () => {
    const spec = hookSpecOf(context, webhookUrlOf(context));
    return (await dubRegistrarFor(context)).isCurrent(spec, { id: hookId, secret, url: hookUrl, selection });
  }, MANUAL_REGISTRATION_HINT);
}

/**
 * Creates, adopts, corrects or replaces the hook for this node's URL, and keeps its id and secret. The hook kept from
 * before goes along: when n8n's public URL moved, the registrar removes the one left at the old URL.
 */
export async function createDubHook(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return true;
  const { hookId, hookUrl } = readHookState(context);
  const { registration } = await withNodeErrors(context.getNode(), async () => {
    const spec = hookSpecOf(context, webhookUrlOf(context));
    return (await dubRegistrarFor(context)).ensure(spec, { ...(hookId ? { id: hookId } : {}), ...(hookUrl ? { url: hookUrl } : {}) });
  }, MANUAL_REGISTRATION_HINT);
  const { id, secret, url, selection } = registration;
  saveHookState(context, { hookId: id, secret, hookUrl: url, selection });
  return true;
}

/** Removes the hook this node registered (by id, or by its URL when none was kept); one already gone is removed. */
export async function deleteDubHook(context: IHookFunctions): Promise<boolean> {
  forgetRecentDeliveries(context);
  if (registrationOf(context) === 'manual') return true;
  const { hookId, hookUrl } = readHookState(context);
  await withNodeErrors(context.getNode(), async () => {
    const url = hookUrl ?? webhookUrlOf(context);
    return (await dubRegistrarFor(context)).remove({ ...(hookId ? { id: hookId } : {}), url });
  }, MANUAL_REGISTRATION_HINT);
  forgetHookState(context);
  return true;
}
