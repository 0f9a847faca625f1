/**
 * The fake is proven before anything is proven against it: one test per behaviour documented in the reference notes
 * beside the repository (shared/reference/dub.md and linkly.md), each named after (or quoting) the line it checks.
 * Everything goes over real HTTP with plain requests (undici), never through the project's clients; deliveries are
 * started through the sandbox's control endpoints and caught by plain HTTP receivers.
 */
import { useSandbox } from '../support/sandbox';
import { createHmac } from 'node:crypto';
import {
  DUB_EVENT_NAMES,
  DUB_FOLDERS,
  DUB_KEY_ALL_ACCESS,
  DUB_KEY_ALL_ACCESS_PRO,
  DUB_KEY_READ_ONLY,
  DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
  DUB_LINKS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_TOKEN_BUSINESS,
  DUB_TOKEN_PRO,
  DUB_WORKSPACE_BUSINESS,
  DUB_WORKSPACE_PRO,
  LINKLY_KEY_FREE,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_FREE,
  LINKLY_WORKSPACE_PAID,
  startSandbox,
} from '../../sandbox';
import { seedPayload } from '../support/fixtures';
import { arr, bearer, call, errorOf, obj, useReceivers, type CallResult, type Receiver } from './helpers';

const sandbox = useSandbox();
const receiver = useReceivers();

const business = bearer(DUB_TOKEN_BUSINESS);
const webhooksUrl = (): string => `${sandbox().dubBaseUrl}/webhooks`;
const hookUrl = (id: unknown): string => `${sandbox().dubBaseUrl}/webhooks/${String(id)}`;
const control = (path: string): string => `${sandbox().url}/__sandbox${path}`;
const LINK = String(DUB_LINKS[0]?.['id']);
const FOLDER = String(DUB_FOLDERS[0]?.['id']);
const saleHook = { name: 'Sales', url: 'https://hooks.example/sales', triggers: ['sale.created'] };

function post(body: unknown, headers = business): Promise<CallResult> {
  return call(webhooksUrl(), { method: 'POST', headers, body });
}

async function created(body: unknown): Promise<Record<string, unknown>> {
  const result = await post(body);
  expect(result.status).toBe(201);
  return obj(result.json);
}

function patch(id: unknown, body: unknown): Promise<CallResult> {
  return call(hookUrl(id), { method: 'PATCH', headers: business, body });
}

const WEBHOOK_KEYS = ['disabledAt', 'id', 'installationId', 'linkScope', 'name', 'secret', 'triggers', 'url'];

function expectWebhookObject(value: unknown): void {
  const hook = obj(value);
  expect(Object.keys(hook).sort()).toEqual(WEBHOOK_KEYS);
  expect(hook['id']).toMatch(/^wh_/);
  expect(hook['secret']).toMatch(/^whsec_[0-9a-f]{32}$/);
}

/** Sends one Dub event through the sandbox (as Dub would) and returns its delivery reports. */
async function deliverDub(envelope: unknown): Promise<Record<string, unknown>[]> {
  const result = await call(control('/dub/deliver'), { method: 'POST', rawBody: JSON.stringify(envelope), headers: { 'content-type': 'application/json' } });
  expect(result.status).toBe(200);
  return arr(obj(result.json)['reports']).map(obj);
}

const sale = (id: string): Record<string, unknown> => ({ ...seedPayload('dub-sale-created-001.json'), id });

describe('dub.md, Webhook management API', () => {
  test('| `GET /webhooks` | 200, array of Webhook (newest first) |', async () => {
    const first = await created(saleHook);
    const second = await created({ ...saleHook, url: 'https://hooks.example/second' });
    const list = await call(webhooksUrl(), { headers: business });
    expect(list.status).toBe(200);
    expect(arr(list.json).map((hook) => obj(hook)['id'])).toEqual([second['id'], first['id']]);
    arr(list.json).forEach(expectWebhookObject);
  });

  test('| `POST /webhooks` | 201, Webhook |', async () => {
    const result = await post(saleHook);
    expect(result.status).toBe(201);
    expect(result.json).toEqual({
      id: expect.stringMatching(/^wh_/),
      name: 'Sales',
      url: 'https://hooks.example/sales',
      secret: expect.stringMatching(/^whsec_[0-9a-f]{32}$/),
      triggers: ['sale.created'],
      linkScope: null,
      disabledAt: null,
      installationId: null,
    });
  });

  test('| `GET /webhooks/{id}` | 200, Webhook |', async () => {
    const hook = await created(saleHook);
    const one = await call(hookUrl(hook['id']), { headers: business });
    expect(one.status).toBe(200);
    expect(one.json).toEqual(hook);
  });

  test('| `PATCH /webhooks/{id}` | 200, Webhook (every create field optional) |', async () => {
    const hook = await created(saleHook);
    const steps: Array<[Record<string, unknown>, Record<string, unknown>]> = [
      [{}, {}],
      [{ name: 'Renamed' }, { name: 'Renamed' }],
      [{ url: 'https://hooks.example/moved' }, { url: 'https://hooks.example/moved' }],
      [{ triggers: ['lead.created', 'sale.created'] }, { triggers: ['lead.created', 'sale.created'] }],
      [{ triggers: ['link.clicked'], linkScope: 'links', linkIds: [LINK] }, { triggers: ['link.clicked'], linkScope: 'links' }],
      [{ linkScope: 'folders', folderIds: [FOLDER] }, { linkScope: 'folders' }],
    ];
    let expected: Record<string, unknown> = hook;
    for (const [body, change] of steps) {
      const result = await patch(hook['id'], body);
      expect(result.status).toBe(200);
      expected = { ...expected, ...change };
      expect(result.json).toEqual(expected);
    }
  });

  test('| `DELETE /webhooks/{id}` | 200, `{ "id": "wh_..." }`; unknown id gives 404 `not_found` |', async () => {
    const hook = await created(saleHook);
    const deleted = await call(hookUrl(hook['id']), { method: 'DELETE', headers: business });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ id: hook['id'] });
    for (const method of ['DELETE', 'GET', 'PATCH'] as const) {
      const missing = await call(hookUrl(hook['id']), { method, headers: business, ...(method === 'PATCH' ? { body: {} } : {}) });
      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('not_found');
    }
  });
});

