import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { linklyDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { keptHook, type VerifyingHook } from '../../../common/static-data';
import { servedUrlOf } from '../../../common/webhook-url';
import { linklyRegistrarFor } from './client';
import { hookTargetOf, selectedLinklyEvents } from './settings';

/** A delivery from Linkly: accepted only with the token this node put in the URL it registered. */
export async function receiveLinklyDelivery(context: IWebhookFunctions): Promise<IWebhookResponseData> {
  // Linkly posts clicks and link events to every hook alike: each starts the workflow only if the user chose it, and
  // any other is answered 2xx and ignored (a click never starts a link trigger, a link event never a click trigger).
  const events = new Set(selectedLinklyEvents(context));
  return receiveDelivery(context, {
    service: linklyDeliveryService,
    kept: keptHook(context),
    listRegistered: () => listedByLinkly(context),
    isWanted: (event) => events.has(event),
  });
}

/** The hooks of this node Linkly lists for the URL this delivery came to, with their tokens. */
async function listedByLinkly(context: IWebhookFunctions): Promise<VerifyingHook[]> {
  const receiverUrl = servedUrlOf(context);
  if (receiverUrl === undefined) return [];
  const listed = await (await linklyRegistrarFor(context, 'delivery')).registeredFor({ receiverUrl, target: hookTargetOf(context) });
  return listed.map(({ id, token }) => ({ id, secret: token }));
}
