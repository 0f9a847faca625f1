import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { parseServiceDelivery, screenDelivery, shapeOutput, unknownEventItem, type DeliveryService, type NormalizedEvent } from '../../shared';
import { readDeliveryOptions, type DeliveryOptions } from './delivery-options';
import { HOOK_LOOKUP_INTERVAL_MS, hookLookups, lookupKey, relistings, RELIST_INTERVAL_MS, type HookLookup, type HookLookups } from './hook-lookup';
import { nodeLog, type NodeLog } from './node-log';
import { redeliveryMemory } from './redelivery-memory';
import type { VerifyingHook } from './static-data';

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
   * (at most once per RELIST_INTERVAL_MS per trigger and URL, in this process) whether another hook delivers to this URL now.
   * The trigger's own recovery replaces a hook the service disabled outside activation, and only this path tells
   * every process of the new secret; `adoptListed` keeps the hook that verified. n8n saves it with a request that starts
   * nothing (on 2.x only then: see the Dub Trigger's recovery.ts, whose checkpoint is such a request).
   */
  adoptListed?: (hook: VerifyingHook) => void;
  /**
   * A verified request the trigger sent itself to have n8n save something (Dub's recovery checkpoint): handled by the
   * node, which says what it did (a log line); it starts nothing, as n8n saves static data only with such a request.
   */
  ownMessage?: (payload: unknown) => string | undefined;
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
/** Said to whoever sent the request, who may be anyone: no service text, no base URL. The reason goes to n8n's log. */
const LOOKUP_FAILED = 'This trigger could not check this delivery yet. Try again later.';

/**
 * raw delivery → verify → parse → normalize (all in the core) → the user's filters → one item.
 * Refusals are answered here and start no execution; an authentic delivery that starts nothing says so in n8n's log.
 */
export async function receiveDelivery(context: IWebhookFunctions, settings: ReceiveSettings): Promise<IWebhookResponseData> {
  const request = context.getRequestObject() as ReceivedRequest;
  const log = nodeLog(context);
  const delivery = { provider: settings.service.provider, headers: context.getHeaderData(), body: request.rawBody ?? '', url: request.url ?? '' };
  let hooks: VerifyingHook[];
  if (settings.kept) {
    hooks = [settings.kept];
  } else if (!settings.listRegistered) {
    return refuse(context, 401, NOTHING_KEPT);
  } else {
    // Asking the service costs the user's rate limit: a request that no secret could verify is refused before.
    const unverifiable = screenDelivery(settings.service, delivery);
    if (unverifiable) return refuse(context, unverifiable.httpStatus, unverifiable.message);
    const listed = await lookUpHooks(context, log, settings.listRegistered, WHILE_NOTHING_KEPT);
    if (!listed.ok) return refuse(context, 503, LOOKUP_FAILED);
    if (listed.hooks.length === 0) return refuse(context, 401, NOTHING_LISTED);
    hooks = listed.hooks;
  }

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
    const listed = await lookUpHooks(context, log, settings.listRegistered, WHEN_KEPT_FAILS);
    for (const hook of (listed.ok ? listed.hooks : []).filter((candidate) => candidate.id !== keptId)) {
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
  const handled = settings.ownMessage?.(result.raw);
  if (handled !== undefined) {
    log.info(handled);
    return {};
  }
  const options = readDeliveryOptions(context);

  if (!result.entry) {
    const what = described(result.eventName, result.eventId);
    if (!settings.emitsUnknownEvents) {
      log.info(`started nothing for ${what}: an event this package does not know, which the hook was not registered for.`);
      return {};
    }
    return emitOnce(context, log, options, verifiedBy, what, result.eventId ?? undefined, unknownEventItem(result.raw));
  }
  const { event } = result;
  const what = described(event.event, event.id);
  if (!settings.isWanted(event.event)) {
    log.info(`started nothing for ${what}: not one of the events chosen in the node.`);
    return {};
  }
  if (options.dropBotClicks && isBotClick(event)) {
    log.info(`started nothing for ${what}: a bot's click, and Drop Bot Clicks is on.`);
    return {};
  }
  // The item's shape (normalized, raw, or both with `raw` beside the fields) is the core's decision, shared with Zapier.
  return emitOnce(context, log, options, verifiedBy, what, event.id ?? undefined, shapeOutput(result, options.output));
}

/** Why a delivery asks for the service's list: which kept lookups it uses, and what its log line says on a failure. */
interface LookupPurpose {
  lookups: HookLookups;
  failure: string;
}

const WHILE_NOTHING_KEPT: LookupPurpose = {
  lookups: hookLookups,
  failure: `this trigger has not saved its hook yet, and the service's list of hooks could not be read to check deliveries (answered 503 for ${HOOK_LOOKUP_INTERVAL_MS / 1000} s)`,
};

const WHEN_KEPT_FAILS: LookupPurpose = {
  lookups: relistings,
  failure: `a delivery did not verify with the saved hook's secret, and the service's list of hooks could not be read to look for a newer one (deliveries that do not verify are refused for ${RELIST_INTERVAL_MS / 1000} s)`,
};

/**
 * The service's list for this trigger and URL, kept for the purpose's interval (hook-lookup.ts): asked at most once
 * per interval in this process, however requests arrive. A failure is logged once, when the call fails, not per request.
 */
function lookUpHooks(context: IWebhookFunctions, log: NodeLog, listRegistered: () => Promise<VerifyingHook[]>, purpose: LookupPurpose): Promise<HookLookup> {
  return purpose.lookups.lookup(lookupKey(context), async (): Promise<HookLookup> => {
    try {
      return { ok: true, hooks: await listRegistered() };
    } catch (error) {
      // The core's API errors carry no secret and say what went wrong in the user's terms; masked again all the same.
      const reason = error instanceof Error ? error.message : String(error);
      log.warn(`${purpose.failure}: ${reason}`);
      return { ok: false, reason };
    }
  });
}

/** Emits one item, unless Skip Redeliveries has seen its event id emitted before. */
function emitOnce(
  context: IWebhookFunctions,
  log: NodeLog,
  options: DeliveryOptions,
  /** What the delivery was verified with: the memory belongs to the hook it names. */
  verifiedBy: VerifyingHook,
  /** The event as log lines name it. */
  what: string,
  eventId: string | undefined,
  item: Record<string, unknown>,
): IWebhookResponseData {
  if (options.skipRedeliveries && eventId) {
    // Only an event emitted here is remembered: a refused, unwanted or dropped one must run when it comes again.
    const memory = redeliveryMemory(context, options.redeliveryMemory, verifiedBy);
    if (memory.emitted(eventId)) {
      log.info(`started nothing for ${what}: a redelivery of an event this trigger already emitted (Skip Redeliveries).`);
      return {};
    }
    memory.rememberWhenHandedOver(eventId);
  }
  return { workflowData: [[{ json: item as IDataObject }]] };
}

/** `a "sale.created" delivery (id evt_…)`: how log lines name an event. */
function described(eventName: string | null, id: string | null): string {
  return `a ${eventName === null ? 'delivery naming no event' : `"${eventName}" delivery`} (id ${id ?? 'none'})`;
}

function isBotClick(event: NormalizedEvent): boolean {
  return event.trigger === 'click' && event.click.isBot;
}

function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
  const response = context.getResponseObject() as RefusalResponse;
  response.status(status).json({ error: message });
  return { noWebhookResponse: true };
}