describe('dub.md, Create body', () => {
  test('`name`: string, 1 to 40 characters', async () => {
    expect((await post({ ...saleHook, name: 'x'.repeat(40) })).status).toBe(201);
    for (const name of ['', 'y'.repeat(41)]) {
      const refused = await post({ ...saleHook, url: 'https://hooks.example/other', name });
      expect(refused.status).toBe(422);
      expect(errorOf(refused).code).toBe('unprocessable_entity');
      expect(errorOf(refused).message).toMatch(/name/);
    }
  });

  test('`url`: a URL already used by another webhook of the workspace gives 409 `conflict`', async () => {
    const first = await created(saleHook);
    const again = await post({ ...saleHook, name: 'Other', triggers: ['lead.created'] });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('conflict');
    const other = await created({ ...saleHook, url: 'https://hooks.example/other' });
    const moved = await patch(other['id'], { url: first['url'] });
    expect(moved.status).toBe(409);
    expect(errorOf(moved).code).toBe('conflict');
    expect(arr((await call(webhooksUrl(), { headers: business })).json)).toHaveLength(2);
  });

  test('`triggers`: array of event names (the fifteen below; all fifteen where the program pays out externally)', async () => {
    sandbox().dub.setWorkspace({ programPayouts: 'external' });
    const all = await created({ ...saleHook, triggers: [...DUB_EVENT_NAMES], linkScope: 'workspace' });
    expect(all['triggers']).toEqual([...DUB_EVENT_NAMES]);
    const unknown = await post({ ...saleHook, url: 'https://hooks.example/other', triggers: ['link.exploded'] });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown).message).toMatch(/triggers/);
  });

  test('`linkScope`: required exactly when `triggers` holds `link.clicked` (422 otherwise)', async () => {
    const without = await post({ ...saleHook, triggers: ['link.clicked'] });
    expect(without.status).toBe(422);
    expect(errorOf(without).message).toMatch(/linkScope/);
    const needless = await post({ ...saleHook, linkScope: 'workspace' });
    expect(needless.status).toBe(422);
    expect(errorOf(needless).message).toMatch(/linkScope/);
    const clicks = await created({ ...saleHook, triggers: ['link.clicked', 'sale.created'], linkScope: 'workspace' });
    expect(clicks['linkScope']).toBe('workspace');
    // A PATCH naming its triggers is held to the same rule.
    const patched = await patch(clicks['id'], { triggers: ['sale.created'], linkScope: 'workspace' });
    expect(patched.status).toBe(422);
  });

  test('`"links"` with `linkIds: []` is refused (at most 1000 link ids, 100 folder ids; the same for `"folders"`)', async () => {
    const clicks = { ...saleHook, triggers: ['link.clicked'] };
    const refusals = [
      { linkScope: 'links', linkIds: [] },
      { linkScope: 'links', linkIds: Array.from({ length: 1001 }, (_, i) => `link_${i}`) },
      { linkScope: 'folders', folderIds: [] },
      { linkScope: 'folders', folderIds: Array.from({ length: 101 }, (_, i) => `fold_${i}`) },
    ];
    for (const scope of refusals) {
      const refused = await post({ ...clicks, ...scope });
      expect({ scope: scope.linkScope, status: refused.status, code: errorOf(refused).code }).toEqual({
        scope: scope.linkScope,
        status: 422,
        code: 'unprocessable_entity',
      });
    }
    expect((await post({ ...clicks, linkScope: 'links', linkIds: [LINK] })).status).toBe(201);
    expect((await post({ ...clicks, url: 'https://hooks.example/folders', linkScope: 'folders', folderIds: [FOLDER] })).status).toBe(201);
  });

  test('`"links"` with `linkIds` missing or null is accepted with an empty selection (Dub\'s rule is `linkIds?.length === 0`; the same for `"folders"` / `folderIds`)', async () => {
    // lib/zod/schemas/webhooks.ts refines on `linkIds?.length === 0`: undefined and null pass, and nothing is selected.
    const clicks = { ...saleHook, triggers: ['link.clicked'] };
    const bodies = [
      { url: 'https://hooks.example/l1', linkScope: 'links' },
      { url: 'https://hooks.example/l2', linkScope: 'links', linkIds: null },
      { url: 'https://hooks.example/f1', linkScope: 'folders' },
      { url: 'https://hooks.example/f2', linkScope: 'folders', folderIds: null },
    ];
    for (const body of bodies) expect((await post({ ...clicks, ...body })).status).toBe(201);
    const stored = sandbox().dub.hooks();
    expect(stored.map((hook) => [...(hook.linkIds ?? []), ...(hook.folderIds ?? [])])).toEqual([[], [], [], []]);
    // An empty selection receives no click.
    const target = await receiver();
    await created({ ...clicks, url: target.url, linkScope: 'links' });
    expect(await deliverDub(seedPayload('dub-link-clicked-001.json'))).toEqual([]);
  });

  test('A PATCH with `linkIds: null` clears the selection', async () => {
    const hook = await created({ ...saleHook, triggers: ['link.clicked'], linkScope: 'links', linkIds: [LINK] });
    expect(sandbox().dub.hooks()[0]?.linkIds).toEqual([LINK]);
    expect((await patch(hook['id'], { linkIds: null })).status).toBe(200);
    expect(sandbox().dub.hooks()[0]?.linkIds).toEqual([]);
    // Left out, it is kept.
    await patch(hook['id'], { linkIds: [LINK] });
    await patch(hook['id'], { name: 'Renamed' });
    expect(sandbox().dub.hooks()[0]?.linkIds).toEqual([LINK]);
  });

  test('a `triggers` list holding `payout.confirmed` is refused unless the program pays out externally: 404 "Program not found" without a program, 400 "The \'payout.confirmed\' trigger is not currently available for your workspace." with internal payouts (lib/webhook/validate-webhook.ts); a PATCH\'s trigger list goes through the same check', async () => {
    const payouts = { ...saleHook, triggers: ['sale.created', 'payout.confirmed'] };
    const plain = await created({ ...saleHook, url: 'https://hooks.example/plain' });

    sandbox().dub.setWorkspace({ programPayouts: 'none' });
    for (const refused of [await post(payouts), await patch(plain['id'], { triggers: ['payout.confirmed'] })]) {
      expect(refused.status).toBe(404);
      expect(errorOf(refused)).toMatchObject({ code: 'not_found', message: 'Program not found' });
    }

    sandbox().dub.setWorkspace({ programPayouts: 'internal' });
    for (const refused of [await post(payouts), await patch(plain['id'], { triggers: ['payout.confirmed'] })]) {
      expect(refused.status).toBe(400);
      expect(errorOf(refused)).toMatchObject({ code: 'bad_request', message: "The 'payout.confirmed' trigger is not currently available for your workspace." });
    }
    expect(sandbox().dub.hooks().map((hook) => hook.triggers)).toEqual([['sale.created']]);

    sandbox().dub.setWorkspace({ programPayouts: 'external' });
    expect((await post(payouts)).status).toBe(201);
    expect((await patch(plain['id'], { triggers: ['payout.confirmed'] })).status).toBe(200);
  });

  test('The one-hook-per-URL rule is checked with `findFirst` before the insert; no unique index: two overlapping creates can both succeed', async () => {
    const overlapping = sandbox().dub.overlapCreates(2);
    const [first, second] = await Promise.all([post(saleHook), post({ ...saleHook, name: 'Twin' })]);
    await overlapping;
    expect([first.status, second.status]).toEqual([201, 201]);
    expect(sandbox().dub.hooks().filter((hook) => hook.url === saleHook.url)).toHaveLength(2);
    // Not overlapping, the check holds.
    expect((await post(saleHook)).status).toBe(409);
  });

  test('there is no `secret` field any more: Dub generates the signing secret (`whsec_` + 32 hex) and returns it', async () => {
    const hook = await created({ ...saleHook, secret: 'whsec_chosen_by_the_caller' });
    expect(hook['secret']).toMatch(/^whsec_[0-9a-f]{32}$/);
    const other = await created({ ...saleHook, url: 'https://hooks.example/other' });
    expect(other['secret']).not.toBe(hook['secret']);
  });
});

