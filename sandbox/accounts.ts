/** The fixed credentials the sandbox knows, one per situation a connector must handle, and what each may do. */

/** Dub OAuth access tokens (what an OAuth app holds after the user consented): workspace-bound, every OAuth scope. */
export const DUB_TOKEN_BUSINESS = 'dub_access_token_sandbox_business';
export const DUB_TOKEN_PRO = 'dub_access_token_sandbox_pro';

/** Dub workspace API keys (`dub_…`, made under Settings → API Keys). The "All access" and "Read only" presets carry
 *  no webhook permission; only a "Restricted" key with Webhooks: Write can manage webhooks. */
export const DUB_KEY_ALL_ACCESS = 'dub_sandboxAllAccessKey00001';
export const DUB_KEY_READ_ONLY = 'dub_sandboxReadOnlyKey000001';
export const DUB_KEY_RESTRICTED_WEBHOOKS_WRITE = 'dub_sandboxWebhooksWrite0001';
/** An "All access" key of the Pro workspace: lacks the permission and the plan, so it shows which check comes first. */
export const DUB_KEY_ALL_ACCESS_PRO = 'dub_sandboxAllAccessPro00001';
/** The former name of DUB_KEY_ALL_ACCESS: a dashboard key without the webhook permissions. */
export const DUB_KEY_NO_WEBHOOK_SCOPE = DUB_KEY_ALL_ACCESS;

export const DUB_OAUTH_CLIENT_ID = 'dub_app_sandbox_client';
export const DUB_OAUTH_CLIENT_SECRET = 'dub_app_secret_sandbox';
/** Always exchangeable (any redirect_uri, no PKCE), for tests that skip the authorize step. */
export const DUB_OAUTH_TEST_CODE = 'sandbox_dub_code';

export const LINKLY_KEY_PAID = 'sandbox_linkly_paid';
export const LINKLY_KEY_FREE = 'sandbox_linkly_free';
export const LINKLY_WORKSPACE_PAID = 1;
export const LINKLY_WORKSPACE_FREE = 2;

export type DubPlan = 'free' | 'pro' | 'business' | 'advanced';

/** API requests per minute, per key, by the key's workspace plan, as Dub publishes them. */
export const DUB_RATE_LIMITS: Record<DubPlan, number> = { free: 60, pro: 600, business: 1200, advanced: 3000 };
/** Analytics requests (paths with /analytics or /events) per second, by plan (Dub's pricing plans: none on free). */
export const DUB_ANALYTICS_RATE_LIMITS: Record<DubPlan, number> = { free: 0, pro: 2, business: 4, advanced: 8 };

/** The scopes a Dub OAuth app may ask for (user.read is granted by default). */
export const DUB_OAUTH_SCOPES = [
  'links.read',
  'links.write',
  'tags.read',
  'tags.write',
  'analytics.read',
  'domains.read',
  'domains.write',
  'webhooks.read',
  'webhooks.write',
  'folders.read',
  'folders.write',
  'user.read',
] as const;

/** A scope grants these permissions; a `.write` scope includes its read. The two presets leave webhooks out. */
const SCOPE_PERMISSIONS: Record<string, readonly string[]> = {
  'links.write': ['links.write', 'links.read'],
  'tags.write': ['tags.write', 'tags.read'],
  'folders.write': ['folders.write', 'folders.read'],
  'domains.write': ['domains.write', 'domains.read'],
  'workspaces.write': ['workspaces.write', 'workspaces.read'],
  'webhooks.write': ['webhooks.write', 'webhooks.read'],
  'groups.write': ['groups.write', 'groups.read'],
  'apis.read': ['links.read', 'tags.read', 'folders.read', 'domains.read', 'workspaces.read', 'analytics.read', 'groups.read'],
  'apis.all': [
    'links.read',
    'links.write',
    'tags.read',
    'tags.write',
    'folders.read',
    'folders.write',
    'domains.read',
    'domains.write',
    'workspaces.read',
    'workspaces.write',
    'analytics.read',
    'groups.read',
    'groups.write',
  ],
};

export function permissionsOf(scopes: readonly string[]): Set<string> {
  return new Set(scopes.flatMap((scope) => SCOPE_PERMISSIONS[scope] ?? [scope]));
}

