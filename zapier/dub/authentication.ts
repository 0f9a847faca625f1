import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { dubWorkspaceInfoSchema } from '../../shared/dub/sampling-client';
import { withZapierErrors } from '../common/api-errors';
import { dubClientFor } from './client';
import { authorizeUrl, DUB_SCOPES, getAccessToken, refreshAccessToken } from './oauth';
import { DUB_CREDENTIAL } from './settings';

/*
 * The Dub app connects in one of two ways, one per built app (Zapier takes one scheme per app): a Restricted API key
 * that a workspace owner makes with Webhooks: Write, or OAuth, which Dub lets only an owner approve and, until Dub
 * verifies the OAuth app, only on its developer's workspace. Both tests call Dub the way the triggers will.
 */

const DUB_DOCS_API_KEYS = 'https://dub.co/docs/api-reference/tokens';

/** Dub's own refusals at its consent page, verbatim, so a user who meets one finds it here. */
export const DUB_OAUTH_CONSENT_REFUSALS = [
  "You don't have the permission to install this integration.",
  "Dub hasn't verified this integration. It can only be installed by its developer or on the developer's workspace.",
] as const;

const OAUTH_HELP =
  'Connecting over OAuth needs a **workspace owner** in Dub: Dub grants the webhook permission to owners only, and ' +
  `tells anyone else "${DUB_OAUTH_CONSENT_REFUSALS[0]}" Until Dub verifies this app's OAuth client, only its ` +
  `developer, or someone on the developer's workspace, can install it; others see "${DUB_OAUTH_CONSENT_REFUSALS[1]}" ` +
  'If you meet either, ask a workspace owner to connect, or use the Dub app that connects with a Restricted API key ' +
  `([how to make one](${DUB_DOCS_API_KEYS})). Dub webhooks need the Business plan or higher.`;

const API_KEY_HELP =
  `A **Restricted** API key with **Webhooks: Write** ([Dub's guide](${DUB_DOCS_API_KEYS})). In Dub: Settings → ` +
  'API Keys → Create → Restricted, set Webhooks to Write; add Links, Folders and Analytics as Read for Link ' +
  "Clicked's pickers and real samples. Only a workspace owner can make such a key. The \"All access\" and \"Read " +
  'only" keys cannot manage webhooks. Dub webhooks need the Business plan or higher.';

/** OAuth: who the token belongs to; a bad or expired token fails here, and Zapier first tries a refresh. */
const oauthTest = withZapierErrors('oauth', async (z: ZObject, bundle: Bundle) => dubClientFor(z, bundle).userInfo());

/** A key: the webhook list, which needs exactly what the triggers need (webhooks permission, Business plan). */
const apiKeyTest = withZapierErrors('api_key', async (z: ZObject, bundle: Bundle) => {
  const hooks = await dubClientFor(z, bundle).webhooks.list();
  return { webhooks: hooks.length };
});

/** Names the workspace, since a Dub connection is bound to one. `bundle.inputData` holds what `test` returned. */
async function oauthConnectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const info = dubWorkspaceInfoSchema.safeParse(bundle.inputData);
  if (!info.success) return 'Dub workspace';
  const { workspace, name, email } = info.data;
  const workspaceName = textOf(workspace?.name);
  const slug = textOf(workspace?.slug);
  if (workspaceName) return slug && slug !== workspaceName ? `${workspaceName} (${slug})` : workspaceName;
  return textOf(name) ?? textOf(email) ?? 'Dub workspace';
}

/** Dub tells a webhooks-only key nothing about its workspace, so the label is the name the user gave, if any. */
async function apiKeyConnectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const workspace = textOf(bundle.authData.workspace);
  return workspace ? `${workspace} (API key)` : 'Dub workspace (API key)';
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export const dubOAuthAuthentication: Authentication = {
  type: 'oauth2',
  test: oauthTest,
  connectionLabel: oauthConnectionLabel,
  fields: [{ key: 'oauth_limits', label: 'Who Can Connect', type: 'copy', required: false, helpText: OAUTH_HELP }],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    scope: DUB_SCOPES,
    // Off on purpose: Zapier's automatic refresh turns every 401 into a bare RefreshAuthError, the token endpoint's
    // included, so Dub's reason for refusing a refresh would be lost. The app raises RefreshAuthError itself on a 401
    // (zapier/common/api-errors.ts), which makes Zapier refresh just the same.
    autoRefresh: false,
  },
};

export const dubApiKeyAuthentication: Authentication = {
  type: 'custom',
  test: apiKeyTest,
  connectionLabel: apiKeyConnectionLabel,
  fields: [
    { key: 'api_key', label: 'API Key', type: 'password', required: true, helpText: API_KEY_HELP },
    {
      key: 'workspace',
      label: 'Workspace Name',
      type: 'string',
      required: false,
      helpText:
        "How this connection is named in Zapier: the name of the Dub workspace the key belongs to (each key belongs to " +
        `one, [Dub's guide](${DUB_DOCS_API_KEYS})). Not checked: a key that may only manage webhooks cannot read its workspace's name.`,
    },
  ],
};

/** The scheme this build offers. */
export const dubAuthentication: Authentication = DUB_CREDENTIAL === 'api_key' ? dubApiKeyAuthentication : dubOAuthAuthentication;