describe('dub.md, Webhook object', () => {
  test('`{ id ("wh_..."), name, url, secret, triggers, linkScope | null, disabledAt | null, installationId | null }`, NO `linkIds` / `folderIds` in any answer', async () => {
    const answers: unknown[] = [];
    const links = await post({ ...saleHook, triggers: ['link.clicked'], linkScope: 'links', linkIds: [LINK] });
    const folders = await post({ ...saleHook, url: 'https://hooks.example/f', triggers: ['link.clicked'], linkScope: 'folders', folderIds: [FOLDER] });
    answers.push(links.json, folders.json);
    const id = obj(links.json)['id'];
    answers.push((await call(hookUrl(id), { headers: business })).json);
    answers.push((await patch(id, { linkIds: [String(DUB_LINKS[1]?.['id'])] })).json);
    answers.push(...arr((await call(webhooksUrl(), { headers: business })).json));
    expect(answers).toHaveLength(6);
    answers.forEach(expectWebhookObject);
  });

  test('PATCH cannot clear `disabledAt`: a disabled hook stays disabled; the way back is DELETE + POST (a new id and a new secret)', async () => {
    const hook = await created(saleHook);
    const disabled = await call(control(`/dub/hooks/${String(hook['id'])}/disable`), { method: 'POST' });
    expect(disabled.status).toBe(200);
    const disabledAt = obj((await call(hookUrl(hook['id']), { headers: business })).json)['disabledAt'];
    expect(disabledAt).toEqual(expect.any(String));

    for (const body of [{ disabledAt: null }, { ...saleHook, disabledAt: null }, { name: 'Enable me' }]) {
      const patched = await patch(hook['id'], body);
      expect(patched.status).toBe(200);
      expect(obj(patched.json)['disabledAt']).toBe(disabledAt);
    }
    expect((await call(hookUrl(hook['id']), { method: 'DELETE', headers: business })).status).toBe(200);
    const fresh = await created(saleHook);
    expect(fresh['disabledAt']).toBeNull();
    expect(fresh['id']).not.toBe(hook['id']);
    expect(fresh['secret']).not.toBe(hook['secret']);
  });
});

