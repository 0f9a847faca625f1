import { createLinklyClient, linklyHookRegistrar, LINKLY_API_BASE_URL, type LinklyClient, type LinklyHookRegistrar } from '../../../../shared';
import { baseUrlOr, CLIENT_POLICIES, type ClientUse } from '../../../common/clients';
import { n8nTransport, type ApiContext } from '../../../common/transport';

export const LINKLY_CREDENTIAL = 'linklyApi';

export async function linklyClientFor(context: ApiContext, use: ClientUse): Promise<LinklyClient> {
  const credentials = await context.getCredentials<{ baseUrl?: string; workspaceId?: string | number }>(LINKLY_CREDENTIAL);
  return createLinklyClient({
    transport: n8nTransport(context, LINKLY_CREDENTIAL, 'apiKey'),
    workspaceId: String(credentials.workspaceId ?? '').trim(),
    baseUrl: baseUrlOr(credentials.baseUrl, LINKLY_API_BASE_URL),
    policy: CLIENT_POLICIES[use],
  });
}

/** The core's hook registrar, for the webhook lifecycle (create, checkExists, delete) and for deliveries. */
export async function linklyRegistrarFor(context: ApiContext, use: ClientUse = 'lifecycle'): Promise<LinklyHookRegistrar> {
  return linklyHookRegistrar(await linklyClientFor(context, use));
}
