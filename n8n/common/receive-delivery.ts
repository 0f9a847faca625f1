import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseServiceDelivery, shapeOutput, unknownEventItem, type DeliveryService, type NormalizedEvent } from '../../shared';
import { readDeliveryOptions, type DeliveryOptions } from './delivery-options';
import { redeliveryMemory } from './redelivery-memory';
import type { VerifyingHook } from './static-data';
import { channelOf } from './webhook-url';

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
  /** The hook create() kept, or the secret the user pasted for a hook added by hand. Absent: nothing kept yet. */
  kept: VerifyingHook | undefined;
  /**
   * Registered by the node: the hooks the service lists for the URL this delivery came to. Asked only while nothing
   * is kept, because n8n saves what create() kept once activation is over and the service may deliver before that
   * (Dub would retry a refusal; Linkly never retries, so the click would be lost).
   */
  listRegistered?: () => Promise<VerifyingHook[]>;
  /**
   * Registered by the node and a hook kept, but its secret does not verify this delivery: the service's list is asked
   * (at most once per RELIST_INTERVAL_MS per trigger, in this process) whether another hook delivers to this URL now.
   * The trigger's own recovery replaces a hook the service disabled outside activation, and only this path tells
   * every process of the new secret; `adoptListed` keeps the hook that verified, and n8n saves it after the request.
   */
  adoptListed?: (hook: VerifyingHook) => void;
  /** Whether the user asked for this event (the service's own name). */
  isWanted(event: string): boolean;
  /**
   * Whether an event the catalogue does not know is emitted (as its payload). True where the user registered the hook
   * by hand and so chose its events in the service's dashboard, which may offer events newer than this package.
   * Otherwise the service sends only the events registered, all known: an unknown one is answered 2xx and ignored.
   */
  emitsUnknownEvents?: boolean;
}

const NOTHING_KEPT = 'This trigger has no secret to check deliveries against: deactivate and activate the workflow again.';
const NOTHING_LISTED =
  'This trigger has no secret to check deliveries against, and the service lists no hook of it at the URL this ' +
  'delivery came to: deactivate and activate the workflow again.';

/**
 * raw delivery → verify → parse → normalize (all in the core) → the user's filters → one item.
 * Refusals are answered here and start no execution.
 */
export async function receiveDelivery(context: IWebhookFunctions, settings: ReceiveSettings): Promise<IWebhookResponseData> {
  const request = context.getRequestObject() as ReceivedRequest;
  let hooks: VerifyingHook[];
  try {
    hooks = settings.kept ? [settings.kept] : await listedOnce(context, settings.listRegistered);
  } catch (error) {
    // The core's API errors carry no secret, and say what went wrong in the user's terms.
    const reason = error instanceof Error ? error.message : String(error);
    return refuse(context, 503, `This trigger has not saved its hook yet, and the service's list of hooks could not be read to check this delivery: ${reason}`);
  }
  if (hooks.length === 0) return refuse(context, 401, settings.listRegistered ? NOTHING_LISTED : NOTHING_KEPT);

  const delivery = { provider: settings.service.provider, headers: context.getHeaderData(), body: request.rawBody ?? '', url: request.url ?? '' };
  let verifiedBy = hooks[0] as VerifyingHook;
  let result = parseServiceDelivery(settings.service, { ...delivery, secret: verifiedBy.secret });
  // Two hooks listed at once (an overlapping registration) each get their chance; only an authenticity refusal moves on.
  for (const hook of hooks.slice(1)) {
    if (result.ok || result.error.httpStatus !== 401) break;
    verifiedBy = hook;
    result = parseServiceDelivery(settings.service, { ...delivery, secret: hook.secret });
  }
  if (!result.ok && result.error.httpStatus === 401 && settings.kept && settings.listRegistered && settings.adoptListed) {
    const keptId = settings.kept.id;
    for (const hook of (await listedRecently(context, settings.listRegistered)).filter((listed) => listed.id !== keptId)) {
      const again = parseServiceDelivery(settings.service, { ...delivery, secret: hook.secret });
      if (!again.ok) continue;
      result = again;
      verifiedBy = hook;
      settings.adoptListed(hook);
      break;
    }
  }
  // Only authenticity and JSON are refused: a known event always gives its item, what did not read listed on it.
  if (!result.ok) return refuse(context, result.error.httpStatus, result.error.message);
  const options = readDeliveryOptions(context);

  if (!result.entry) {
    if (!settings.emitsUnknownEvents) return {};
    return emitOnce(context, options, verifiedBy, idOf(result.raw), unknownEventItem(result.raw));
  }
  const { event } = result;
  if (!settings.isWanted(event.event)) return {};
  if (options.dropBotClicks && isBotClick(event)) return {};
  // The item's shape (normalized, raw, or both with `raw` beside the fields) is the core's decision, shared with Zapier.
  return emitOnce(context, options, verifiedBy, event.id, shapeOutput(result, options.output));
}

/**
 * The service's list for this trigger, asked once for all the deliveries that arrive while it is being asked (a burst
 * right after activation), in this process. Nothing is kept once the answer is in.
 */
const listingsInFlight = new Map<string, Promise<VerifyingHook[]>>();

function listedOnce(context: IWebhookFunctions, listRegistered: ReceiveSettings['listRegistered']): Promise<VerifyingHook[]> {
  if (!listRegistered) return Promise.resolve([]);
  const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${channelOf(context)}`;
  let listing = listingsInFlight.get(key);
  if (!listing) {
    listing = listRegistered();
    listingsInFlight.set(key, listing);
    const settled = listing;
    const forget = () => {
      if (listingsInFlight.get(key) === settled) listingsInFlight.delete(key);
    };
    settled.then(forget, forget);
  }
  return listing;
}

/** How often a refused delivery may make a trigger ask the service for its hooks again: a flood of forged requests costs one call. */
export const RELIST_INTERVAL_MS = 30_000;

const recentListings = new Map<string, { at: number; listing: Promise<VerifyingHook[]> }>();

function listedRecently(context: IWebhookFunctions, listRegistered: () => Promise<VerifyingHook[]>): Promise<VerifyingHook[]> {
  const key = `${context.getWorkflow().id ?? ''}:${context.getNode().id}:${channelOf(context)}`;
  const recent = recentListings.get(key);
  if (recent && Date.now() - recent.at < RELIST_INTERVAL_MS) return recent.listing;
  const listing = listRegistered().catch(() => [] as VerifyingHook[]);
  recentListings.set(key, { at: Date.now(), listing });
  return listing;
}

/** Emits one item, unless Skip Redeliveries has seen its event id emitted before. */
function emitOnce(
  context: IWebhookFunctions,
  options: DeliveryOptions,
  /** What the delivery was verified with: the memory belongs to the hook it names. */
  verifiedBy: VerifyingHook,
  eventId: string | undefined,
  item: Record<string, unknown>,
): IWebhookResponseData {
  if (options.skipRedeliveries && eventId) {
    // Only an event emitted here is remembered: a refused, unwanted or dropped one must run when it comes again.
    const memory = redeliveryMemory(context, options.redeliveryMemory, verifiedBy);
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
