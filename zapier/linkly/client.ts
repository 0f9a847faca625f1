import type { Bundle, ZObject } from 'zapier-platform-core';
import { createLinklyClient, type LinklyClient } from '../../shared';
import { zapierRetryPolicy } from '../common/retry-policy';
import { zapierTransport } from '../common/zapier-transport';
import { linklyApiBaseUrl } from './settings';

/** The core's Linkly client for the connection's key and workspace, talking through `z.request`. */
export function linklyClientFor(z: ZObject, bundle: Bundle): LinklyClient {
  return createLinklyClient({
    transport: zapierTransport(z),
    apiKey: bundle.authData.api_key ?? '',
    workspaceId: bundle.authData.workspace_id ?? '',
    baseUrl: linklyApiBaseUrl(),
    policy: zapierRetryPolicy,
  });
}
