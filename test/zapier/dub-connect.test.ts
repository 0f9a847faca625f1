import nock from 'nock';
import type { App, Bundle, Trigger, ZObject } from 'zapier-platform-core';
import { catalogue } from '../../shared';
import {
  DUB_KEY_ALL_ACCESS,
  DUB_KEY_ALL_ACCESS_PRO,
  DUB_KEY_READ_ONLY,
  DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_PAID,
  type DubEnvelope,
} from '../../sandbox';
import { useSandbox } from '../support/sandbox';
import { useNock } from '../support/strict-nock';
import { startHookCatcher, type HookCatcher } from './hook-catcher';
import { hookOf, linklyApp, pollOf, runLinkly, zapierRawRequest } from './support';

/**
 * Connecting the Dub apps the two ways the build makes them (a Restricted API key; OAuth), and the errors a Zapier user
 * meets on the way, through Zapier's own app tester against the sandbox (and nock where the sandbox cannot say it).
 */

type Fn = (z: ZObject, bundle: Bundle) => Promise<unknown>;
type Tester = (fn: Fn, bundle?: Partial<Bundle>) => Promise<unknown>;
type DubAuthChoice = 'api_key' | 'oauth';

/**
 * The Dub app as a build with that authentication makes it: the choice is read when the app's modules load, so each
 * is loaded apart, with its own copy of zapier-platform-core (errors are told apart by name, not class).
 */
function loadDubApp(choice: DubAuthChoice): { app: App<Record<string, Trigger>>; run: Tester } {
  const saved = process.env.LINKHOOKS_DUB_ZAPIER_AUTH;
  process.env.LINKHOOKS_DUB_ZAPIER_AUTH = choice;
  try {
    let loaded: { app: App<Record<string, Trigger>>; run: Tester } | undefined;
    jest.isolateModules(() => {
      const app = require('../../zapier/dub') as App<Record<string, Trigger>>;
      const core = require('zapier-platform-core') as { createAppTester(app: unknown): Tester };
      loaded = { app, run: core.createAppTester(app) };
    });
    if (!loaded) throw new Error('the Dub app did not load');
    return loaded;
  } finally {
    if (saved === undefined) delete process.env.LINKHOOKS_DUB_ZAPIER_AUTH;
    else process.env.LINKHOOKS_DUB_ZAPIER_AUTH = saved;
  }
}

const keyApp = loadDubApp('api_key');
const oauthApp = loadDubApp('oauth');
const authOf = (app: App<Record<string, Trigger>>) => {
  if (!app.authentication) throw new Error('the app has no authentication');
  return app.authentication;
};
const asFn = (value: unknown): Fn => {
  if (typeof value !== 'function') throw new Error('expected a function');
  return value as Fn;
};

