import type { IHookFunctions } from 'n8n-workflow';
import { createDubClient, dubHookRegistrar, DUB_API_BASE_URL, type DubClient, type DubHookRegistrar } from '../../../../shared';
import { baseUrlOr, CLIENT_POLICIES, type ClientUse } from '../../../common/clients';
import { n8nTransport, type ApiContext } from '../../../common/transport';

/** The third way out of Dub's permission 403, in this node's terms: added to every missing-scope error. */
export const MANUAL_REGISTRATION_HINT =
  "For (3), set this node's Authentication to None: add the node's Production URL as a webhook in Dub " +
  '(Settings → Webhooks), then paste the signing secret Dub shows into the node.';

/** The Dub Trigger's Authentication choice, and the credential type each value uses. */
export const DUB_CREDENTIAL_BY_AUTHENTICATION = { oAuth2: 'dubOAuth2Api', apiKey: 'dubApi' } as const;
export type DubAuthentication = keyof typeof DUB_CREDENTIAL_BY_AUTHENTICATION;

export async function dubClientFor(context: ApiContext, use: ClientUse): Promise<DubClient> {
  const credentialType = DUB_CREDENTIAL_BY_AUTHENTICATION[dubAuthentication(context)];
  const credentials = await context.getCredentials<{ baseUrl?: string }>(credentialType);
  return createDubClient({
    transport: n8nTransport(context, credentialType),
    baseUrl: baseUrlOr(credentials.baseUrl, DUB_API_BASE_URL),
    policy: CLIENT_POLICIES[use],
  });
}

/** The core's hook registrar, for the webhook lifecycle (create, checkExists, delete). */
export async function dubRegistrarFor(context: IHookFunctions): Promise<DubHookRegistrar> {
  return dubHookRegistrar(await dubClientFor(context, 'lifecycle'));
}

function dubAuthentication(context: ApiContext): DubAuthentication {
  const value = context.getNodeParameter('authentication', 'oAuth2');
  return value === 'apiKey' ? 'apiKey' : 'oAuth2';
}
