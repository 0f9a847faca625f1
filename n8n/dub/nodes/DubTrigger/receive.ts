import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { dubDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { keptHook, readHookState, saveHookState, type VerifyingHook } from '../../../common/static-data';
import { channelOf, servedUrlOf } from '../../../common/webhook-url';
import { dubRegistrarFor } from './client';
import { handOverTestItems, recordCheckpoint, RECOVERY_FIELD, RECOVERY_HEADER, rememberRecovered } from './recovery';
import { registrationOf, selectedEvents } from './settings';
import { signingSecretOf } from './signing-secret';

/** A delivery from Dub: checked against the secret Dub gave us (automatic) or the user pasted (manual). */
export async function receiveDubDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const events = new Set<string>(selectedEvents(context));
  const automatic = registrationOf(context) === 'automatic';
  const received = await receiveDelivery(context, {
    service: dubDeliveryService,
    kept: automatic ? keptHook(context) : await pastedSecret(context),
    ...(automatic
      ? { listRegistered: () => listedByDub(context), adoptListed: (hook: VerifyingHook) => adopt(context, hook), ownMessage: (payload: unknown) => recordCheckpoint(context, payload) }
      : {}),
    isWanted: (event) => events.has(event),
    emitsUnknownEvents: !automatic,
  });
  const { workflowData } = received;
  if (workflowData) {
    if (channelOf(context) === 'test') handOverTestItems(context, workflowData);
    else if (context.getHeaderData()[RECOVERY_HEADER] !== undefined) {
      // Sent by this trigger's recovery, and signed: the item says so (and, for a payout, its state in Dub now).
      const sent = sentBody(context);
      if (typeof sent?.id === 'string') rememberRecovered(context, sent.id);
      const recovery = sent?.[RECOVERY_FIELD];
      if (recovery && typeof recovery === 'object') {
        for (const items of workflowData) for (const item of items) item.json['recovery'] = recovery as IDataObject;
      }
    }
  }
  return received;
}

/** The hook that verified a delivery once the kept one did not: the one the trigger's recovery registered. */
function adopt(context: IWebhookFunctions, hook: VerifyingHook): void {
  if (hook.id === undefined) return;
  saveHookState(context, { ...readHookState(context), hookId: hook.id, secret: hook.secret });
}

function sentBody(context: IWebhookFunctions): Record<string, unknown> | undefined {
  const raw = (context.getRequestObject() as { rawBody?: Uint8Array }).rawBody;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(raw ?? new Uint8Array())) as unknown;
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The secret of a hook added by hand: from the Dub Signing Secret credential, or, for a node made before version 1.2
 * that still has it, from the old Signing Secret field (which keeps working; n8n's log says how to move it, once per
 * node and process).
 */
async function pastedSecret(context: IWebhookFunctions): Promise<VerifyingHook | undefined> {
  const secret = await signingSecretOf(context);
  if (secret !== undefined) return { secret };
  const pasted = context.getNodeParameter('signingSecret', '');
  if (typeof pasted !== 'string' || pasted.trim() === '') return undefined;
  warnOncePerNode(context);
  return { secret: pasted.trim() };
}

/** Nodes already told, in this process: once per node and process is enough for a log (each process says it once). */
const toldToMove = new Set<string>();

function warnOncePerNode(context: IWebhookFunctions): void {
  const node = context.getNode();
  const key = `${context.getWorkflow().id ?? ''}:${node.id}`;
  if (toldToMove.has(key)) return;
  toldToMove.add(key);
  context.logger.warn(SECRET_FIELD_WARNING, { node: node.name, workflowId: context.getWorkflow().id });
}

export const SECRET_FIELD_WARNING =
  'Dub Trigger: the signing secret is read from the node\'s Signing Secret field, which n8n keeps in the workflow\'s JSON. ' +
  'Move it: create a Dub Signing Secret credential with it, choose it in the node, and empty the field.';

/** The hook Dub lists at the URL this delivery came to, with its secret. */
async function listedByDub(context: IWebhookFunctions): Promise<VerifyingHook[]> {
  const url = servedUrlOf(context);
  if (url === undefined) return [];
  const hook = await (await dubRegistrarFor(context, 'delivery')).registeredAt(url);
  return hook ? [hook] : [];
}
