import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { dubWorkspaceInfoSchema } from '../../shared/dub/api-schemas';
import { withZapierErrors } from '../common/api-errors';
import { dubClientFor } from './client';
import { authorizeUrl, DUB_SCOPES, getAccessToken, refreshAccessToken } from './oauth';

/** Who the token belongs to; a bad or expired token fails here, and with autoRefresh Zapier first tries a refresh. */
const test = withZapierErrors('oauth', async (z: ZObject, bundle: Bundle) => dubClientFor(z, bundle).userInfo());

/** Names the workspace, since a Dub connection is bound to one. `bundle.inputData` holds what `test` returned. */
async function connectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const info = dubWorkspaceInfoSchema.safeParse(bundle.inputData);
  if (!info.success) return 'Dub workspace';
  const { workspace, name, email } = info.data;
  const workspaceName = textOf(workspace?.name);
  const slug = textOf(workspace?.slug);
  if (workspaceName) return slug && slug !== workspaceName ? `${workspaceName} (${slug})` : workspaceName;
  return textOf(name) ?? textOf(email) ?? 'Dub workspace';
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

export const dubAuthentication: Authentication = {
  type: 'oauth2',
  test,
  connectionLabel,
  fields: [],
  oauth2Config: {
    authorizeUrl,
    getAccessToken,
    refreshAccessToken,
    scope: DUB_SCOPES,
    autoRefresh: true,
  },
};
