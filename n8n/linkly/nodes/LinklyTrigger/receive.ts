import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { linklyDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { readHookState } from '../../../common/static-data';

/** A delivery from Linkly: accepted only with the token this node put in the URL it registered. */
export function receiveLinklyDelivery(context: IWebhookFunctions): IWebhookResponseData {
  return receiveDelivery(context, {
    service: linklyDeliveryService,
    secret: readHookState(context).secret,
    isWanted: () => true,
  });
}
