import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseServiceDelivery, shapeOutput, unknownEventItem, type DeliveryService, type NormalizedEvent } from '../../shared';
import { readDeliveryOptions, type DeliveryOptions } from './delivery-options';
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
  /** The node's own service: a package holds its service's events and checks, and no other's. */
  service: DeliveryService;
  /** Dub: the signing secret. Linkly: the URL token. Absent: nothing to verify against, so everything is refused. */
  secret: string | undefined;
  /** Whether the user asked for this event (the service's own name). */
  isWanted(event: string): boolean;
  /**
   * Whether an event the catalogue does not know is emitted (as its payload). True where the user registered the hook
   * by hand and so chose its events in the service's dashboard, which may offer events newer than this package.
   * Otherwise the service sends only the events registered, all known: an unknown one is answered 2xx and ignored.
   */
  emitsUnknownEvents?: boolean;
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
  const result = parseServiceDelivery(settings.service, {
    provider: settings.service.provider,
    headers: context.getHeaderData(),
    body: request.rawBody ?? '',
    secret: settings.secret,
    url: request.url ?? '',
  });
  // Only authenticity and JSON are refused: a known event always gives its item, what did not read listed on it.
  if (!result.ok) return refuse(context, result.error.httpStatus, result.error.message);
  const options = readDeliveryOptions(context);

  if (!result.entry) {
    if (!settings.emitsUnknownEvents) return {};
    return emitOnce(context, options, settings.secret, idOf(result.raw), unknownEventItem(result.raw));
  }
  const { event } = result;
  if (!settings.isWanted(event.event)) return {};
  if (options.dropBotClicks && isBotClick(event)) return {};
  // The item's shape (normalized, raw, or both with `raw` beside the fields) is the core's decision, shared with Zapier.
  return emitOnce(context, options, settings.secret, event.id, shapeOutput(result, options.output));
}

/** Emits one item, unless Skip Redeliveries has seen its event id emitted before. */
function emitOnce(
  context: IWebhookFunctions,
  options: DeliveryOptions,
  /** What the delivery was verified with: the memory belongs to the hook it names. */
  secret: string,
  eventId: string | undefined,
  item: Record<string, unknown>,
): IWebhookResponseData {
  if (options.skipRedeliveries && eventId) {
    // Only an event emitted here is remembered: a refused, unwanted or dropped one must run when it comes again.
    const memory = redeliveryMemory(context, options.redeliveryMemory, secret);
    if (memory.emitted(eventId)) return {};
    memory.rememberWhenHandedOver(eventId);
  }
  return { workflowData: [[{ json: item as IDataObject }]] };
}

/** An unknown event's own id, where its payload has one as Dub's do. */
function idOf(raw: unknown): string | undefined {
  const id = raw !== null && typeof raw === 'object' ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function isBotClick(event: NormalizedEvent): boolean {
  return event.trigger === 'click' && event.click.isBot;
}

function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
  const response = context.getResponseObject() as RefusalResponse;
  response.status(status).json({ error: message });
  return { noWebhookResponse: true };
}