/** Scopes only a workspace owner holds (Dub's lib/api/tokens/scopes.ts: `webhooks.write` has roles ["owner"]). */
const OWNER_ONLY_SCOPES = new Set(['webhooks.write', 'workspaces.write']);

/** A credential's scopes cut to what its user's role allows now (Dub intersects them on every request). */
export function scopesForRole(scopes: readonly string[], role: 'owner' | 'member'): string[] {
  return role === 'owner' ? [...scopes] : scopes.filter((scope) => !OWNER_ONLY_SCOPES.has(scope));
}

export interface DubWorkspace {
  id: string;
  slug: string;
  name: string;
  plan: DubPlan;
}

export interface DubUser {
  id: string;
  name: string;
  email: string;
  image: string | null;
}

export interface DubAccount {
  kind: 'oauth' | 'api_key';
  workspace: DubWorkspace;
  user: DubUser;
  scopes: readonly string[];
}

export const DUB_WORKSPACE_BUSINESS: DubWorkspace = {
  id: 'ws_1JSANDBOXBUSINESS000000001',
  slug: 'acme',
  name: 'Acme Inc.',
  plan: 'business',
};

export const DUB_WORKSPACE_PRO: DubWorkspace = {
  id: 'ws_1JSANDBOXPRO0000000000001',
  slug: 'tinyshop',
  name: 'Tiny Shop',
  plan: 'pro',
};

const ALICE: DubUser = {
  id: 'user_1JSANDBOXALICE0000000001',
  name: 'Alice Martin',
  email: 'alice@acme.example',
  image: 'https://avatar.vercel.sh/alice',
};

const BOB: DubUser = {
  id: 'user_1JSANDBOXBOB000000000001',
  name: 'Bob Chen',
  email: 'bob@tinyshop.example',
  image: null,
};

const FIXED_DUB_ACCOUNTS: ReadonlyMap<string, DubAccount> = new Map<string, DubAccount>([
  [DUB_TOKEN_BUSINESS, { kind: 'oauth', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes: DUB_OAUTH_SCOPES }],
  [DUB_TOKEN_PRO, { kind: 'oauth', workspace: DUB_WORKSPACE_PRO, user: BOB, scopes: DUB_OAUTH_SCOPES }],
  [DUB_KEY_ALL_ACCESS, { kind: 'api_key', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes: ['apis.all'] }],
  [DUB_KEY_READ_ONLY, { kind: 'api_key', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes: ['apis.read'] }],
  [DUB_KEY_RESTRICTED_WEBHOOKS_WRITE, { kind: 'api_key', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes: ['webhooks.write'] }],
  [DUB_KEY_ALL_ACCESS_PRO, { kind: 'api_key', workspace: DUB_WORKSPACE_PRO, user: BOB, scopes: ['apis.all'] }],
]);

export function fixedDubAccount(token: string): DubAccount | undefined {
  return FIXED_DUB_ACCOUNTS.get(token);
}

/** What an access token issued by the sandbox's OAuth endpoint stands for. */
export function issuedDubAccount(scopes: readonly string[]): DubAccount {
  return { kind: 'oauth', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes };
}

/** Every fixed Dub credential with what it stands for, for the control endpoint and the README. */
export const DUB_CREDENTIALS = {
  oauthBusiness: DUB_TOKEN_BUSINESS,
  oauthPro: DUB_TOKEN_PRO,
  keyAllAccess: DUB_KEY_ALL_ACCESS,
  keyReadOnly: DUB_KEY_READ_ONLY,
  keyRestrictedWebhooksWrite: DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
  keyAllAccessPro: DUB_KEY_ALL_ACCESS_PRO,
} as const;

export interface LinklyAccount {
  workspaceId: number;
  workspaceName: string;
  paid: boolean;
}

const LINKLY_ACCOUNTS: ReadonlyMap<string, LinklyAccount> = new Map([
  [LINKLY_KEY_PAID, { workspaceId: LINKLY_WORKSPACE_PAID, workspaceName: 'Acme Marketing', paid: true }],
  [LINKLY_KEY_FREE, { workspaceId: LINKLY_WORKSPACE_FREE, workspaceName: 'Side Project', paid: false }],
]);

export function linklyAccount(key: string): LinklyAccount | undefined {
  return LINKLY_ACCOUNTS.get(key);
}
