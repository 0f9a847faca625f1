import { sleep, type IHookFunctions } from 'n8n-workflow';
import {
  createDubClient,
  createLinklyClient,
  dubHookRegistrar,
  linklyHookRegistrar,
  DUB_API_BASE_URL,
  LINKLY_API_BASE_URL,
  type DubClient,
  type DubHookRegistrar,
  type LinklyClient,
  type LinklyHookRegistrar,
  type RetryPolicy,
} from '../../shared';
import { n8nTransport, type ApiContext } from './transport';

/** The Dub Trigger's Authentication choice, and the credential type each value uses. */
export const DUB_CREDENTIAL_BY_AUTHENTICATION = { oAuth2: 'dubOAuth2Api', apiKey: 'dubApi' } as const;
export type DubAuthentication = keyof typeof DUB_CREDENTIAL_BY_AUTHENTICATION;
export const LINKLY_CREDENTIAL = 'linklyApi';

/**
 * Activation may wait a rate limit out (n8n has no retry of its own for it), but never longer than a minute per wait
 * nor two minutes in all; a longer wait fails with the service's real wait in the message. Pickers answer a person
 * looking at the editor: they give up sooner. Waits go through n8n's helper, as community node code may not use timers.
 */
const POLICIES = {
  lifecycle: { sleep, onRateLimit: 'wait', maxRateLimitWaitMs: 60_000, budgetMs: 120_000 },
  picker: { sleep, onRateLimit: 'wait', maxRateLimitWaitMs: 10_000, budgetMs: 30_000, requestTimeoutMs: 15_000 },
} satisfies Record<string, Partial<RetryPolicy>>;

/** What a client is made for: registering hooks, or filling a picker in the editor. */
export type ClientUse = keyof typeof POLICIES;

export async function dubClientFor(context: ApiContext, use: ClientUse): Promise<DubClient> {
  const credentialType = DUB_CREDENTIAL_BY_AUTHENTICATION[dubAuthentication(context)];
  const credentials = await context.getCredentials<{ baseUrl?: string }>(credentialType);
  return createDubClient({
    transport: n8nTransport(context, credentialType),
    baseUrl: baseUrlOr(credentials.baseUrl, DUB_API_BASE_URL),
    policy: POLICIES[use],
  });
}

export async function linklyClientFor(context: ApiContext, use: ClientUse): Promise<LinklyClient> {
  const credentials = await context.getCredentials<{ baseUrl?: string; workspaceId?: string | number }>(LINKLY_CREDENTIAL);
  return createLinklyClient({
    transport: n8nTransport(context, LINKLY_CREDENTIAL),
    workspaceId: String(credentials.workspaceId ?? '').trim(),
    baseUrl: baseUrlOr(credentials.baseUrl, LINKLY_API_BASE_URL),
    policy: POLICIES[use],
  });
}

/** The core's hook registrars, for the webhook lifecycle (create, checkExists, delete). */
export async function dubRegistrarFor(context: IHookFunctions): Promise<DubHookRegistrar> {
  return dubHookRegistrar(await dubClientFor(context, 'lifecycle'));
}

export async function linklyRegistrarFor(context: IHookFunctions): Promise<LinklyHookRegistrar> {
  return linklyHookRegistrar(await linklyClientFor(context, 'lifecycle'));
}

function dubAuthentication(context: ApiContext): DubAuthentication {
  const value = context.getNodeParameter('authentication', 'oAuth2');
  return value === 'apiKey' ? 'apiKey' : 'oAuth2';
}

function baseUrlOr(configured: string | undefined, fallback: string): string {
  const trimmed = configured?.trim();
  return trimmed ? trimmed : fallback;
}
