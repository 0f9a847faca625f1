import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { dubDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { keptHook, type VerifyingHook } from '../../../common/static-data';
import { servedUrlOf } from '../../../common/webhook-url';
import { dubRegistrarFor } from './client';
import { registrationOf, selectedEvents } from './settings';
import { signingSecretOf } from './signing-secret';

/** A delivery from Dub: checked against the secret Dub gave us (automatic) or the user pasted (manual). */
export async function receiveDubDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const events = new Set<string>(selectedEvents(context));
  const automatic = registrationOf(context) === 'automatic';
  return receiveDelivery(context, {
    service: dubDeliveryService,
    kept: automatic ? keptHook(context) : await pastedSecret(context),
    ...(automatic ? { listRegistered: () => listedByDub(context) } : {}),
    isWanted: (event) => events.has(event),
    emitsUnknownEvents: !automatic,
  });
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
