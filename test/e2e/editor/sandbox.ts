/**
 * The editor test's one door to the sandbox (the local Dub and Linkly): every import of it goes through here, so
 * moving the sandbox means repointing this file only.
 */
import {
  DUB_FOLDERS,
  DUB_LINKS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  LINKLY_KEY_PAID,
  LINKLY_LINKS,
  LINKLY_WORKSPACE_PAID,
  startSandbox,
  type DubEnvelope,
  type Sandbox,
} from '../../../sandbox';

export { startSandbox, type DubEnvelope, type Sandbox };

/** The OAuth app a user registers in Dub; the sandbox's authorize page approves it at once. */
export function dubOAuthApp(sandbox: Sandbox): { authUrl: string; accessTokenUrl: string; clientId: string; clientSecret: string } {
  return {
    authUrl: `${sandbox.dubBaseUrl}/oauth/authorize`,
    accessTokenUrl: `${sandbox.dubBaseUrl}/oauth/token`,
    clientId: DUB_OAUTH_CLIENT_ID,
    clientSecret: DUB_OAUTH_CLIENT_SECRET,
  };
}

/** A paid Linkly workspace: the one whose plan has webhooks. */
export const LINKLY_ACCOUNT = { apiKey: LINKLY_KEY_PAID, workspaceId: LINKLY_WORKSPACE_PAID };

export interface PickerEntry {
  id: string;
  /** What the user reads in the picker. */
  label: string;
}

/** The Dub workspace's links, as the Dub Trigger's link picker names them: short link, then the title. */
export const dubLinks: PickerEntry[] = DUB_LINKS.map((link) => {
  const shortLink = String(link.shortLink);
  return { id: String(link.id), label: typeof link.title === 'string' ? `${shortLink} (${link.title})` : shortLink };
});

export const dubFolders: PickerEntry[] = DUB_FOLDERS.map((folder) => ({ id: String(folder.id), label: String(folder.name) }));

/** The paid workspace's Linkly links, as the Linkly Trigger's picker names them: name, then the short URL. */
export const linklyLinks: PickerEntry[] = LINKLY_LINKS.filter((link) => link.workspace_id === LINKLY_WORKSPACE_PAID).map((link) => ({
  id: String(link.id),
  label: `${link.name} (${link.full_url})`,
}));

/** A Linkly link fixture by id: a delivery for it carries the link object Linkly sends. */
export function linklyLink(id: string): Record<string, unknown> {
  const found = LINKLY_LINKS.find((link) => String(link.id) === id);
  if (!found) throw new Error(`the sandbox has no Linkly link ${id}`);
  return { ...found };
}
