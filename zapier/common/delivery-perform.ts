import type { Bundle, ZObject } from 'zapier-platform-core';
import { parseDelivery, type CatalogueEntry, type ReceivedEvent } from '../../shared';
import { receivedRequest } from './received-request';

const SERVICE = { dub: 'Dub', linkly: 'Linkly' } as const;

/**
 * A hook's perform: the received request, checked with the secret stored at subscribe (Dub's signing secret, or the
 * token in Linkly's hook URL), parsed and normalized by the core. Anything refused gives no item and one log line
 * saying why; nothing is emitted unverified. The event keeps its payload beside it, for the user's Output choice.
 */
export function deliveryPerform(entry: CatalogueEntry, secretOf: (bundle: Bundle) => string | undefined) {
  return async (z: ZObject, bundle: Bundle): Promise<ReceivedEvent[]> => {
    const refuse = (reason: string): ReceivedEvent[] => {
      z.console.log(`Ignored a ${SERVICE[entry.provider]} delivery for "${entry.label}": ${reason}`);
      return [];
    };
    const request = receivedRequest(bundle);
    if (!request) return refuse('Zapier passed no raw request body, so it cannot be verified.');
    const secret = secretOf(bundle);
    if (secret === undefined) return refuse('this Zap has no stored secret to verify it with; turn the Zap off and on again.');

    const result = parseDelivery({ provider: entry.provider, headers: request.headers, body: request.body, secret, url: request.url });
    if (!result.ok) return refuse(`${result.error.message} (${result.error.kind})`);
    if (result.entry.key !== entry.key) return refuse(`it is a "${result.entry.event}" event, not "${entry.event}".`);
    return [{ event: result.event, raw: result.raw }];
  };
}
