import type { Bundle, ZObject } from 'zapier-platform-core';
import { parseDelivery, parseServiceDelivery, type CatalogueEntry, type DeliveryService, type ReceivedEvent } from '../../shared';
import { receivedRequest } from './received-request';

const SERVICE = { dub: 'Dub', linkly: 'Linkly' } as const;

/**
 * A hook's perform: the received request, checked with the secret stored at subscribe (Dub's signing secret, or the
 * token in Linkly's hook URL), parsed and normalized by the core. Anything unverified or not JSON gives no item and
 * one log line saying why; a delivery of this trigger's event always gives one item, with what did not read listed
 * on it. The event keeps its payload beside it, for the user's Output choice. `service` names a kind of delivery other
 * than the provider's webhooks (Dub's partner postbacks).
 */
export function deliveryPerform(entry: CatalogueEntry, secretOf: (bundle: Bundle) => string | undefined, service?: DeliveryService) {
  return async (z: ZObject, bundle: Bundle): Promise<ReceivedEvent[]> => {
    const refuse = (reason: string): ReceivedEvent[] => {
      z.console.log(`Ignored a ${SERVICE[entry.provider]} delivery for "${entry.label}": ${reason}`);
      return [];
    };
    const request = receivedRequest(bundle);
    if (!request) return refuse('Zapier passed no raw request body, so it cannot be verified.');
    const secret = secretOf(bundle);
    if (secret === undefined) return refuse('this Zap has no stored secret to verify it with; turn the Zap off and on again.');

    const delivery = { provider: entry.provider, headers: request.headers, body: request.body, secret, url: request.url };
    const result = service ? parseServiceDelivery(service, delivery) : parseDelivery(delivery);
    if (!result.ok) return refuse(`${result.error.message} (${result.error.kind})`);
    // Zapier subscribes each trigger to its own event, so another event (known or not) is none of this Zap's business.
    // An authentic delivery that gives no item names its event and id, so it can be found in the service's log.
    if (!result.entry) return refuse(`it is an event this app does not know ("${result.eventName ?? 'no event name'}", id ${result.eventId ?? 'none'}), not "${entry.event}".`);
    if (result.entry.key !== entry.key) return refuse(`it is a "${result.entry.event}" event (id ${result.event.id}), not "${entry.event}".`);
    const { unreadFields } = result.event;
    if (unreadFields.length > 0) {
      z.console.log(`A ${SERVICE[entry.provider]} "${entry.event}" delivery had ${unreadFields.length} field(s) not in the expected form (${unreadFields.map((field) => field.path).join(', ')}); the item lists them under Fields That Did Not Read.`);
    }
    return [{ event: result.event, raw: result.raw }];
  };
}