describe('dub.md, Access', () => {
  test('`Authorization: Bearer <token>`. Tokens are workspace-bound; no workspace parameter is needed', async () => {
    expect((await call(webhooksUrl(), { headers: business })).status).toBe(200);
    const missing = await call(webhooksUrl());
    expect(missing.status).toBe(401);
    expect(errorOf(missing).code).toBe('unauthorized');
    const unknown = await call(webhooksUrl(), { headers: bearer('dub_notakey') });
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown).code).toBe('unauthorized');
  });

  test('Endpoints need a Business plan or higher (lower plans: 403 `forbidden`, "Need higher plan")', async () => {
    const pro = bearer(DUB_TOKEN_PRO);
    for (const result of [await call(webhooksUrl(), { headers: pro }), await post(saleHook, pro)]) {
      expect(result.status).toBe(403);
      expect(result.json).toEqual({
        error: { code: 'forbidden', message: 'Unauthorized: Need higher plan.', doc_url: 'https://dub.co/docs/api-reference/errors#forbidden' },
      });
    }
  });

  test('OAuth 2 apps can ask for `webhooks.read webhooks.write`: token at `POST /oauth/token`, form-encoded, `authorization_code` or `refresh_token`; access tokens live 2 h', async () => {
    const redirectUri = 'https://platform.example/oauth/callback';
    const authorize = new URL(`${sandbox().dubBaseUrl}/oauth/authorize`);
    authorize.search = new URLSearchParams({
      client_id: DUB_OAUTH_CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'webhooks.read webhooks.write',
      state: 's1',
    }).toString();
    const consent = await call(authorize.toString());
    expect(consent.status).toBe(302);
    const code = new URL(String(consent.headers['location'])).searchParams.get('code');

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const client = { client_id: DUB_OAUTH_CLIENT_ID, client_secret: DUB_OAUTH_CLIENT_SECRET };
    const exchange = async (fields: Record<string, string>): Promise<Record<string, unknown>> => {
      const result = await call(`${sandbox().dubBaseUrl}/oauth/token`, { method: 'POST', headers: form, rawBody: new URLSearchParams({ ...client, ...fields }).toString() });
      expect(result.status).toBe(200);
      return obj(result.json);
    };
    const tokens = await exchange({ grant_type: 'authorization_code', code: String(code), redirect_uri: redirectUri });
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 7200, scope: 'webhooks.read webhooks.write' });
    expect((await post(saleHook, bearer(String(tokens['access_token'])))).status).toBe(201);

    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: String(tokens['refresh_token']) });
    expect((await call(webhooksUrl(), { headers: bearer(String(refreshed['access_token'])) })).status).toBe(200);
  });

  test('The consent step grants `webhooks.write` only to a workspace owner ("You don\'t have the permission to install this integration.", app/api/oauth/authorize/route.ts)', async () => {
    const authorize = (scope: string): Promise<CallResult> => {
      const url = new URL(`${sandbox().dubBaseUrl}/oauth/authorize`);
      url.search = new URLSearchParams({ client_id: DUB_OAUTH_CLIENT_ID, redirect_uri: 'https://platform.example/cb', response_type: 'code', scope }).toString();
      return call(url.toString());
    };
    sandbox().dub.setWorkspace({ userRole: 'member' });
    const refused = await authorize('webhooks.read webhooks.write links.read');
    expect(refused.status).toBe(400);
    expect(errorOf(refused)).toMatchObject({ code: 'bad_request', message: "You don't have the permission to install this integration." });
    // A member may consent to what its role holds.
    expect((await authorize('webhooks.read links.read')).status).toBe(302);
    sandbox().dub.setWorkspace({ userRole: 'owner' });
    expect((await authorize('webhooks.read webhooks.write links.read')).status).toBe(302);
  });

  test("every request intersects the token's or key's scopes with the user's current role, so a demoted owner's credential loses `webhooks.write`", async () => {
    // lib/auth/workspace.ts: the permissions are those of the scopes that getScopesForRole(role) still allows.
    const restricted = bearer(DUB_KEY_RESTRICTED_WEBHOOKS_WRITE);
    expect((await post(saleHook, business)).status).toBe(201);
    sandbox().dub.setWorkspace({ userRole: 'member' });
    const message = (permission: string): string =>
      `The provided key does not have the required permissions for this endpoint on the workspace '${DUB_WORKSPACE_BUSINESS.id}'. ` +
      `Having the '${permission}' permission would allow this request to continue.`;
    const demoted = await post({ ...saleHook, url: 'https://hooks.example/after' }, business);
    expect(demoted.status).toBe(403);
    expect(errorOf(demoted)).toMatchObject({ code: 'forbidden', message: message('webhooks.write') });
    // The OAuth token also holds webhooks.read, which members keep; the Restricted key held read only through write.
    expect((await call(webhooksUrl(), { headers: business })).status).toBe(200);
    expect(errorOf(await call(webhooksUrl(), { headers: restricted })).message).toBe(message('webhooks.read'));
    sandbox().dub.setWorkspace({ userRole: 'owner' });
    expect((await post({ ...saleHook, url: 'https://hooks.example/after' }, business)).status).toBe(201);
  });

  test('Workspace API keys: the "All access" and "Read only" presets do NOT include the webhook permissions; a "Restricted" key with `Webhooks: Write` (which includes read) can manage webhooks', async () => {
    for (const key of [DUB_KEY_ALL_ACCESS, DUB_KEY_READ_ONLY]) {
      expect((await post(saleHook, bearer(key))).status).toBe(403);
      expect((await call(webhooksUrl(), { headers: bearer(key) })).status).toBe(403);
    }
    const restricted = bearer(DUB_KEY_RESTRICTED_WEBHOOKS_WRITE);
    const hook = obj((await post(saleHook, restricted)).json);
    expect(hook['secret']).toMatch(/^whsec_/);
    expect(arr((await call(webhooksUrl(), { headers: restricted })).json)).toHaveLength(1);
    expect((await call(hookUrl(hook['id']), { headers: restricted })).status).toBe(200);
    expect((await call(hookUrl(hook['id']), { method: 'DELETE', headers: restricted })).status).toBe(200);
  });

  test('key without the permission: "The provided key does not have the required permissions … Having the \'webhooks.write\' permission would allow this request to continue." (for `GET /webhooks`: `webhooks.read`)', async () => {
    const message = (permission: string): string =>
      `The provided key does not have the required permissions for this endpoint on the workspace '${DUB_WORKSPACE_BUSINESS.id}'. ` +
      `Having the '${permission}' permission would allow this request to continue.`;
    const key = bearer(DUB_KEY_ALL_ACCESS);
    const cases: Array<[Promise<CallResult>, string]> = [
      [post(saleHook, key), 'webhooks.write'],
      [call(webhooksUrl(), { headers: key }), 'webhooks.read'],
      [call(hookUrl('wh_any'), { headers: key }), 'webhooks.read'],
      [call(hookUrl('wh_any'), { method: 'PATCH', headers: key, body: {} }), 'webhooks.write'],
      [call(hookUrl('wh_any'), { method: 'DELETE', headers: key }), 'webhooks.write'],
    ];
    for (const [pending, permission] of cases) {
      const result = await pending;
      expect(result.status).toBe(403);
      expect(errorOf(result)).toEqual({ code: 'forbidden', message: message(permission), doc_url: 'https://dub.co/docs/api-reference/errors#forbidden' });
    }
  });

  test('The permission check runs before the plan check', async () => {
    // A key of the Pro workspace lacks both the permission and the plan: the permission is what it is told.
    const result = await post(saleHook, bearer(DUB_KEY_ALL_ACCESS_PRO));
    expect(result.status).toBe(403);
    expect(errorOf(result).message).toBe(
      `The provided key does not have the required permissions for this endpoint on the workspace '${DUB_WORKSPACE_PRO.id}'. ` +
        "Having the 'webhooks.write' permission would allow this request to continue.",
    );
  });
});

