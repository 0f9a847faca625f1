import type { Bundle, ZObject } from 'zapier-platform-core';
import { createLinklySamplingClient, type LinklySamplingClient } from '../../shared';
import { zapierRetryPolicy } from '../common/retry-policy';
import { zapierTransport } from '../common/zapier-transport';
import { linklyApiBaseUrl } from './settings';

/**
 * The core's Linkly client for the connection's key and workspace, with the calls only Zapier makes (samples,
 * connection test), talking through `z.request`.
 */
export function linklyClientFor(z: ZObject, bundle: Bundle): LinklySamplingClient {
  return createLinklySamplingClient({
    transport: zapierTransport(z),
    apiKey: bundle.authData.api_key ?? '',
    workspaceId: bundle.authData.workspace_id ?? '',
    baseUrl: linklyApiBaseUrl(),
    policy: zapierRetryPolicy,
  });
}
