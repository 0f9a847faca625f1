import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { dubDeliveryService } from '../../../../shared';
import { receiveDelivery } from '../../../common/receive-delivery';
import { readHookState } from '../../../common/static-data';
import { registrationOf, selectedEvents } from './settings';

/** A delivery from Dub: checked against the secret Dub gave us (automatic) or the user pasted (manual). */
export function receiveDubDelivery(context: IWebhookFunctions): IWebhookResponseData {
  const events = new Set<string>(selectedEvents(context));
  return receiveDelivery(context, {
    service: dubDeliveryService,
    secret: signingSecretOf(context),
    isWanted: (event) => events.has(event),
    emitsUnknownEvents: registrationOf(context) === 'manual',
  });
}

function signingSecretOf(context: IWebhookFunctions): string | undefined {
  if (registrationOf(context) === 'automatic') return readHookState(context).secret;
  const pasted = context.getNodeParameter('signingSecret', '');
  return typeof pasted === 'string' && pasted.trim() !== '' ? pasted.trim() : undefined;
}
