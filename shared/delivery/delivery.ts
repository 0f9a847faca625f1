import type { CatalogueEntry } from '../catalogue/types';
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
  entries: readonly CatalogueEntry[];
  /** The refusal for a delivery the service did not send (checked against `secret`), or undefined. */
  verify(delivery: Delivery, secret: string): DeliveryError | undefined;
}
