import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { dubDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { keptHook, readHookState, saveHookState, type VerifyingHook } from '../../../common/static-data';
import { channelOf, servedUrlOf } from '../../../common/webhook-url';
import { dubRegistrarFor } from './client';
import { handOverTestItems, RECOVERY_HEADER, rememberRecovered } from './recovery';
import { registrationOf, selectedEvents } from './settings';

/** A delivery from Dub: checked against the secret Dub gave us (automatic) or the user pasted (manual). */
export async function receiveDubDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const events = new Set<string>(selectedEvents(context));
  const automatic = registrationOf(context) === 'automatic';
  const received = await receiveDelivery(context, {
    service: dubDeliveryService,
    kept: automatic ? keptHook(context) : pastedSecret(context),
    ...(automatic ? { listRegistered: () => listedByDub(context), adoptListed: (hook: VerifyingHook) => adopt(context, hook) } : {}),
    isWanted: (event) => events.has(event),
    emitsUnknownEvents: !automatic,
  });
  const { workflowData } = received;
  if (workflowData) {
    if (channelOf(context) === 'test') handOverTestItems(context, workflowData);
    else if (context.getHeaderData()[RECOVERY_HEADER] !== undefined) {
      const id = eventIdOf(context);
      if (id) rememberRecovered(context, id);
    }
  }
  return received;
}

/** The hook that verified a delivery once the kept one did not: the one the trigger's recovery registered. */
function adopt(context: IWebhookFunctions, hook: VerifyingHook): void {
  if (hook.id === undefined) return;
  saveHookState(context, { ...readHookState(context), hookId: hook.id, secret: hook.secret });
}

function eventIdOf(context: IWebhookFunctions): string | undefined {
  const raw = (context.getRequestObject() as { rawBody?: Uint8Array }).rawBody;
  try {
    const parsed = JSON.parse(new TextDecoder().decode(raw ?? new Uint8Array())) as { id?: unknown };
    return typeof parsed.id === 'string' ? parsed.id : undefined;
  } catch {
    return undefined;
  }
}

function pastedSecret(context: IWebhookFunctions): VerifyingHook | undefined {
  const pasted = context.getNodeParameter('signingSecret', '');
  return typeof pasted === 'string' && pasted.trim() !== '' ? { secret: pasted.trim() } : undefined;
}

/** The hook Dub lists at the URL this delivery came to, with its secret. */
async function listedByDub(context: IWebhookFunctions): Promise<VerifyingHook[]> {
  const url = servedUrlOf(context);
  if (url === undefined) return [];
  const hook = await (await dubRegistrarFor(context, 'delivery')).registeredAt(url);
  return hook ? [hook] : [];
}
