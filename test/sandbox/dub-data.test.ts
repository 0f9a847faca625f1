import { useSandbox } from '../support/sandbox';
import { createHash } from 'node:crypto';
import {
  DUB_KEY_ALL_ACCESS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  DUB_TOKEN_BUSINESS,
} from '../../sandbox';
import { arr, bearer, call, obj } from './helpers';

const sandbox = useSandbox();

const auth = bearer(DUB_TOKEN_BUSINESS);
const form = { 'content-type': 'application/x-www-form-urlencoded' };

describe('Dub read-only endpoints', () => {
  test('GET /links filters by search and pages', async () => {
    const all = arr((await call(`${sandbox().dubBaseUrl}/links`, { headers: auth })).json);
    expect(all.length).toBeGreaterThanOrEqual(3);
    expect(obj(all[0])).toMatchObject({ id: expect.any(String), domain: 'dub.sh', shortLink: expect.stringMatching(/^https:\/\/dub\.sh\//) });
    const spring = arr((await call(`${sandbox().dubBaseUrl}/links?search=spring`, { headers: auth })).json);
    expect(spring.map((link) => obj(link)['key'])).toEqual(['spring26']);
    const page2 = arr((await call(`${sandbox().dubBaseUrl}/links?page=2&pageSize=2`, { headers: auth })).json);
    expect(obj(page2[0])['id']).toBe(obj(all[2])['id']);
  });

  test('GET /folders filters by search', async () => {
    const folders = arr((await call(`${sandbox().dubBaseUrl}/folders?search=market`, { headers: auth })).json);
    expect(folders.map((folder) => obj(folder)['name'])).toEqual(['Marketing']);
  });

  test('GET /events returns Dub event-list shapes for clicks, leads and sales', async () => {
    const clicks = arr((await call(`${sandbox().dubBaseUrl}/events?event=clicks&limit=2`, { headers: auth })).json);
    expect(clicks).toHaveLength(2);
    expect(obj(clicks[0])).toMatchObject({ event: 'click', timestamp: expect.any(String), click: expect.any(Object), link: expect.any(Object) });
    expect(obj(obj(clicks[0])['click'])).toHaveProperty('id');

    const leads = arr((await call(`${sandbox().dubBaseUrl}/events?event=leads`, { headers: auth })).json);
    expect(obj(leads[0])).toMatchObject({ event: 'lead', eventName: expect.any(String), customer: expect.any(Object), click: expect.any(Object) });

    const sales = arr((await call(`${sandbox().dubBaseUrl}/events?event=sales`, { headers: auth })).json);
    expect(obj(obj(sales[0])['sale'])).toEqual({
      amount: expect.any(Number),
      currency: expect.any(String),
      paymentProcessor: expect.any(String),
      invoiceId: expect.anything(),
    });
    expect((await call(`${sandbox().dubBaseUrl}/events?event=opens`, { headers: auth })).status).toBe(422);
  });

  test('partners, commissions and payouts answer arrays', async () => {
    for (const path of ['/partners', '/commissions', '/payouts']) {
      const result = await call(`${sandbox().dubBaseUrl}${path}`, { headers: auth });
      expect(result.status).toBe(200);
      expect(arr(result.json).length).toBeGreaterThan(0);
    }
  });

  test('data endpoints work with a dashboard key; unknown endpoints are 404 not_found', async () => {
    expect((await call(`${sandbox().dubBaseUrl}/links`, { headers: bearer(DUB_KEY_ALL_ACCESS) })).status).toBe(200);
    expect((await call(`${sandbox().dubBaseUrl}/nope`, { headers: auth })).status).toBe(404);
  });
});

describe('Dub OAuth', () => {
  test('userinfo describes the user and workspace for OAuth tokens, not API keys', async () => {
    const info = await call(`${sandbox().dubBaseUrl}/oauth/userinfo`, { headers: auth });
    expect(info.status).toBe(200);
    expect(info.json).toEqual({
      id: expect.any(String),
      name: expect.any(String),
      email: expect.any(String),
      image: expect.anything(),
      workspace: { id: expect.stringMatching(/^ws_/), slug: expect.any(String), name: expect.any(String) },
    });
    expect((await call(`${sandbox().dubBaseUrl}/oauth/userinfo`, { headers: bearer(DUB_KEY_ALL_ACCESS) })).status).toBe(401);
  });

  test('authorize → code → token (with PKCE) → webhooks → refresh', async () => {
    const verifier = 'a'.repeat(50);
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const redirectUri = 'http://127.0.0.1:5678/rest/oauth2-credential/callback';
    const authorize = new URL(`${sandbox().dubBaseUrl}/oauth/authorize`);
    for (const [key, value] of Object.entries({
      client_id: DUB_OAUTH_CLIENT_ID,
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'webhooks.read webhooks.write links.read',
      state: 'st4te',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(key, value);
    }
    const redirect = await call(authorize.toString());
    expect(redirect.status).toBe(302);
    const back = new URL(String(redirect.headers['location']));
    expect(back.searchParams.get('state')).toBe('st4te');
    const code = String(back.searchParams.get('code'));

    const exchange = (body: Record<string, string>) =>
      call(`${sandbox().dubBaseUrl}/oauth/token`, { method: 'POST', headers: form, rawBody: new URLSearchParams(body).toString() });
    const base = { grant_type: 'authorization_code', code, redirect_uri: redirectUri, client_id: DUB_OAUTH_CLIENT_ID, client_secret: DUB_OAUTH_CLIENT_SECRET };

    const tokens = await exchange({ ...base, code_verifier: verifier });
    expect(tokens.status).toBe(200);
    const issued = obj(tokens.json);
    expect(issued).toMatchObject({ token_type: 'Bearer', expires_in: 7200, access_token: expect.any(String), refresh_token: expect.any(String) });
    expect((await exchange({ ...base, code_verifier: verifier })).status).toBe(400); // single use

    const created = await call(`${sandbox().dubBaseUrl}/webhooks`, {
      method: 'POST',
      headers: bearer(String(issued['access_token'])),
      body: { name: 'OAuth', url: 'https://hooks.example/oauth', triggers: ['sale.created'] },
    });
    expect(created.status).toBe(201);

    const refreshed = await exchange({
      grant_type: 'refresh_token',
      refresh_token: String(issued['refresh_token']),
      client_id: DUB_OAUTH_CLIENT_ID,
      client_secret: DUB_OAUTH_CLIENT_SECRET,
    });
    expect(refreshed.status).toBe(200);
    expect(obj(refreshed.json)['access_token']).not.toBe(issued['access_token']);
  });

  test('the token endpoint checks the client, the grant, the verifier and the content type', async () => {
    const post = (body: Record<string, string>, headers: Record<string, string> = form) =>
      call(`${sandbox().dubBaseUrl}/oauth/token`, { method: 'POST', headers, rawBody: new URLSearchParams(body).toString() });
    const client = { client_id: DUB_OAUTH_CLIENT_ID, client_secret: DUB_OAUTH_CLIENT_SECRET };
    expect((await post({ grant_type: 'authorization_code', code: DUB_OAUTH_TEST_CODE, ...client })).status).toBe(200);
    const basic = `Basic ${Buffer.from(`${DUB_OAUTH_CLIENT_ID}:${DUB_OAUTH_CLIENT_SECRET}`).toString('base64')}`;
    expect((await post({ grant_type: 'authorization_code', code: DUB_OAUTH_TEST_CODE }, { ...form, authorization: basic })).status).toBe(200);
    expect((await post({ grant_type: 'authorization_code', code: DUB_OAUTH_TEST_CODE, client_id: 'x', client_secret: 'y' })).status).toBe(401);
    expect(obj((await post({ grant_type: 'authorization_code', code: 'bogus', ...client })).json)['error']).toBe('invalid_grant');
    expect(obj((await post({ grant_type: 'password', ...client })).json)['error']).toBe('unsupported_grant_type');
    expect((await post({ grant_type: 'authorization_code', code: DUB_OAUTH_TEST_CODE, ...client }, { 'content-type': 'application/json' })).status).toBe(400);
  });
});
