import {
  DUB_KEY_NO_WEBHOOK_SCOPE,
  DUB_TOKEN_BUSINESS,
  DUB_TOKEN_PRO,
  startSandbox,
  type Sandbox,
} from '../../sandbox';
import { arr, bearer, call, errorOf, obj } from './helpers';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
beforeEach(() => sandbox.reset());

const auth = bearer(DUB_TOKEN_BUSINESS);
const validHook = { name: 'Zap', url: 'https://hooks.example/zap/1', triggers: ['link.created'] };

function createHook(body: unknown, headers = auth) {
  return call(`${sandbox.dubBaseUrl}/webhooks`, { method: 'POST', headers, body });
}

describe('Dub authentication and access', () => {
  test('missing and unknown tokens are 401 unauthorized', async () => {
    const missing = await call(`${sandbox.dubBaseUrl}/webhooks`);
    expect(missing.status).toBe(401);
    expect(errorOf(missing).code).toBe('unauthorized');
    const unknown = await call(`${sandbox.dubBaseUrl}/webhooks`, { headers: bearer('dub_nope') });
    expect(unknown.status).toBe(401);
    expect(errorOf(unknown).doc_url).toMatch(/^https:\/\/dub\.co\/docs\/api-reference\/errors#unauthorized$/);
  });

  test('the pro plan is 403 forbidden with "Need higher plan"', async () => {
    const result = await createHook(validHook, bearer(DUB_TOKEN_PRO));
    expect(result.status).toBe(403);
    expect(errorOf(result).code).toBe('forbidden');
    expect(errorOf(result).message).toMatch(/Need higher plan/);
    // Non-webhook endpoints still work on pro.
    expect((await call(`${sandbox.dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_PRO) })).status).toBe(200);
  });

  test('a dashboard key names webhooks.write on POST and webhooks.read on GET', async () => {
    const key = bearer(DUB_KEY_NO_WEBHOOK_SCOPE);
    const post = await createHook(validHook, key);
    expect(post.status).toBe(403);
    expect(errorOf(post).code).toBe('forbidden');
    expect(errorOf(post).message).toContain('webhooks.write');
    const get = await call(`${sandbox.dubBaseUrl}/webhooks`, { headers: key });
    expect(get.status).toBe(403);
    expect(errorOf(get).message).toContain('webhooks.read');
    expect(sandbox.dub.hooks()).toHaveLength(0);
  });
});

describe('Dub webhook CRUD', () => {
  test('create answers 201 with the documented shape and a generated secret', async () => {
    const result = await createHook(validHook);
    expect(result.status).toBe(201);
    const hook = obj(result.json);
    expect(hook).toEqual({
      id: expect.stringMatching(/^wh_[A-Za-z0-9]+$/),
      name: 'Zap',
      url: 'https://hooks.example/zap/1',
      secret: expect.stringMatching(/^whsec_[0-9a-f]{32}$/),
      triggers: ['link.created'],
      linkScope: null,
      disabledAt: null,
      installationId: null,
    });
  });

  test('name must be 1 to 40 characters', async () => {
    expect((await createHook({ ...validHook, name: 'x'.repeat(40) })).status).toBe(201);
    const tooLong = await createHook({ ...validHook, name: 'y'.repeat(41), url: 'https://hooks.example/2' });
    expect(tooLong.status).toBe(422);
    expect(errorOf(tooLong).code).toBe('unprocessable_entity');
    expect(errorOf(tooLong).message).toMatch(/name/);
    expect((await createHook({ ...validHook, name: '', url: 'https://hooks.example/3' })).status).toBe(422);
  });

  test('url must be valid and triggers a non-empty subset of the event names', async () => {
    expect((await createHook({ ...validHook, url: 'not a url' })).status).toBe(422);
    expect((await createHook({ ...validHook, triggers: [] })).status).toBe(422);
    const unknown = await createHook({ ...validHook, triggers: ['link.exploded'] });
    expect(unknown.status).toBe(422);
    expect(errorOf(unknown).message).toMatch(/triggers/);
  });

  test('invalid JSON is 400 bad_request', async () => {
    const result = await call(`${sandbox.dubBaseUrl}/webhooks`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      rawBody: '{nope',
    });
    expect(result.status).toBe(400);
    expect(errorOf(result).code).toBe('bad_request');
  });

  test('linkScope is required with link.clicked', async () => {
    const result = await createHook({ ...validHook, triggers: ['link.clicked'] });
    expect(result.status).toBe(422);
    expect(errorOf(result).message).toMatch(/linkScope is required when triggers include link\.clicked/);
  });

  test('linkScope is refused without link.clicked', async () => {
    const result = await createHook({ ...validHook, linkScope: 'workspace' });
    expect(result.status).toBe(422);
    expect(errorOf(result).message).toMatch(/linkScope is only allowed when triggers include link\.clicked/);
  });

  test('"links" needs linkIds (at most 1000) and "folders" needs folderIds (at most 100)', async () => {
    const clicks = { ...validHook, triggers: ['link.clicked'] };
    expect((await createHook({ ...clicks, linkScope: 'links' })).status).toBe(422);
    expect((await createHook({ ...clicks, linkScope: 'links', linkIds: [] })).status).toBe(422);
    const tooMany = Array.from({ length: 1001 }, (_, i) => `link_${i}`);
    expect((await createHook({ ...clicks, linkScope: 'links', linkIds: tooMany })).status).toBe(422);
    expect((await createHook({ ...clicks, linkScope: 'folders' })).status).toBe(422);
    const tooManyFolders = Array.from({ length: 101 }, (_, i) => `fold_${i}`);
    expect((await createHook({ ...clicks, linkScope: 'folders', folderIds: tooManyFolders })).status).toBe(422);

    const links = await createHook({ ...clicks, linkScope: 'links', linkIds: ['link_a'] });
    expect(links.status).toBe(201);
    expect(obj(links.json)).toMatchObject({ linkScope: 'links', linkIds: ['link_a'] });
    const folders = await createHook({ ...clicks, url: 'https://hooks.example/f', linkScope: 'folders', folderIds: ['fold_a'] });
    expect(folders.status).toBe(201);
    expect(obj(folders.json)).toMatchObject({ linkScope: 'folders', folderIds: ['fold_a'] });
    expect(obj(folders.json)).not.toHaveProperty('linkIds');
  });

  test('a URL already used by another webhook is 409 conflict', async () => {
    expect((await createHook(validHook)).status).toBe(201);
    const again = await createHook({ ...validHook, name: 'Other' });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('conflict');
    expect(sandbox.dub.hooks()).toHaveLength(1);
  });

  test('GET lists newest first; GET/PATCH/DELETE by id; unknown id is 404 not_found', async () => {
    const first = obj((await createHook(validHook)).json);
    const second = obj((await createHook({ ...validHook, url: 'https://hooks.example/zap/2' })).json);
    const list = arr((await call(`${sandbox.dubBaseUrl}/webhooks`, { headers: auth })).json);
    expect(list.map((hook) => obj(hook)['id'])).toEqual([second['id'], first['id']]);

    const one = await call(`${sandbox.dubBaseUrl}/webhooks/${String(first['id'])}`, { headers: auth });
    expect(obj(one.json)['secret']).toBe(first['secret']);

    const patched = await call(`${sandbox.dubBaseUrl}/webhooks/${String(first['id'])}`, {
      method: 'PATCH',
      headers: auth,
      body: { name: 'Renamed', triggers: ['link.clicked'], linkScope: 'workspace' },
    });
    expect(patched.status).toBe(200);
    expect(obj(patched.json)).toMatchObject({ name: 'Renamed', triggers: ['link.clicked'], linkScope: 'workspace', secret: first['secret'] });

    const conflict = await call(`${sandbox.dubBaseUrl}/webhooks/${String(first['id'])}`, {
      method: 'PATCH',
      headers: auth,
      body: { url: second['url'] },
    });
    expect(conflict.status).toBe(409);

    const deleted = await call(`${sandbox.dubBaseUrl}/webhooks/${String(first['id'])}`, { method: 'DELETE', headers: auth });
    expect(deleted.status).toBe(200);
    expect(deleted.json).toEqual({ id: first['id'] });

    for (const method of ['GET', 'PATCH', 'DELETE'] as const) {
      const missing = await call(`${sandbox.dubBaseUrl}/webhooks/${String(first['id'])}`, { method, headers: auth, body: method === 'PATCH' ? {} : undefined });
      expect(missing.status).toBe(404);
      expect(errorOf(missing).code).toBe('not_found');
    }
  });
});

describe('Dub rate-limit headers', () => {
  test('every response carries X-RateLimit-* with the reset in epoch milliseconds', async () => {
    const before = Date.now();
    for (const result of [
      await call(`${sandbox.dubBaseUrl}/webhooks`, { headers: auth }),
      await createHook({ ...validHook, name: 'y'.repeat(41) }),
      await call(`${sandbox.dubBaseUrl}/webhooks`),
      await call(`${sandbox.dubBaseUrl}/webhooks/wh_missing`, { headers: auth }),
    ]) {
      expect(result.headers['x-ratelimit-limit']).toMatch(/^\d+$/);
      expect(result.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
      const reset = Number(result.headers['x-ratelimit-reset']);
      expect(reset).toBeGreaterThan(before); // milliseconds, so far beyond any epoch-seconds value
      expect(reset).toBeLessThanOrEqual(Date.now() + 60_000);
    }
  });

  test('business is 1200 a minute and remaining counts down', async () => {
    const a = await call(`${sandbox.dubBaseUrl}/links`, { headers: auth });
    const b = await call(`${sandbox.dubBaseUrl}/links`, { headers: auth });
    expect(a.headers['x-ratelimit-limit']).toBe('1200');
    expect(Number(b.headers['x-ratelimit-remaining'])).toBe(Number(a.headers['x-ratelimit-remaining']) - 1);
    const pro = await call(`${sandbox.dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_PRO) });
    expect(pro.headers['x-ratelimit-limit']).toBe('600');
  });
});
