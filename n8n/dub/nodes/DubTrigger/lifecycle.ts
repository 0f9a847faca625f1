import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';
import { disabledHookToKeep } from '../../../../shared';
import { dubClientFor, dubRegistrarFor, dubMissingScopeAdvice } from './client';
import { withNodeErrors } from '../../../common/node-error';
import { forgetRecentDeliveries } from '../../../common/redelivery-memory';
import { forgetHookState, readHookState, saveHookState } from '../../../common/static-data';
import { webhookUrlOf } from '../../../common/webhook-url';
import { hookSpecOf, registrationOf } from './settings';
import { hasPastedSecret } from './signing-secret';

/*
 * n8n's webhook lifecycle for the Dub Trigger. What to do with Dub's hooks is the core registrar's decision; this
 * file reads the node's parameters, calls it once, and keeps what it returns in the workflow's static data.
 * Manual registration has nothing to register.
 */

/**
 * True when the hook this node registered still delivers exactly what it asks for; otherwise n8n calls create. A
 * hook Dub disabled counts as there: create() would have to delete it, and its delivery log with it, while the
 * trigger's own check (recovery.ts, within a minute) reads that log first, then replaces the hook and recovers.
 */
export async function dubHookExists(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return manualSecretChosen(context);
  const { hookId, secret, hookUrl, selection } = readHookState(context);
  return withNodeErrors(context.getNode(), async () => {
    const spec = hookSpecOf(context, webhookUrlOf(context));
    const state = await (await dubRegistrarFor(context)).keptState(spec, { id: hookId, secret, url: hookUrl, selection });
    return state === 'current' || (state === 'disabled' && isProduction(context));
  }, dubMissingScopeAdvice);
}

/**
 * A hand-added hook needs its secret before anything can be verified: without one every delivery would be refused,
 * so the activation (or test listen) fails instead, saying what to choose.
 */
function manualSecretChosen(context: IHookFunctions): true {
  if (hasPastedSecret(context)) return true;
  throw new NodeOperationError(context.getNode(), 'Choose a Dub Signing Secret credential for this node', {
    description:
      "With Authentication: None, add this node's Production URL as a webhook in Dub's dashboard (Settings → Webhooks), " +
      'then create a Dub Signing Secret credential holding the signing secret Dub shows for it (whsec_…) and choose it in the node.',
  });
}

/**
 * Production's URL (the one the trigger's periodic check watches), not a test listen's: only the URL tells them apart
 * (a test listen's delete() runs in the same mode as production's).
 */
function isProduction(context: IHookFunctions): boolean {
  return !new URL(webhookUrlOf(context)).pathname.includes('/webhook-test/');
}

/**
 * Creates, adopts, corrects or replaces the hook for this node's URL, and keeps its id and secret. The hook kept from
 * before goes along: when n8n's public URL moved, the registrar removes the one left at the old URL.
 */
export async function createDubHook(context: IHookFunctions): Promise<boolean> {
  if (registrationOf(context) === 'manual') return true;
  const { hookId, hookUrl } = readHookState(context);
  const { registration } = await withNodeErrors(context.getNode(), async () => {
    const url = webhookUrlOf(context);
    const spec = hookSpecOf(context, url);
    const moved = hookId && hookUrl && movedTo(hookUrl, url) ? { id: hookId, url: hookUrl } : undefined;
    return (await dubRegistrarFor(context)).ensure(spec, moved);
  }, dubMissingScopeAdvice);
  const { id, secret, url, selection } = registration;
  saveHookState(context, { hookId: id, secret, hookUrl: url, selection });
  return true;
}

/**
 * n8n's public URL moved when only what comes before the webhook's own path changed (a new domain or tunnel, a path
 * prefix). A test listen's URL (`/webhook-test/…`) is another hook beside the production one, never a move of it.
 */
function movedTo(kept: string, now: string): boolean {
  try {
    const [before, after] = [new URL(kept), new URL(now)];
    if (before.href === after.href) return false;
    return before.pathname.endsWith(after.pathname) || after.pathname.endsWith(before.pathname);
  } catch {
    return false;
  }
}

/**
 * Removes the hook this node registered (by id, or by its URL when none was kept); one already gone is removed. A
 * production hook Dub disabled with events its log shows undelivered is parked instead (moved off the URL, its log
 * kept): the next activation's check recovers them, then deletes it.
 */
export async function deleteDubHook(context: IHookFunctions): Promise<boolean> {
  forgetRecentDeliveries(context);
  if (registrationOf(context) === 'manual') return true;
  const { hookId, hookUrl, secret, selection } = readHookState(context);
  await withNodeErrors(context.getNode(), async () => {
    const url = hookUrl ?? webhookUrlOf(context);
    const registrar = await dubRegistrarFor(context);
    if (hookId && secret && isProduction(context)) {
      const spec = hookSpecOf(context, url);
      if ((await registrar.keptState(spec, { id: hookId, secret, url, selection })) === 'disabled' && (await keepDisabled(context, hookId))) {
        await registrar.park(hookId, url);
        keepParked(context, hookId);
        return { removed: [] };
      }
    }
    const removed = await registrar.remove({ ...(hookId ? { id: hookId } : {}), url });
    // The kept hook was already gone: the trigger's periodic check may have replaced it with one n8n never saved
    // (it saves a trigger's changes only at activation): the hook of ours at the URL goes too.
    if (hookId && removed.removed.length === 0) return registrar.remove({ url });
    return removed;
  }, dubMissingScopeAdvice);
  forgetHookState(context);
  return true;
}

/**
 * The core's decision, the same as a Zap turned off: a disabled hook whose log shows undelivered events, or whose log
 * cannot be read just now, stays (parked, for the next activation's check to recover from); one whose log this
 * credential can never read (plan, permissions) or that holds nothing undelivered is deleted. n8n's log says which.
 */
async function keepDisabled(context: IHookFunctions, hookId: string): Promise<boolean> {
  const { keep, waiting, note } = await disabledHookToKeep(await dubClientFor(context, 'lifecycle'), hookId);
  if (note) context.logger.info(`Dub Trigger: ${note}`);
  if (waiting) {
    context.logger.info(
      `Dub Trigger: Dub had disabled the webhook ${hookId}; its log holds ${waiting.count} event(s) never delivered. It was moved ` +
        'aside instead of deleted: activating the workflow again recovers them (the trigger\'s check, within a minute).',
    );
  }
  return keep;
}

function keepParked(context: IHookFunctions, hookId: string): void {
  const data = context.getWorkflowStaticData('node');
  const parked = Array.isArray(data['parkedHooks']) ? data['parkedHooks'].filter((id): id is string => typeof id === 'string') : [];
  data['parkedHooks'] = [...parked.filter((id) => id !== hookId), hookId];
}
