import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseDelivery, shapeOutput, type NormalizedEvent, type Provider } from '../../shared';
import { readDeliveryOptions } from './delivery-options';
import { redeliveryMemory } from './redelivery-memory';

/** The parts of n8n's request object this file reads. */
interface ReceivedRequest {
  rawBody?: Uint8Array;
  url?: string;
}

/** The parts of n8n's response object used to refuse a delivery. */
interface RefusalResponse {
  status(code: number): { json(body: unknown): unknown };
}

export interface ReceiveSettings {
  provider: Provider;
  /** Dub: the signing secret. Linkly: the URL token. Absent: nothing to verify against, so everything is refused. */
  secret: string | undefined;
  /** Whether the user asked for this event (the service's own name). */
  isWanted(event: string): boolean;
}

/**
 * raw delivery → verify → parse → normalize (all in the core) → the user's filters → one item.
 * Refusals are answered here and start no execution.
 */
export function receiveDelivery(context: IWebhookFunctions, settings: ReceiveSettings): IWebhookResponseData {
  const request = context.getRequestObject() as ReceivedRequest;
  if (settings.secret === undefined) {
    return refuse(context, 401, 'This trigger has no secret to check deliveries against: deactivate and activate the workflow again.');
  }
  const result = parseDelivery({
    provider: settings.provider,
    headers: context.getHeaderData(),
    body: request.rawBody ?? '',
    secret: settings.secret,
    url: request.url ?? '',
  });
  if (!result.ok) return refuse(context, result.error.httpStatus, result.error.message);

  const { event } = result;
  if (!settings.isWanted(event.event)) return {};
  const options = readDeliveryOptions(context);
  if (options.dropBotClicks && isBotClick(event)) return {};
  if (options.skipRedeliveries) {
    // Only an event emitted here is remembered: a refused, unwanted or dropped one must run when it comes again.
    const memory = redeliveryMemory(context, options.redeliveryMemory, settings.secret);
    if (memory.emitted(event.id)) return {};
    memory.rememberWhenHandedOver(event.id);
  }
  // The item's shape (normalized, raw, or both with `raw` beside the fields) is the core's decision, shared with Zapier.
  return { workflowData: [[{ json: shapeOutput(result, options.output) as IDataObject }]] };
}

function isBotClick(event: NormalizedEvent): boolean {
  return event.trigger === 'click' && event.click.isBot;
}

function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
  const response = context.getResponseObject() as RefusalResponse;
  response.status(status).json({ error: message });
  return { noWebhookResponse: true };
}
