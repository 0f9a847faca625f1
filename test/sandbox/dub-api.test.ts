/**
 * What the Dub stand-in does where shared/reference/dub.md is silent, each as Dub's own code does it (github
 * dubinc/dub, the file named in each describe). The reference's behaviours are in fidelity.test.ts.
 */
import { useSandbox } from '../support/sandbox';
import {
  DUB_FOLDERS,
  DUB_KEY_ALL_ACCESS,
  DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
  DUB_LINKS,
  DUB_TOKEN_BUSINESS,
  DUB_TOKEN_PRO,
  DUB_WORKSPACE_BUSINESS,
} from '../../sandbox';
import { arr, bearer, call, errorOf, obj, type CallResult } from './helpers';

const sandbox = useSandbox();

const auth = bearer(DUB_TOKEN_BUSINESS);
const validHook = { name: 'Zap', url: 'https://hooks.example/zap/1', triggers: ['link.created'] };
const clicks = { ...validHook, triggers: ['link.clicked'] };
const LINK = String(DUB_LINKS[0]?.['id']);
const OTHER_LINK = String(DUB_LINKS[1]?.['id']);
const FOLDER = String(DUB_FOLDERS[0]?.['id']);

function createHook(body: unknown, headers = auth): Promise<CallResult> {
  return call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers, body });
}

function patchHook(id: unknown, body: unknown): Promise<CallResult> {
  return call(`${sandbox().dubBaseUrl}/webhooks/${String(id)}`, { method: 'PATCH', headers: auth, body });
}

const stored = (id: unknown) => sandbox().dub.hooks().find((hook) => hook.id === id);

describe('the Authorization header (lib/auth/workspace.ts)', () => {
  test('missing: 401 "Missing Authorization header."; not Bearer: 400; unknown key: 401 "Unauthorized: Invalid API key."', async () => {
    const missing = await call(`${sandbox().dubBaseUrl}/links`);
    expect([missing.status, errorOf(missing).message]).toEqual([401, 'Missing Authorization header.']);
    const basic = await call(`${sandbox().dubBaseUrl}/links`, { headers: { authorization: `Basic ${DUB_TOKEN_BUSINESS}` } });
    expect([basic.status, errorOf(basic).code]).toEqual([400, 'bad_request']);
    expect(errorOf(basic).message).toMatch(/Did you forget to add 'Bearer '\?/);
    const unknown = await call(`${sandbox().dubBaseUrl}/links`, { headers: bearer('dub_unknown') });
    expect([unknown.status, errorOf(unknown).message]).toEqual([401, 'Unauthorized: Invalid API key.']);
  });

  test('these come before the rate limit, so they carry no rate-limit headers', async () => {
    for (const headers of [{}, bearer('dub_unknown')]) {
      const result = await call(`${sandbox().dubBaseUrl}/webhooks`, { headers });
      expect(result.status).toBe(401);
      expect(result.headers['x-ratelimit-limit']).toBeUndefined();
      expect(result.headers['retry-after']).toBeUndefined();
    }
  });
});

describe('rate limits (lib/auth/workspace.ts, rate-limit-request.ts, @upstash/ratelimit)', () => {
  test('each key counts apart, at its workspace plan', async () => {
    const first = await call(`${sandbox().dubBaseUrl}/links`, { headers: auth });
    const second = await call(`${sandbox().dubBaseUrl}/links`, { headers: auth });
    const otherKey = await call(`${sandbox().dubBaseUrl}/links`, { headers: bearer(DUB_KEY_ALL_ACCESS) });
    expect(Number(second.headers['x-ratelimit-remaining'])).toBe(Number(first.headers['x-ratelimit-remaining']) - 1);
    expect(otherKey.headers['x-ratelimit-remaining']).toBe(first.headers['x-ratelimit-remaining']);
    expect(otherKey.headers['x-ratelimit-limit']).toBe('1200');
  });

  test('the reset is the end of the current minute since the epoch', async () => {
    const result = await call(`${sandbox().dubBaseUrl}/links`, { headers: auth });
    expect(Number(result.headers['x-ratelimit-reset']) % 60_000).toBe(0);
  });

  test('analytics paths (/events) have a per-second limit of their own: 4 on Business', async () => {
    const events = await call(`${sandbox().dubBaseUrl}/events?event=clicks`, { headers: auth });
    expect(events.headers['x-ratelimit-limit']).toBe('4');
    expect(Number(events.headers['x-ratelimit-reset']) % 1_000).toBe(0);
  });
});

