import type { Authentication, Bundle, ZObject } from 'zapier-platform-core';
import { z as zod } from 'zod/v4';
import { withZapierErrors } from '../common/api-errors';
import { linklyClientFor } from './client';

const workspace = zod.looseObject({ id: zod.union([zod.number(), zod.string()]), name: zod.string().nullish() });
const workspaceList = zod.union([
  zod.array(workspace),
  zod.looseObject({ workspaces: zod.array(workspace) }).transform((answer) => answer.workspaces),
]);

const connection = zod.looseObject({ workspaceId: zod.string(), workspaceName: zod.string().nullable() });
type Connection = zod.infer<typeof connection>;

/** The key must work and reach the workspace the user named: GET /workspaces lists the ones it reaches. */
const test = withZapierErrors('api_key', async (z: ZObject, bundle: Bundle): Promise<Connection> => {
  const workspaceId = (bundle.authData.workspace_id ?? '').trim();
  if (!/^\d+$/.test(workspaceId)) {
    throw new z.errors.Error(`"${workspaceId}" is not a Linkly workspace id: it is the number shown on Linkly's API settings page.`, 'invalid_workspace_id', 400);
  }
  const listed = workspaceList.safeParse(await linklyClientFor(z, bundle).workspaces());
  // An answer in an unknown shape still proves the key works; only a list without the workspace is a failure.
  if (!listed.success) return { workspaceId, workspaceName: null };
  const found = listed.data.find((candidate) => String(candidate.id) === workspaceId);
  if (!found) {
    throw new z.errors.Error(`The API key works, but it does not reach workspace ${workspaceId}. Check the workspace id on Linkly's API settings page.`, 'unknown_workspace', 404);
  }
  return { workspaceId, workspaceName: found.name ?? null };
});

/** `bundle.inputData` holds what `test` returned. */
async function connectionLabel(z: ZObject, bundle: Bundle): Promise<string> {
  const tested = connection.safeParse(bundle.inputData);
  if (!tested.success) return 'Linkly workspace';
  const { workspaceId, workspaceName } = tested.data;
  return workspaceName ? `${workspaceName} (workspace ${workspaceId})` : `Linkly workspace ${workspaceId}`;
}

export const linklyAuthentication: Authentication = {
  type: 'custom',
  test,
  connectionLabel,
  fields: [
    {
      key: 'api_key',
      label: 'API Key',
      type: 'password',
      required: true,
      helpText:
        "Copy it from Linkly's [API settings page](https://app.linklyhq.com/app/user/api) (Settings → API, under API Token; " +
        '[how the API works](https://linklyhq.com/support/api)). The key is sent in request headers only, never in a URL.',
    },
    {
      key: 'workspace_id',
      label: 'Workspace ID',
      type: 'string',
      required: true,
      helpText: "The workspace's number, listed on the same [API settings page](https://app.linklyhq.com/app/user/api) as the key.",
    },
  ],
};