/** What a Zapier error says: z.errors.Error carries JSON ({message, code, status}); the auth errors plain text. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; message: string; code?: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    try {
      const parsed = JSON.parse(error.message) as { message: string; code?: string; status?: number };
      return { name: error.name, ...parsed };
    } catch {
      return { name: error.name, message: error.message };
    }
  }
  throw new Error('expected the operation to fail');
}

const sandbox = useSandbox();
let catcher: HookCatcher;
const savedEnv = { ...process.env };

beforeAll(async () => {
  catcher = await startHookCatcher();
});
beforeEach(() => {
  catcher.caught.length = 0;
  Object.assign(process.env, {
    DUB_API_BASE_URL: sandbox().dubBaseUrl,
    CLIENT_ID: DUB_OAUTH_CLIENT_ID,
    CLIENT_SECRET: DUB_OAUTH_CLIENT_SECRET,
    LINKLY_API_BASE_URL: sandbox().linklyBaseUrl,
  });
});
afterAll(async () => {
  process.env = savedEnv;
  await catcher?.close();
});

describe('the two Dub apps the build makes from zapier/dub', () => {
  it('the API key app asks for a Restricted key, says how to make one and that only an owner can', () => {
    const auth = authOf(keyApp.app);
    expect(auth.type).toBe('custom');
    const fields = Array.isArray(auth.fields) ? auth.fields : [];
    const key = fields.find((field) => 'key' in field && field.key === 'api_key');
    expect(key).toMatchObject({ type: 'password', required: true });
    const help = key && 'helpText' in key ? String(key.helpText) : '';
    for (const fact of ['**Restricted**', '**Webhooks: Write**', 'Settings → API Keys → Create → Restricted', 'Only a workspace owner', '"All access"', 'Business plan']) {
      expect(help).toContain(fact);
    }
    expect(help).toMatch(/\]\(https:\/\/dub\.co\/docs\//);
  });

  it.each([
    ['API key', keyApp],
    ['OAuth', oauthApp],
  ])("the %s app's every input field on the connection screen links to where its value is found", (_name, { app }) => {
    const fields = authOf(app).fields;
    for (const field of Array.isArray(fields) ? fields : []) {
      if ('type' in field && field.type === 'copy') continue;
      expect({ key: 'key' in field ? field.key : '?', help: 'helpText' in field ? field.helpText : '' }).toEqual({ key: expect.any(String), help: expect.stringMatching(/\]\(https:\/\/[^)]+\)/) });
    }
  });

  it("the OAuth app's auth help says OAuth's limits, in Dub's own words", () => {
    const auth = authOf(oauthApp.app);
    expect(auth.type).toBe('oauth2');
    const fields = Array.isArray(auth.fields) ? auth.fields : [];
    const help = fields.map((field) => ('helpText' in field ? String(field.helpText) : '')).join(' ');
    expect(help).toContain('**workspace owner**');
    expect(help).toContain("You don't have the permission to install this integration.");
    expect(help).toContain("Dub hasn't verified this integration. It can only be installed by its developer or on the developer's workspace.");
    expect(help).toMatch(/Restricted API key/);
  });
});

describe('the API key app, against the sandbox', () => {
  const { run, app } = keyApp;
  const auth = authOf(app);
  const subscribe = (apiKey: string) =>
    run(hookOf(app, 'sale_created').performSubscribe as Fn, { authData: { api_key: apiKey }, targetUrl: `${catcher.url}/hooks/standard/1/key/`, inputData: {} });

  it('connecting with a Restricted key (Webhooks: Write) passes the test, is labelled, and registers hooks that deliver', async () => {
    const authData = { api_key: DUB_KEY_RESTRICTED_WEBHOOKS_WRITE, workspace: 'Acme Inc.' };
    const tested = await run(asFn(auth.test), { authData });
    expect(tested).toEqual({ webhooks: 0 });
    expect(await run(asFn(auth.connectionLabel), { authData, inputData: tested as Record<string, unknown> })).toBe('Acme Inc. (API key)');
    expect(await run(asFn(auth.connectionLabel), { authData: { api_key: DUB_KEY_RESTRICTED_WEBHOOKS_WRITE }, inputData: {} })).toBe('Dub workspace (API key)');

    const hook = hookOf(app, 'sale_created');
    const subscribeData = (await run(hook.performSubscribe as Fn, { authData, targetUrl: `${catcher.url}/hooks/standard/1/key/`, inputData: {} })) as {
      id: string;
      secret: string;
    };
    expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: subscribeData.id, triggers: ['sale.created'] })]);
    // Every call carried the key as Dub wants it.
    expect(sandbox().dub.requests().every((request) => request.headers.authorization === `Bearer ${DUB_KEY_RESTRICTED_WEBHOOKS_WRITE}`)).toBe(true);

    const sale = catalogue.dub.find((entry) => entry.event === 'sale.created');
    if (!sale) throw new Error('no sale.created entry');
    const envelope = sale.sample as DubEnvelope;
    await sandbox().dub.deliver(envelope);
    const [request] = catcher.caught;
    if (!request) throw new Error('Dub delivered nothing');
    const { 'content-type': _type, 'content-length': _length, ...headers } = request.headers;
    const items = (await run(hook.perform as Fn, { authData, subscribeData, rawRequest: zapierRawRequest(request.body, headers) })) as Array<{ id: string }>;
    expect(items.map((item) => item.id)).toEqual([envelope.id]);

    await run(hook.performUnsubscribe as Fn, { authData, subscribeData });
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it.each([
    ['an "All access" key', DUB_KEY_ALL_ACCESS],
    ['a "Read only" key', DUB_KEY_READ_ONLY],
  ])("%s fails the connection test with the Zapier-worded 403: Dub's reason, then the Restricted key and how to make it", async (_case, apiKey) => {
    const error = await failure(run(asFn(auth.test), { authData: { api_key: apiKey } }));
    expect(error).toMatchObject({ name: 'AppError', code: 'missing_scope', status: 403 });
    expect(error.message).toMatch(/^This Dub credential may not manage webhooks \(403: it lacks the webhooks\.write permission\)\. Dub said: "The provided key does not have the required permissions/);
    expect(error.message).toContain('On Zapier, connect this app with a Restricted API key that has Webhooks: Write.');
    expect(error.message).toContain('Settings → API Keys → Create → Restricted');
    expect(error.message).toContain('only a workspace owner can make such a key');
    // n8n's and the CLI's way out does not exist on Zapier.
    expect(error.message).not.toMatch(/by hand|signing secret|Authentication: None/);
  });

  it('an "All access" key turning a Zap on gets the same 403, and nothing is registered', async () => {
    const error = await failure(subscribe(DUB_KEY_ALL_ACCESS));
    expect(error).toMatchObject({ code: 'missing_scope', status: 403 });
    expect(error.message).toContain('On Zapier, connect this app with a Restricted API key that has Webhooks: Write.');
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it("a Pro workspace's key: Dub checks the permission first, so the key's advice comes first", async () => {
    const error = await failure(subscribe(DUB_KEY_ALL_ACCESS_PRO));
    expect(error.code).toBe('missing_scope');
  });

  it("a Restricted key without Links: Read opening Link Clicked's link picker is told to add that permission, not webhooks", async () => {
    const error = await failure(run(pollOf(app, 'link_list') as Fn, { authData: { api_key: DUB_KEY_RESTRICTED_WEBHOOKS_WRITE }, inputData: {}, meta: { page: 0 } as Bundle['meta'] }));
    expect(error).toMatchObject({ code: 'missing_scope', status: 403 });
    expect(error.message).toMatch(/^This Dub credential lacks the links\.read permission \(403\)\. Dub said: ".*'links\.read' permission would allow this request to continue\."/);
    expect(error.message).toContain('On Zapier, give the Restricted key that permission too');
  });

  it('a key Dub does not know marks the connection expired (ExpiredAuthError): a key cannot be refreshed', async () => {
    const error = await failure(run(asFn(auth.test), { authData: { api_key: 'dub_deletedKey0000000000000' } }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/Dub did not accept the credentials \(401\).*Dub said: "Unauthorized: Invalid API key\." On Zapier, reconnect with a Restricted API key/);
  });
});

describe('the OAuth app', () => {
  useNock();
  const { run, app } = oauthApp;
  const oauth = authOf(app).oauth2Config;

  async function connect(): Promise<Record<string, string>> {
    return (await run(asFn(oauth?.getAccessToken), { inputData: { code: DUB_OAUTH_TEST_CODE, redirect_uri: 'https://zapier.com/return' } })) as Record<string, string>;
  }

  it('connects, tests and labels as before, and registers hooks', async () => {
    const authData = await connect();
    const tested = await run(asFn(authOf(app).test), { authData });
    expect(await run(asFn(authOf(app).connectionLabel), { authData, inputData: tested as Record<string, unknown> })).toBe('Acme Inc. (acme)');
    await run(hookOf(app, 'lead_created').performSubscribe as Fn, { authData, targetUrl: `${catcher.url}/hooks/o/`, inputData: {} });
    expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ triggers: ['lead.created'] })]);
  });

  it("a refresh Dub refuses with a 401 carries Dub's reason (the app's client is not Dub's OAuth app)", async () => {
    const authData = await connect();
    process.env.CLIENT_SECRET = 'dub_app_secret_rotated_in_dub';
    const error = await failure(run(asFn(oauth?.refreshAccessToken), { authData }));
    expect(error.message).toContain('Dub refused to renew the connection (401): Unknown client_id or wrong client_secret.');
    expect(error.message).toContain('zapier-platform env:set CLIENT_ID=… CLIENT_SECRET=…');
    expect(error.message).not.toContain('no reason given');
  });

  it("a refresh token Dub no longer knows: ExpiredAuthError with Dub's reason", async () => {
    const error = await failure(run(asFn(oauth?.refreshAccessToken), { authData: { access_token: 'a', refresh_token: 'dub_refresh_token_revoked' } }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/^Dub refused to renew the connection \(400\): Unknown, used or expired refresh_token\. Reconnect your Dub account in Zapier/);
  });

  it("a 401 at the token endpoint in Dub's API error shape keeps Dub's message (the transport no longer drops the answer)", async () => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    try {
      process.env.DUB_API_BASE_URL = 'https://api.dub.co';
      nock('https://api.dub.co').post('/oauth/token').reply(401, { error: { code: 'unauthorized', message: 'Refresh token expired.' } });
      const error = await failure(run(asFn(oauth?.refreshAccessToken), { authData: { access_token: 'a', refresh_token: 'r' } }));
      expect(error.name).toBe('ExpiredAuthError');
      expect(error.message).toContain('Dub refused to renew the connection (401): Refresh token expired.');
    } finally {
      nock.cleanAll();
      nock.enableNetConnect();
    }
  });

  it("a 401 on an API call asks Zapier to refresh (RefreshAuthError), as autoRefresh did", async () => {
    const error = await failure(run(asFn(authOf(app).test), { authData: { access_token: 'dub_access_token_unknown' } }));
    expect(error.name).toBe('RefreshAuthError');
  });

  it('a 403 for a user who lost the owner role says so, with what to do on Zapier', async () => {
    // dub.md: each request intersects the token's scopes with the user's current role; the 403 is Dub's permission one.
    const error = await failure(
      run(hookOf(app, 'sale_created').performSubscribe as Fn, { authData: { access_token: DUB_KEY_ALL_ACCESS }, targetUrl: `${catcher.url}/hooks/o/`, inputData: {} }),
    );
    expect(error).toMatchObject({ code: 'missing_scope', status: 403 });
    expect(error.message).toContain('Over OAuth, Dub gives webhooks.write to workspace owners only, and checks the role on every request.');
    expect(error.message).toContain('is not, or is no longer, an owner of the workspace: ask an owner to reconnect it in Zapier');
    expect(error.message).toMatch(/Dub said: ".*'webhooks\.write' permission would allow this request to continue\."/);
  });
});

describe('the Linkly app', () => {
  it('a 401 from Linkly marks the connection expired (ExpiredAuthError), keeping what Linkly said', async () => {
    const authData = { api_key: 'linkly_key_revoked', workspace_id: String(LINKLY_WORKSPACE_PAID) };
    const hook = hookOf(linklyApp, 'new_click');
    const error = await failure(runLinkly(hook.performSubscribe as Fn, { authData, targetUrl: `${catcher.url}/hooks/l/`, inputData: {} }));
    expect(error.name).toBe('ExpiredAuthError');
    expect(error.message).toMatch(/^Linkly did not accept the API key \(401\).*Linkly said: "Not authorized" On Zapier, reconnect/);
    expect(sandbox().linkly.hooks()).toEqual([]);
    // The same key that works registers (the sandbox is not refusing everything).
    await runLinkly(hook.performSubscribe as Fn, { authData: { api_key: LINKLY_KEY_PAID, workspace_id: String(LINKLY_WORKSPACE_PAID) }, targetUrl: `${catcher.url}/hooks/l/`, inputData: {} });
    expect(sandbox().linkly.hooks()).toHaveLength(1);
  });
});