describe('permissions and plans of the other endpoints (app/api/*/route.ts)', () => {
  test('a key without links.read cannot list links; /events needs analytics.read and Business; /partners needs Business', async () => {
    const webhooksOnly = bearer(DUB_KEY_RESTRICTED_WEBHOOKS_WRITE);
    const links = await call(`${sandbox().dubBaseUrl}/links`, { headers: webhooksOnly });
    expect(links.status).toBe(403);
    expect(errorOf(links).message).toBe(
      `The provided key does not have the required permissions for this endpoint on the workspace '${DUB_WORKSPACE_BUSINESS.id}'. ` +
        "Having the 'links.read' permission would allow this request to continue.",
    );
    expect(errorOf(await call(`${sandbox().dubBaseUrl}/events`, { headers: webhooksOnly })).message).toMatch(/'analytics\.read'/);
    expect(errorOf(await call(`${sandbox().dubBaseUrl}/events`, { headers: bearer(DUB_TOKEN_PRO) })).message).toBe('Unauthorized: Need higher plan.');
    expect(errorOf(await call(`${sandbox().dubBaseUrl}/partners`, { headers: bearer(DUB_TOKEN_PRO) })).message).toBe('Unauthorized: Need higher plan.');
    expect((await call(`${sandbox().dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_PRO) })).status).toBe(200);
  });

  test('a method a route does not have is 405', async () => {
    expect((await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'DELETE', headers: auth })).status).toBe(405);
  });
});

describe('errors (lib/api/errors.ts)', () => {
  test('doc_url turns only the first underscore of the code into a hyphen', async () => {
    sandbox().faults.inject({ match: { provider: 'dub' }, kind: 'rate_limit' });
    expect(errorOf(await call(`${sandbox().dubBaseUrl}/links`, { headers: auth })).doc_url).toBe(
      'https://dub.co/docs/api-reference/errors#rate-limit_exceeded',
    );
  });

  test('a body that is not JSON is 400 bad_request with Dub\'s text', async () => {
    const result = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, rawBody: '{nope' });
    expect([result.status, errorOf(result).code, errorOf(result).message]).toEqual([
      400,
      'bad_request',
      'Invalid JSON format in request body. Please ensure the request body is a valid JSON object.',
    ]);
  });

  test('a schema failure names the first issue as "<code>: <path>: <message>"', async () => {
    expect(errorOf(await createHook({ ...validHook, name: 'y'.repeat(41) })).message).toMatch(/^too_big: name: /);
    expect(errorOf(await createHook(clicks)).message).toBe('custom: linkScope: "linkScope" is required when the "link.clicked" trigger is enabled.');
    expect(errorOf(await createHook({ ...validHook, linkScope: 'workspace' })).message).toBe(
      'custom: linkScope: "linkScope" can only be set when the "link.clicked" trigger is enabled.',
    );
    expect(errorOf(await createHook({ ...clicks, linkScope: 'links', linkIds: [] })).message).toBe('custom: linkIds: Select at least one link');
    expect(errorOf(await createHook({ ...validHook, url: 'not a url' })).message).toBe('custom: url: Invalid URL');
  });
});

describe('the create and update schemas (lib/zod/schemas/webhooks.ts, lib/webhook/validate-webhook.ts)', () => {
  test('triggers may be empty; a host without a scheme gets https://', async () => {
    const empty = await createHook({ ...validHook, triggers: [] });
    expect([empty.status, obj(empty.json)['triggers']]).toEqual([201, []]);
    const bare = await createHook({ ...validHook, url: 'hooks.example/bare' });
    expect(obj(bare.json)['url']).toBe('https://hooks.example/bare');
  });

  test('link and folder ids must be the workspace\'s own: 400 bad_request otherwise', async () => {
    const links = await createHook({ ...clicks, linkScope: 'links', linkIds: ['link_not_ours'] });
    expect([links.status, errorOf(links).message]).toEqual([400, 'Invalid link IDs provided. Please check the links you are adding the webhook to.']);
    const folders = await createHook({ ...clicks, linkScope: 'folders', folderIds: ['fold_not_ours'] });
    expect([folders.status, errorOf(folders).message]).toEqual([400, 'Invalid folder IDs provided. Please check the folders you are adding the webhook to.']);
  });

  test('a selection sent with another scope is ignored, not refused; a repeated id is kept once', async () => {
    const workspace = obj((await createHook({ ...clicks, linkScope: 'workspace', linkIds: [LINK], folderIds: [FOLDER] })).json);
    expect(stored(workspace['id'])).not.toHaveProperty('linkIds');
    expect(stored(workspace['id'])).not.toHaveProperty('folderIds');
    const links = obj((await createHook({ ...clicks, url: 'https://hooks.example/l', linkScope: 'links', linkIds: [LINK, LINK] })).json);
    expect(stored(links['id'])?.linkIds).toEqual([LINK]);
  });

  test('PATCH: naming link.clicked means naming the scope again; dropping it drops the scope and the selection', async () => {
    const hook = obj((await createHook({ ...clicks, linkScope: 'links', linkIds: [LINK] })).json);
    const restated = await patchHook(hook['id'], { triggers: ['link.clicked', 'sale.created'] });
    expect([restated.status, errorOf(restated).message]).toEqual([422, 'custom: linkScope: "linkScope" is required when the "link.clicked" trigger is enabled.']);

    const dropped = await patchHook(hook['id'], { triggers: ['sale.created'] });
    expect(obj(dropped.json)['linkScope']).toBeNull();
    expect(stored(hook['id'])).not.toHaveProperty('linkIds');
    // A scope alone, for a hook without link.clicked, is ignored.
    expect(obj((await patchHook(hook['id'], { linkScope: 'workspace' })).json)['linkScope']).toBeNull();
  });

  test('PATCH keeps the selection it is not given, and replaces the one it is', async () => {
    const hook = obj((await createHook({ ...clicks, linkScope: 'links', linkIds: [LINK] })).json);
    await patchHook(hook['id'], { name: 'Renamed' });
    expect(stored(hook['id'])?.linkIds).toEqual([LINK]);
    await patchHook(hook['id'], { linkIds: [OTHER_LINK] });
    expect(stored(hook['id'])?.linkIds).toEqual([OTHER_LINK]);
  });

  test('PATCH checks the body before looking the hook up', async () => {
    const result = await patchHook('wh_unknown', { name: '' });
    expect(result.status).toBe(422);
    expect(arr((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: auth })).json)).toEqual([]);
  });
});
