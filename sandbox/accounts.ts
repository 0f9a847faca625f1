/** The fixed credentials the sandbox knows, one per situation a connector must handle. */

export const DUB_TOKEN_BUSINESS = 'sandbox_dub_oauth_business';
export const DUB_TOKEN_PRO = 'sandbox_dub_oauth_pro';
export const DUB_KEY_NO_WEBHOOK_SCOPE = 'dub_sandbox_key_noscope';

export const DUB_OAUTH_CLIENT_ID = 'dub_app_sandbox_client';
export const DUB_OAUTH_CLIENT_SECRET = 'dub_app_sandbox_secret';
/** Always exchangeable (any redirect_uri, no PKCE), for tests that skip the authorize step. */
export const DUB_OAUTH_TEST_CODE = 'sandbox_dub_code';

export const LINKLY_KEY_PAID = 'sandbox_linkly_paid';
export const LINKLY_KEY_FREE = 'sandbox_linkly_free';
export const LINKLY_WORKSPACE_PAID = 1;
export const LINKLY_WORKSPACE_FREE = 2;

export type DubPlan = 'free' | 'pro' | 'business' | 'advanced';

/** Requests per minute per workspace, as Dub publishes them. */
export const DUB_RATE_LIMITS: Record<DubPlan, number> = { free: 60, pro: 600, business: 1200, advanced: 3000 };

export const DUB_ALL_SCOPES = [
  'links.read',
  'links.write',
  'folders.read',
  'analytics.read',
  'events.read',
  'webhooks.read',
  'webhooks.write',
  'programs.read',
  'partners.read',
  'commissions.read',
  'payouts.read',
  'user.read',
] as const;

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

const DUB_WORKSPACE_PRO: DubWorkspace = {
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
  [DUB_TOKEN_BUSINESS, { kind: 'oauth', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes: DUB_ALL_SCOPES }],
  [DUB_TOKEN_PRO, { kind: 'oauth', workspace: DUB_WORKSPACE_PRO, user: BOB, scopes: DUB_ALL_SCOPES }],
  [
    DUB_KEY_NO_WEBHOOK_SCOPE,
    {
      kind: 'api_key',
      workspace: DUB_WORKSPACE_BUSINESS,
      user: ALICE,
      // A dashboard key: everything except the webhook scopes, which such keys cannot carry.
      scopes: DUB_ALL_SCOPES.filter((scope) => !scope.startsWith('webhooks.')),
    },
  ],
]);

export function fixedDubAccount(token: string): DubAccount | undefined {
  return FIXED_DUB_ACCOUNTS.get(token);
}

/** What an access token issued by the sandbox's OAuth endpoint stands for. */
export function issuedDubAccount(scopes: readonly string[]): DubAccount {
  return { kind: 'oauth', workspace: DUB_WORKSPACE_BUSINESS, user: ALICE, scopes };
}

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
