import type { EventEntry } from '../catalogue/types';
import type { Provider } from '../normalized/parts';
import type { DeliveryError } from './delivery-error';
import type { HeaderBag } from './headers';

/** One request as a service made it: what every authenticity check and the parser read. */
export interface Delivery {
  provider: Provider;
  headers: HeaderBag;
  /** The exact bytes received. */
  body: Uint8Array | string;
  /** Dub: the hook's (or postback's) signing secret. Linkly: the token the connector put in the hook URL. Absent: not verified. */
  secret?: string;
  /** The request URL (or path and query): where Linkly deliveries carry the token. */
  url?: string;
}

/**
 * What parsing knows of one kind of delivery: its events, and how a delivery proves who sent it. The catalogues
 * define these; the parser only reads them, so the catalogues depend on this file and never the other way round.
 */
export interface DeliveryService {
  provider: Provider;
  entries: readonly EventEntry[];
  /** The refusal for a delivery the service did not send (checked against `secret`), or undefined. */
  verify(delivery: Delivery, secret: string): DeliveryError | undefined;
  /** The refusal for a request that no secret could verify (no signature or token, or one not in the service's form). */
  unverifiable(delivery: Delivery): DeliveryError | undefined;
  /**
   * The event a delivery naming no event this package knows is read as, where the service has one kind of delivery
   * (Linkly's click): its drifted `event` is listed in `unreadFields` instead of the item being lost.
   */
  readUnknownAs?: EventEntry;
}
