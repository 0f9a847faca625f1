import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { dubDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { keptHook, type VerifyingHook } from '../../../common/static-data';
import { servedUrlOf } from '../../../common/webhook-url';
import { dubRegistrarFor } from './client';
import { registrationOf, selectedEvents } from './settings';

/** A delivery from Dub: checked against the secret Dub gave us (automatic) or the user pasted (manual). */
export async function receiveDubDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  const events = new Set<string>(selectedEvents(context));
  const automatic = registrationOf(context) === 'automatic';
  return receiveDelivery(context, {
    service: dubDeliveryService,
    kept: automatic ? keptHook(context) : pastedSecret(context),
    ...(automatic ? { listRegistered: () => listedByDub(context) } : {}),
    isWanted: (event) => events.has(event),
    emitsUnknownEvents: !automatic,
  });
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
