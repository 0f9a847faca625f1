import { dubDeliveryService } from '../dub/catalogue';
import { linklyDeliveryService } from '../linkly/catalogue';
import type { Provider } from '../normalized/parts';
import type { Delivery, DeliveryService } from './delivery';
import { parseServiceDelivery, type DeliveryResult } from './parse-delivery';

/** Each service's webhooks as the parser knows them. Dub's partner postbacks are a service of their own (postbacks.ts). */
export const DELIVERY_SERVICES: Record<Provider, DeliveryService> = { dub: dubDeliveryService, linkly: linklyDeliveryService };

/** parseServiceDelivery for a host that carries both services (Zapier's apps, the CLI): the provider picks the service. */
export function parseDelivery(delivery: Delivery): DeliveryResult {
  return parseServiceDelivery(DELIVERY_SERVICES[delivery.provider], delivery);
}
