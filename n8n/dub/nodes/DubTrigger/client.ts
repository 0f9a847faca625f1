import {
  createDubClient,
  dubHookRegistrar,
  DUB_API_BASE_URL,
  DUB_WEBHOOK_PERMISSION,
  type ApiError,
  type DubClient,
  type DubHookRegistrar,
} from '../../../../shared';
import { baseUrlOr, CLIENT_POLICIES, type ClientUse } from '../../../common/clients';
import { n8nTransport, type ApiContext } from '../../../common/transport';

/** The ways out of Dub's permission 403 for a Dub Trigger; the credential notice (DubApi) says the same. */
export const DUB_WEBHOOK_ACCESS_HELP =
  'Three ways out: (1) a Restricted API key with Webhooks: Write (in Dub: Settings → API Keys → Create → Restricted; ' +
  'only a workspace owner can make one — the "All access" and "Read only" keys cannot manage webhooks); ' +
  '(2) connect with OAuth (Dub gives webhooks.write to workspace owners only, on every request: a connection made by ' +
  'someone who is no longer an owner stops working; an owner must reconnect); or (3) add the webhook by ' +
  'hand in Dub (Settings → Webhooks) and use its signing secret.';

/** The third way out, in this node's terms. */
export const MANUAL_REGISTRATION_HINT =
  "For (3), set this node's Authentication to None: add the node's Production URL as a webhook in Dub " +
  '(Settings → Webhooks), then paste the signing secret Dub shows into the node.';

/** A missing permission other than webhooks' (a picker's links.read): the credential needs it too. */
const OTHER_PERMISSION_HELP = 'Give the Restricted key that permission too (Dub: Settings → API Keys), or connect with OAuth.';

/** What a Dub Trigger user can do about Dub's permission 403, added to the core's message (which says what happened). */
export function dubMissingScopeAdvice(error: ApiError): string {
  const permission = error.details.permission;
  if (permission === undefined || permission === DUB_WEBHOOK_PERMISSION) return `${DUB_WEBHOOK_ACCESS_HELP} ${MANUAL_REGISTRATION_HINT}`;
  return OTHER_PERMISSION_HELP;
}

/** The Dub Trigger's Authentication choice, and the credential type each value uses. */
export const DUB_CREDENTIAL_BY_AUTHENTICATION = { oAuth2: 'dubOAuth2Api', apiKey: 'dubApi' } as const;
export type DubAuthentication = keyof typeof DUB_CREDENTIAL_BY_AUTHENTICATION;

export async function dubClientFor(context: ApiContext, use: ClientUse): Promise<DubClient> {
  const authentication = dubAuthentication(context);
  const credentialType = DUB_CREDENTIAL_BY_AUTHENTICATION[authentication];
  const credentials = await context.getCredentials<{ baseUrl?: string }>(credentialType);
  return createDubClient({
    transport: n8nTransport(context, credentialType, authentication),
    baseUrl: baseUrlOr(credentials.baseUrl, DUB_API_BASE_URL),
    policy: CLIENT_POLICIES[use],
  });
}

/** The core's hook registrar, for the webhook lifecycle (create, checkExists, delete) and for deliveries. */
export async function dubRegistrarFor(context: ApiContext, use: ClientUse = 'lifecycle'): Promise<DubHookRegistrar> {
  return dubHookRegistrar(await dubClientFor(context, use));
}

function dubAuthentication(context: ApiContext): DubAuthentication {
  const value = context.getNodeParameter('authentication', 'oAuth2');
  return value === 'apiKey' ? 'apiKey' : 'oAuth2';
}