describe('dub.md, Errors', () => {
  test('body `{"error": {"code", "message", "doc_url"}}`, with the codes and statuses listed', async () => {
    await created(saleHook);
    const serverError = (): Promise<CallResult> => {
      sandbox().faults.inject({ match: { provider: 'dub', method: 'GET', path: /^\/webhooks$/ }, kind: 'server_error' });
      return call(webhooksUrl(), { headers: business });
    };
    const cases: Array<[() => Promise<CallResult>, string, number]> = [
      [() => call(webhooksUrl(), { method: 'POST', headers: { ...business, 'content-type': 'application/json' }, rawBody: '{"name":' }), 'bad_request', 400],
      [() => call(webhooksUrl(), { headers: bearer('dub_notakey') }), 'unauthorized', 401],
      [() => call(webhooksUrl(), { headers: bearer(DUB_TOKEN_PRO) }), 'forbidden', 403],
      [() => call(hookUrl('wh_unknown'), { headers: business }), 'not_found', 404],
      [() => post(saleHook), 'conflict', 409],
      [() => post({ ...saleHook, url: 'https://hooks.example/x', name: '' }), 'unprocessable_entity', 422],
      [serverError, 'internal_server_error', 500],
    ];
    for (const [send, code, status] of cases) {
      const result = await send();
      expect({ status: result.status, code: errorOf(result).code }).toEqual({ status, code });
      expect(Object.keys(obj(result.json))).toEqual(['error']);
      expect(Object.keys(obj(obj(result.json)['error'])).sort()).toEqual(['code', 'doc_url', 'message']);
      expect(errorOf(result).doc_url).toMatch(/^https:\/\/dub\.co\/docs\/api-reference\/errors#/);
    }
  });
});

describe('dub.md, Rate limits', () => {
  test('per workspace per minute (free 60, pro 600, business 1200, advanced 3000)', async () => {
    expect((await call(`${sandbox().dubBaseUrl}/links`, { headers: business })).headers['x-ratelimit-limit']).toBe('1200');
    expect((await call(`${sandbox().dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_PRO) })).headers['x-ratelimit-limit']).toBe('600');
  });

  test('Error answers (429 and the other errors past authentication) carry `Retry-After`, `X-RateLimit-Limit`, `X-RateLimit-Remaining` and `X-RateLimit-Reset`; the webhook routes\' 2xx answers carry none (the links routes do); `Retry-After` and `X-RateLimit-Reset` hold the SAME value: the reset moment in epoch MILLISECONDS', async () => {
    // app/api/webhooks/route.ts and [webhookId]/route.ts return NextResponse.json(…) without withWorkspace's headers.
    const hook = await created(saleHook);
    const before = Date.now();
    const successes = [
      await call(webhooksUrl(), { headers: business }), // 200
      await post({ ...saleHook, url: 'https://hooks.example/new' }), // 201
      await call(hookUrl(hook['id']), { headers: business }), // 200
      await patch(hook['id'], { name: 'Renamed' }), // 200
      await call(hookUrl(hook['id']), { method: 'DELETE', headers: business }), // 200
    ];
    expect(successes.map((answer) => answer.status)).toEqual([200, 201, 200, 200, 200]);
    for (const answer of successes) {
      expect(Object.keys(answer.headers).filter((name) => name === 'retry-after' || name.startsWith('x-ratelimit-'))).toEqual([]);
    }
    const errors = [
      await post({ ...saleHook, url: 'https://hooks.example/new' }), // 409
      await post({ ...saleHook, name: '' }), // 422
      await call(hookUrl('wh_unknown'), { headers: business }), // 404
      await call(webhooksUrl(), { headers: bearer(DUB_TOKEN_PRO) }), // 403 plan
      await call(webhooksUrl(), { headers: bearer(DUB_KEY_ALL_ACCESS) }), // 403 permission
    ];
    const links = await call(`${sandbox().dubBaseUrl}/links`, { headers: business }); // 200, a links route
    expect([...errors, links].map((answer) => answer.status)).toEqual([409, 422, 404, 403, 403, 200]);
    for (const answer of [...errors, links]) {
      const { 'retry-after': retryAfter, 'x-ratelimit-reset': reset, 'x-ratelimit-limit': limit, 'x-ratelimit-remaining': remaining } = answer.headers;
      expect(retryAfter).toBe(reset);
      expect(limit).toMatch(/^\d+$/);
      expect(remaining).toMatch(/^\d+$/);
      // Epoch milliseconds: after now (in seconds it would be a thousand times smaller), within the minute.
      expect(Number(reset)).toBeGreaterThan(before);
      expect(Number(reset)).toBeLessThanOrEqual(before + 60_000 + 1_000);
    }
  });

  test('A 429 body: `{"error": {"code": "rate_limit_exceeded", "message": "Too many requests."}}`', async () => {
    const pro = bearer(DUB_TOKEN_PRO);
    const links = `${sandbox().dubBaseUrl}/links?pageSize=1`;
    // Use up the Pro workspace's 600 a minute, 50 at a time. The window slides (Upstash's), so a minute boundary
    // passed meanwhile lets a few more through: count the answers rather than expect the 601st to be refused.
    let allowed = 0;
    let limited: CallResult | undefined;
    while (!limited && allowed < 1_200) {
      const answers = await Promise.all(Array.from({ length: 50 }, () => call(links, { headers: pro })));
      allowed += answers.filter((answer) => answer.status === 200).length;
      limited = answers.find((answer) => answer.status === 429);
    }
    expect(allowed).toBeGreaterThanOrEqual(600);
    if (!limited) throw new Error(`no 429 after ${allowed} requests`);
    expect(errorOf(limited)).toMatchObject({ code: 'rate_limit_exceeded', message: 'Too many requests.' });
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['retry-after']).toBe(limited.headers['x-ratelimit-reset']);
    // Another key's count is its own.
    expect((await call(links, { headers: business })).status).toBe(200);
  });
});

describe('dub.md, Events and Delivery and signature', () => {
  test('The body is `JSON.stringify({ id, event, createdAt, data })`; header `Dub-Signature`: lowercase hex HMAC-SHA256 of the raw body, keyed with the whole secret string (the `whsec_` prefix included)', async () => {
    const target = await receiver();
    const hook = await created({ ...saleHook, url: target.url });
    const event = seedPayload('dub-sale-created-001.json');
    const [report] = await deliverDub(event);
    expect(report).toMatchObject({ delivered: true, attempts: 1 });

    const delivery = target.received[0];
    expect(delivery?.body).toBe(JSON.stringify({ id: event['id'], event: event['event'], createdAt: event['createdAt'], data: event['data'] }));
    expect(delivery?.headers['content-type']).toBe('application/json');
    const expected = createHmac('sha256', Buffer.from(String(hook['secret']), 'utf8')).update(String(delivery?.body)).digest('hex');
    expect(delivery?.headers['dub-signature']).toBe(expected);
    expect(delivery?.headers['dub-signature']).toMatch(/^[0-9a-f]{64}$/);
  });

  test("QStash's own headers are hidden (`Upstash-Hide-Headers: true`)", async () => {
    const target = await receiver();
    await created({ ...saleHook, url: target.url });
    await deliverDub(sale('evt_hidden0000000000000000'));
    expect(Object.keys(target.received[0]?.headers ?? {}).filter((name) => name.startsWith('upstash-'))).toEqual([]);
  });

  test('The same `id` is sent to every webhook for one event and stays the same across retries', async () => {
    const steady = await receiver();
    const flaky = await receiver((index) => ({ status: index < 2 ? 503 : 200 }));
    await created({ ...saleHook, url: steady.url });
    await created({ ...saleHook, url: flaky.url });
    await deliverDub(sale('evt_sameIdEverywhere000000'));
    const ids = [...steady.received, ...flaky.received].map((delivery) => obj(JSON.parse(delivery.body) as unknown)['id']);
    expect(ids).toEqual(['evt_sameIdEverywhere000000', 'evt_sameIdEverywhere000000', 'evt_sameIdEverywhere000000', 'evt_sameIdEverywhere000000']);
  });

  test('Non-2xx answers are retried for about a day (12 s, 2.5 min, 30 min, 6 h, 24 h): five retries', async () => {
    const broken = await receiver(() => ({ status: 500 }));
    await created({ ...saleHook, url: broken.url });
    const [report] = await deliverDub(sale('evt_retried000000000000000'));
    expect(report).toMatchObject({ attempts: 6, statuses: [500, 500, 500, 500, 500, 500], delivered: false });
    expect(broken.received).toHaveLength(6);
  });

  test('After 20 failed attempts in a row Dub disables the webhook', async () => {
    const broken = await receiver(() => ({ status: 500 }));
    const hook = await created({ ...saleHook, url: broken.url });
    const disabledAt = async (): Promise<unknown> => obj((await call(hookUrl(hook['id']), { headers: business })).json)['disabledAt'];
    // Six attempts an event: three events are 18 failures, the fourth's second attempt is the 20th.
    for (const n of [1, 2, 3]) await deliverDub(sale(`evt_failing${n}00000000000000`));
    expect(await disabledAt()).toBeNull();
    await deliverDub(sale('evt_failing400000000000000'));
    expect(await disabledAt()).toEqual(expect.any(String));

    const attempts = broken.received.length;
    expect(await deliverDub(sale('evt_afterDisable000000000'))).toEqual([]);
    expect(broken.received).toHaveLength(attempts);
  });

  test('… 20 failed attempts IN A ROW: an answered delivery starts the count again', async () => {
    let failing = true;
    const target = await receiver(() => ({ status: failing ? 500 : 200 }));
    const hook = await created({ ...saleHook, url: target.url });
    for (const n of [1, 2, 3]) await deliverDub(sale(`evt_before${n}0000000000000000`));
    failing = false;
    await deliverDub(sale('evt_answered0000000000000'));
    failing = true;
    for (const n of [1, 2, 3]) await deliverDub(sale(`evt_after${n}00000000000000000`));
    expect(obj((await call(hookUrl(hook['id']), { headers: business })).json)['disabledAt']).toBeNull();
  });

  test('at-least-once: the same event can arrive twice even after a 2xx (same id, same bytes, same signature)', async () => {
    const target = await receiver();
    await created({ ...saleHook, url: target.url });
    await deliverDub(sale('evt_twice0000000000000000'));
    const again = await call(control('/dub/redeliver'), { method: 'POST', body: { eventId: 'evt_twice0000000000000000' } });
    expect(again.status).toBe(200);
    const [first, second] = target.received;
    expect(target.received).toHaveLength(2);
    expect(second?.body).toBe(first?.body);
    expect(second?.headers['dub-signature']).toBe(first?.headers['dub-signature']);
  });

  test('`link.clicked` for a hook with `linkScope` "links" reaches it for those links only, though its `linkIds` are never shown', async () => {
    const target = await receiver();
    await created({ ...saleHook, url: target.url, triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] });
    const click = seedPayload('dub-link-clicked-001.json');
    await deliverDub(click);
    const data = obj(click['data']);
    await deliverDub({ ...click, id: 'evt_otherLink000000000000', data: { ...data, link: { ...obj(data['link']), id: String(DUB_LINKS[1]?.['id']) } } });
    expect(target.received.map((delivery) => obj(JSON.parse(delivery.body) as unknown)['id'])).toEqual([click['id']]);
  });
});

describe('linkly.md, API', () => {
  const hooks = (): string => `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`;

  test('Authentication: `Authorization: Bearer <key>` (the only header of the 2026 API); `?api_key=` works; X-API-KEY alone does not', async () => {
    for (const url of [hooks(), `${hooks()}?api_key=${encodeURIComponent(LINKLY_KEY_PAID)}`]) {
      const result = await call(url, { headers: url === hooks() ? bearer(LINKLY_KEY_PAID) : {} });
      expect(result.status).toBe(200);
      expect(result.json).toEqual([]);
    }
    const oldHeaders = await call(hooks(), { headers: { 'x-api-key': LINKLY_KEY_PAID, 'x-workspace-id': String(LINKLY_WORKSPACE_PAID) } });
    expect(oldHeaders.status).toBe(401);
  });

  test('`GET /workspaces` lists the workspaces a key can reach', async () => {
    const result = await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) });
    expect(arr(result.json).map((workspace) => obj(workspace)['id'])).toEqual([LINKLY_WORKSPACE_PAID]);
  });

  test('Errors: 401 body `{error: "Not authorized", code: "unauthorized"}` (the 2026 API)', async () => {
    for (const headers of [{}, bearer('not-a-key')]) {
      const result = await call(hooks(), { headers });
      expect(result.status).toBe(401);
      expect(result.json).toEqual({ error: 'Not authorized', code: 'unauthorized' });
    }
  });

  test('429 body `{error, message, current_usage, limit}`, and no Retry-After (the 2026 API)', async () => {
    sandbox().faults.inject({ match: { provider: 'linkly' }, kind: 'rate_limit' });
    const limited = await call(hooks(), { headers: bearer(LINKLY_KEY_PAID) });
    expect(limited.status).toBe(429);
    expect(Object.keys(obj(limited.json)).sort()).toEqual(['current_usage', 'error', 'limit', 'message']);
    expect(limited.headers['retry-after']).toBeUndefined();
  });

  test('`/workspace/{id}/list_links` is paged: `page`, `page_size`; answers `links`, `page_number`, `page_size`, `total_entries`, `total_pages`', async () => {
    const listLinks = (query: string) => call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/list_links?${query}`, { headers: bearer(LINKLY_KEY_PAID) });
    const first = obj((await listLinks('page=1&page_size=2&sort_by=id&sort_dir=asc')).json);
    expect(first).toMatchObject({ page_number: 1, page_size: 2, total_entries: 3, total_pages: 2 });
    const second = obj((await listLinks('page=2&page_size=2&sort_by=id&sort_dir=asc')).json);
    const ids = [...arr(first['links']), ...arr(second['links'])].map((link) => obj(link)['id']);
    expect(ids).toEqual([101, 102, 103]);
  });

  test('Errors: 403 (plan): Webhooks need a paid plan (403 otherwise)', async () => {
    const free = `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_FREE}/webhooks`;
    const result = await call(free, { method: 'POST', headers: bearer(LINKLY_KEY_FREE), body: { url: 'https://hooks.example/free' } });
    expect(result.status).toBe(403);
    expect((await call(free, { headers: bearer(LINKLY_KEY_FREE) })).status).toBe(403);
  });

  test('Errors: 404 (no such workspace or link)', async () => {
    const paid = bearer(LINKLY_KEY_PAID);
    expect((await call(`${sandbox().linklyBaseUrl}/workspace/999/webhooks`, { headers: paid })).status).toBe(404);
    expect((await call(`${sandbox().linklyBaseUrl}/link/999/webhooks`, { headers: paid })).status).toBe(404);
  });
});

describe('linkly.md, API as documented before 2026 (a sandbox answering as the older API)', () => {
  const legacy = useSandbox({ linklyApi: 'legacy' });
  const hooks = (): string => `${legacy().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`;

  test('`X-API-KEY` with `X-WORKSPACE-ID` works beside Bearer; the list is `{ "webhooks": [url, …] }`', async () => {
    const url = 'https://hooks.example/old?linkhooks_token=t';
    await call(hooks(), { method: 'POST', headers: bearer(LINKLY_KEY_PAID), body: { url } });
    const result = await call(hooks(), { headers: { 'x-api-key': LINKLY_KEY_PAID, 'x-workspace-id': String(LINKLY_WORKSPACE_PAID) } });
    expect(result.json).toEqual({ webhooks: [url] });
  });

  test('401 in plain text "Not authorized"; links through `links/export` only (no `list_links`)', async () => {
    const refused = await call(hooks(), { headers: { 'x-api-key': 'not-a-key' } });
    expect([refused.status, refused.text]).toEqual([401, 'Not authorized']);
    expect(refused.headers['content-type']).toMatch(/^text\/plain/);
    const base = `${legacy().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}`;
    expect((await call(`${base}/list_links`, { headers: bearer(LINKLY_KEY_PAID) })).status).toBe(404);
    expect(arr((await call(`${base}/links/export`, { headers: bearer(LINKLY_KEY_PAID) })).json)).toHaveLength(3);
  });
});

describe('linkly.md, Webhooks', () => {
  const paid = bearer(LINKLY_KEY_PAID);
  const workspaceHooks = (): string => `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`;
  const linkHooks = (): string => `${sandbox().linklyBaseUrl}/link/101/webhooks`;

  test.each([
    ['workspace', workspaceHooks],
    ['link', linkHooks],
  ])('| GET | POST | DELETE | on the %s list: the v1 list of `{ id: <url> }`, subscribe, unsubscribe', async (_level, list) => {
    const url = 'https://hooks.example/linkly?linkhooks_token=t0k3n';
    expect((await call(list(), { headers: paid })).json).toEqual([]);
    const subscribed = await call(list(), { method: 'POST', headers: paid, body: { url } });
    expect(subscribed.status).toBeLessThan(300);
    expect((await call(list(), { headers: paid })).json).toEqual([{ id: url }]);
    const removed = await call(`${list()}/${encodeURIComponent(url)}`, { method: 'DELETE', headers: paid });
    expect(removed.status).toBeLessThan(300);
    expect((await call(list(), { headers: paid })).json).toEqual([]);
  });

  test('the POST answer may carry an `id`, and where it does not, the URL itself is the id; the DELETE takes the id or the URL, URL-encoded', async () => {
    const withId = 'https://hooks.example/with-id';
    const answer = obj((await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: withId } })).json);
    expect(answer).toEqual({ id: expect.any(String), url: withId });
    expect((await call(`${workspaceHooks()}/${encodeURIComponent(String(answer['id']))}`, { method: 'DELETE', headers: paid })).status).toBe(200);

    expect((await call(control('/linkly/post-answer'), { method: 'PUT', body: { answer: 'without-id' } })).status).toBe(200);
    const withoutId = 'https://hooks.example/without-id?linkhooks_token=a&b=c d';
    const bare = obj((await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: withoutId } })).json);
    expect(bare).not.toHaveProperty('id');
    expect((await call(`${workspaceHooks()}/${encodeURIComponent(withoutId)}`, { method: 'DELETE', headers: paid })).status).toBe(200);
    expect((await call(workspaceHooks(), { headers: paid })).json).toEqual([]);
  });

  test('If both a workspace hook and a link hook exist, both fire', async () => {
    const workspace = await receiver();
    const link = await receiver();
    await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: workspace.url } });
    await call(linkHooks(), { method: 'POST', headers: paid, body: { url: link.url } });
    const click = { ...seedPayload('linkly-click-002.json'), link: { ...obj(seedPayload('linkly-click-002.json')['link']), id: 101 } };
    const reports = await call(control('/linkly/deliver'), { method: 'POST', body: click });
    expect(arr(obj(reports.json)['reports'])).toHaveLength(2);
    expect([workspace, link].map((target: Receiver) => target.received.length)).toEqual([1, 1]);
  });
});

