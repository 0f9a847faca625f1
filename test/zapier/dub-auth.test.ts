import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { useStrictNock } from '../support/strict-nock';
import { DUB_API, dubApp, dubAuth, runDub, withEnv } from './support';

useStrictNock();
withEnv({ CLIENT_ID: 'dub_app_client', CLIENT_SECRET: 'dub_app_secret_shh', DUB_API_BASE_URL: undefined, DUB_OAUTH_AUTHORIZE_URL: undefined, DUB_OAUTH_TOKEN_URL: undefined });

type Fn = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const authentication = dubApp.authentication;
const oauth = authentication?.oauth2Config;
const asFn = (value: unknown): Fn => {
  if (typeof value !== 'function') throw new Error('expected a function');
  return value as Fn;
};

const userInfo = {
  id: 'user_1',
  name: 'Alice Martin',
  image: null,
  workspace: { id: 'ws_1', slug: 'acme', name: 'Acme Inc.', logo: null },
};

describe('Dub authentication: OAuth 2', () => {
  it("is OAuth 2 with the scopes the triggers, pickers and samples need, refreshing on the app's own RefreshAuthError", () => {
    expect(authentication?.type).toBe('oauth2');
    // Zapier's autoRefresh would turn the token endpoint's own 401 into a bare RefreshAuthError, losing Dub's reason.
    expect(oauth?.autoRefresh).toBe(false);
    expect(oauth?.scope?.split(' ')).toEqual(expect.arrayContaining(['webhooks.read', 'webhooks.write', 'links.read', 'folders.read', 'analytics.read']));
  });

  it("sends the user to Dub's authorize page with the client id, state, redirect and scopes", async () => {
    const url = new URL(
      String(await runDub(asFn(oauth?.authorizeUrl), { inputData: { state: 'st4te', redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/' } })),
    );
    expect(`${url.origin}${url.pathname}`).toBe('https://app.dub.co/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'dub_app_client',
      response_type: 'code',
      state: 'st4te',
      redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App123CLIAPI/',
      scope: oauth?.scope,
    });
  });

  it('exchanges the code for tokens with a form POST carrying the client credentials', async () => {
    let form: URLSearchParams = new URLSearchParams();
    nock(DUB_API, { reqheaders: { 'content-type': 'application/x-www-form-urlencoded' } })
      .post('/oauth/token', (body: string | Record<string, string>) => ((form = new URLSearchParams(body)), true))
      .reply(200, { access_token: 'dub_access_token_new', refresh_token: 'dub_refresh_token_new', token_type: 'Bearer', expires_in: 7200 });
    const tokens = await runDub(asFn(oauth?.getAccessToken), { inputData: { code: 'the_code', redirect_uri: 'https://zapier.com/return' } });
    expect(tokens).toEqual({ access_token: 'dub_access_token_new', refresh_token: 'dub_refresh_token_new' });
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'authorization_code',
      code: 'the_code',
      redirect_uri: 'https://zapier.com/return',
      client_id: 'dub_app_client',
      client_secret: 'dub_app_secret_shh',
    });
  });

  it('a refused code fails with what Dub said', async () => {
    nock(DUB_API).post('/oauth/token').reply(400, { error: { code: 'bad_request', message: 'Invalid code' } });
    await expect(runDub(asFn(oauth?.getAccessToken), { inputData: { code: 'stale' } })).rejects.toThrow(/Dub did not complete the connection \(400\): Invalid code/);
  });

  it('refreshes with the refresh token and keeps the rotated one', async () => {
    let form: URLSearchParams = new URLSearchParams();
    nock(DUB_API)
      .post('/oauth/token', (body: string | Record<string, string>) => ((form = new URLSearchParams(body)), true))
      .reply(200, { access_token: 'dub_access_token_2', refresh_token: 'dub_refresh_token_2' });
    expect(await runDub(asFn(oauth?.refreshAccessToken), { authData: dubAuth })).toEqual({ access_token: 'dub_access_token_2', refresh_token: 'dub_refresh_token_2' });
    expect(form.get('grant_type')).toBe('refresh_token');
    expect(form.get('refresh_token')).toBe(dubAuth.refresh_token);
  });

  it('a refused refresh marks the connection expired and asks the user to reconnect', async () => {
    nock(DUB_API).post('/oauth/token').reply(400, { error: 'invalid_grant', error_description: 'Unknown, used or expired refresh_token.' });
    await expect(runDub(asFn(oauth?.refreshAccessToken), { authData: dubAuth })).rejects.toMatchObject({
      name: 'ExpiredAuthError',
      message: expect.stringContaining('Dub refused to renew the connection (400): Unknown, used or expired refresh_token. Reconnect your Dub account in Zapier'),
    });
  });

  it.each([
    ['renewing', () => runDub(asFn(oauth?.refreshAccessToken), { authData: dubAuth })],
    ['connecting', () => runDub(asFn(oauth?.getAccessToken), { inputData: { code: 'the_authorization_code_0123456789', redirect_uri: 'https://zapier.com/return' } })],
  ])('an answer that quotes the request back while %s (not JSON) shows neither the client secret nor the grant', async (_when, run) => {
    let sent = '';
    nock(DUB_API)
      .post('/oauth/token', (body: string | Record<string, string>) => ((sent = new URLSearchParams(body).toString()), true))
      .reply(502, () => `<html>Bad gateway while forwarding ${sent} with Authorization: Bearer ${dubAuth.access_token}</html>`);
    const error = await run().then(() => undefined, (thrown: unknown) => thrown);

    const shown = `${String(error)} ${(error as Error | undefined)?.stack ?? ''}`;
    expect(sent).toContain('client_secret=dub_app_secret_shh');
    expect(shown).toContain('Bad gateway while forwarding');
    for (const secret of ['dub_app_secret_shh', dubAuth.refresh_token, 'the_authorization_code_0123456789', dubAuth.access_token]) expect(shown).not.toContain(secret);
  });

  it('fails clearly when the app has no OAuth client configured', async () => {
    delete process.env.CLIENT_ID;
    await expect(runDub(asFn(oauth?.authorizeUrl), { inputData: { state: 's' } })).rejects.toThrow(/set CLIENT_ID and CLIENT_SECRET/);
  });
});

describe('Dub authentication: test and connection label', () => {
  it('the test reads who the token belongs to, and the label names the workspace', async () => {
    nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } }).get('/oauth/userinfo').reply(200, userInfo);
    const tested = await runDub(asFn(authentication?.test), { authData: dubAuth });
    expect(tested).toEqual(userInfo);
    expect(await runDub(asFn(authentication?.connectionLabel), { authData: dubAuth, inputData: tested as Record<string, unknown> })).toBe('Acme Inc. (acme)');
  });

  it('a bad or expired token fails the test, so Zapier refreshes it (or the user reconnects)', async () => {
    nock(DUB_API).get('/oauth/userinfo').reply(401, { error: { code: 'unauthorized', message: 'Access token not found or expired.' } });
    await expect(runDub(asFn(authentication?.test), { authData: { access_token: 'revoked' } })).rejects.toMatchObject({
      name: 'RefreshAuthError',
      message: expect.stringContaining('Reconnect your Dub account'),
    });
  });

  it('the label falls back to the user when the answer names no workspace', async () => {
    expect(await runDub(asFn(authentication?.connectionLabel), { inputData: { id: 'user_1', name: 'Alice Martin', workspace: null } })).toBe('Alice Martin');
  });
});

describe('Dub API base URLs come from the environment', () => {
  withEnv({
    DUB_API_BASE_URL: 'http://127.0.0.1:9/dub',
    DUB_OAUTH_AUTHORIZE_URL: 'http://127.0.0.1:9/dub/oauth/authorize',
  });

  it('the API, the token endpoint and the authorize page all follow the override', async () => {
    nock('http://127.0.0.1:9').get('/dub/oauth/userinfo').reply(200, userInfo);
    nock('http://127.0.0.1:9').post('/dub/oauth/token').reply(200, { access_token: 'a', refresh_token: 'r' });
    await runDub(asFn(authentication?.test), { authData: dubAuth });
    await runDub(asFn(oauth?.getAccessToken), { inputData: { code: 'c' } });
    const url = String(await runDub(asFn(oauth?.authorizeUrl), { inputData: { state: 's' } }));
    expect(url.startsWith('http://127.0.0.1:9/dub/oauth/authorize?')).toBe(true);
  });
});
