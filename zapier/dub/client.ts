import type { Bundle, ZObject } from 'zapier-platform-core';
import { createDubSamplingClient, type DubSamplingClient } from '../../shared';
import { zapierRetryPolicy } from '../common/retry-policy';
import { zapierTransport } from '../common/zapier-transport';
import { DUB_CREDENTIAL, dubApiBaseUrl } from './settings';

/**
 * The core's Dub client, with the calls only Zapier makes (samples, connection test), talking through `z.request`
 * with the connection's API key or access token.
 */
export function dubClientFor(z: ZObject, bundle: Bundle): DubSamplingClient {
  return createDubSamplingClient({
    transport: zapierTransport(z),
    token: (DUB_CREDENTIAL === 'api_key' ? bundle.authData.api_key : bundle.authData.access_token) ?? '',
    baseUrl: dubApiBaseUrl(),
    policy: zapierRetryPolicy,
  });
}