describe('linkly.md, Delivery', () => {
  const paid = bearer(LINKLY_KEY_PAID);

  test('No signature; fire and forget: no retries (one POST, whatever the answer)', async () => {
    const failing = await receiver(() => ({ status: 500 }));
    await call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { method: 'POST', headers: paid, body: { url: failing.url } });
    const click = seedPayload('linkly-click-002.json');
    const [report] = arr(obj((await call(control('/linkly/deliver'), { method: 'POST', rawBody: JSON.stringify(click) })).json)['reports']).map(obj);
    expect(report).toMatchObject({ attempts: 1, statuses: [500], delivered: false });
    expect(failing.received).toHaveLength(1);
    expect(failing.received[0]?.body).toBe(JSON.stringify(click));
    expect(Object.keys(failing.received[0]?.headers ?? {}).filter((name) => /signature|hmac/.test(name))).toEqual([]);
  });

  test('5 s timeout: a slow receiver loses the click', async () => {
    const info = obj((await call(control('/info'))).json);
    expect(obj(info['linkly'])['timeoutMs']).toBe(5_000);
    // The same rule with a shorter deadline, so the test does not wait five seconds.
    const quick = await startSandbox({ linklyTimeoutMs: 100 });
    try {
      const slow = await receiver(() => ({ status: 200, delayMs: 1_000 }));
      await call(`${quick.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { method: 'POST', headers: paid, body: { url: slow.url } });
      const result = await call(`${quick.url}/__sandbox/linkly/deliver`, { method: 'POST', body: seedPayload('linkly-click-002.json') });
      expect(arr(obj(result.json)['reports'])).toEqual([expect.objectContaining({ attempts: 1, statuses: [null], delivered: false })]);
      expect(slow.received).toHaveLength(1);
    } finally {
      await quick.close();
    }
  });
});

describe("Dub's list endpoints behind samples and pickers (Dub's code, dubinc/dub apps/web)", () => {
  const list = (path: string, headers = business) => call(`${sandbox().dubBaseUrl}${path}`, { headers });

  test('GET /folders pages by at most 50 (lib/zod/schemas/folders.ts FOLDERS_MAX_PAGE_SIZE with getPaginationQuerySchema): more is a 422', async () => {
    const tooBig = await list('/folders?pageSize=51');
    expect(tooBig.status).toBe(422);
    expect(errorOf(tooBig)).toMatchObject({ code: 'unprocessable_entity', message: expect.stringContaining('Max page size is 50.') });
    const paged = await startSandbox({ dubExtraFolders: 58 });
    try {
      const page = (n: number) => call(`${paged.dubBaseUrl}/folders?page=${n}`, { headers: business });
      const [first, second, third] = [await page(1), await page(2), await page(3)];
      expect([arr(first.json).length, arr(second.json).length, arr(third.json).length]).toEqual([50, 10, 0]);
      expect(obj(arr(second.json)[0])['name']).toBe('Folder 051');
    } finally {
      await paged.close();
    }
  });

  test('GET /events filters by `folderId` as by `linkId` (app/(ee)/api/events/route.ts, getFolderIdsToFilter)', async () => {
    const clicks = arr((await list(`/events?event=clicks&folderId=${FOLDER}`)).json).map(obj);
    expect(clicks.length).toBeGreaterThan(0);
    expect(clicks.every((click) => obj(click['link'])['folderId'] === FOLDER)).toBe(true);
  });

  test("GET /partners/applications: pending applications newest first, each the partner.application_submitted `data` (partners/applications/route.ts)", async () => {
    const applications = arr((await list('/partners/applications')).json).map(obj);
    expect(applications.length).toBeGreaterThan(0);
    expect(Object.keys(applications[0] ?? {}).sort()).toEqual(['applicationFormData', 'createdAt', 'id', 'partner']);
    expect((await list('/partners/applications', bearer(DUB_TOKEN_PRO))).status).toBe(403);
  });

  test('GET /bounties: every bounty of the program, unpaged, Business plan and up (bounties/route.ts)', async () => {
    const bounties = arr((await list('/bounties')).json).map(obj);
    expect(bounties.map((bounty) => bounty['id'])).toEqual(expect.arrayContaining([expect.stringMatching(/^bnty_/)]));
    expect(bounties[0]).toMatchObject({ name: expect.any(String), type: expect.any(String), groups: expect.any(Array) });
    expect((await list('/bounties', bearer(DUB_TOKEN_PRO))).status).toBe(403);
  });

  test('GET /discount-codes: the DiscountCodeSchema (no discount object, the discountId), `partnerId` optional (discount-codes/route.ts)', async () => {
    const codes = arr((await list('/discount-codes')).json).map(obj);
    expect(Object.keys(codes[0] ?? {}).sort()).toEqual(['code', 'disabledAt', 'discountId', 'id', 'linkId', 'partnerId']);
    expect(arr((await list('/discount-codes?partnerId=pn_nobody')).json)).toEqual([]);
  });
});
