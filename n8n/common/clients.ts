import { sleep } from 'n8n-workflow';
import { createDubClient, createLinklyClient, DUB_API_BASE_URL, LINKLY_API_BASE_URL, type DubClient, type LinklyClient } from '../../shared';
import { n8nTransport, type ApiContext } from './transport';

/** The Dub Trigger's Authentication choice, and the credential type each value uses. */
export const DUB_CREDENTIAL_BY_AUTHENTICATION = { oAuth2: 'dubOAuth2Api', apiKey: 'dubApi' } as const;
export type DubAuthentication = keyof typeof DUB_CREDENTIAL_BY_AUTHENTICATION;
export const LINKLY_CREDENTIAL = 'linklyApi';

/** Waits go through n8n's helper rather than the global timer, which community node code may not touch. */
const policy = { sleep };

export async function dubClientFor(context: ApiContext): Promise<DubClient> {
  const credentialType = DUB_CREDENTIAL_BY_AUTHENTICATION[dubAuthentication(context)];
  const credentials = await context.getCredentials<{ baseUrl?: string }>(credentialType);
  return createDubClient({
    transport: n8nTransport(context, credentialType),
    baseUrl: baseUrlOr(credentials.baseUrl, DUB_API_BASE_URL),
    policy,
  });
}

export async function linklyClientFor(context: ApiContext): Promise<LinklyClient> {
  const credentials = await context.getCredentials<{ baseUrl?: string; workspaceId?: string | number }>(LINKLY_CREDENTIAL);
  return createLinklyClient({
    transport: n8nTransport(context, LINKLY_CREDENTIAL),
    workspaceId: String(credentials.workspaceId ?? '').trim(),
    baseUrl: baseUrlOr(credentials.baseUrl, LINKLY_API_BASE_URL),
    policy,
  });
}

function dubAuthentication(context: ApiContext): DubAuthentication {
  const value = context.getNodeParameter('authentication', 'oAuth2');
  return value === 'apiKey' ? 'apiKey' : 'oAuth2';
}

function baseUrlOr(configured: string | undefined, fallback: string): string {
  const trimmed = configured?.trim();
  return trimmed ? trimmed : fallback;
}
