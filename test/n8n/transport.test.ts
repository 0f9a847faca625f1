import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import { dubClientFor } from '../../n8n/dub/nodes/DubTrigger/client';
import { linklyClientFor } from '../../n8n/linkly/nodes/LinklyTrigger/client';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { hookContext, WEBHOOK_URL } from './support/contexts';
import { useNock } from '../support/strict-nock';

const DUB = 'https://api.dub.test';
const LINKLY = 'https://linkly.test/api/v1';
const lifecycle = new DubTrigger().webhookMethods.default;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
useNock();

function dubWithApiKey(parameters: Record<string, unknown> = {}) {
  return hookContext({
    credentials: { dubApi: { apiKey: 'dub_key_1', baseUrl: DUB } },
    parameters: { authentication: 'apiKey', events: ['sale.created'], ...parameters },
  });
}

function dubWithOAuth(refreshAccessToken?: () => string) {
  return hookContext({
    credentials: { dubOAuth2Api: { baseUrl: DUB, oauthTokenData: { access_token: 'token_old' } } },
    parameters: { authentication: 'oAuth2', events: ['sale.created'] },
    ...(refreshAccessToken ? { refreshAccessToken } : {}),
  });
}

describe('talking to the services through n8n', () => {
  it("authenticates with n8n's credential and never sends the core's placeholder headers", async () => {
    const scope = nock(DUB)
      .get('/webhooks')
      .matchHeader('authorization', 'Bearer dub_key_1')
      .reply(200, []);

    await expect((await dubClientFor(dubWithApiKey().context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("sends Linkly the key as a Bearer header only (the 2026 API's way), and the workspace in the path", async () => {
    const scope = nock(LINKLY, { badheaders: ['x-api-key', 'x-workspace-id'] })
      .get('/workspace/42/webhooks')
      .matchHeader('authorization', 'Bearer lk_1')
      .reply(200, []);
    const { context } = hookContext({ credentials: { linklyApi: { apiKey: 'lk_1', workspaceId: '42', baseUrl: LINKLY } } });

    await expect((await linklyClientFor(context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("hands Dub's error answers to the core, so the user reads Dub's reason", async () => {
    nock(DUB)
      .post('/webhooks')
      .reply(422, { error: { code: 'unprocessable_entity', message: 'url: must be a valid URL' } });

    const failure = lifecycle.create.call(dubWithApiKey().context);

    await expect(failure).rejects.toBeInstanceOf(NodeApiError);
    await expect(failure).rejects.toMatchObject({ httpCode: '422', message: expect.stringContaining('Dub said: "url: must be a valid URL"') });
  });

  it("lets n8n refresh an expired OAuth2 token and retry, then carries on", async () => {
    nock(DUB).get('/webhooks').matchHeader('authorization', 'Bearer token_old').reply(401, { error: { code: 'unauthorized', message: 'expired' } });
    nock(DUB).get('/webhooks').matchHeader('authorization', 'Bearer token_new').reply(200, []);

    const { context } = dubWithOAuth(() => 'token_new');

    await expect((await dubClientFor(context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(nock.isDone()).toBe(true);
  });

  it('reports a token n8n could not refresh as a credential to reconnect', async () => {
    nock(DUB).post('/webhooks').reply(401, { error: { code: 'unauthorized', message: 'invalid token' } });

    await expect(lifecycle.create.call(dubWithOAuth().context)).rejects.toThrow(/Reconnect your Dub account/);
  });

  it('says which address could not be reached when the service does not answer', async () => {
    const { context } = hookContext({
      credentials: { dubApi: { apiKey: 'dub_key_1', baseUrl: 'http://127.0.0.1:9' } },
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
    });
    nock.enableNetConnect('127.0.0.1:9');

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Could not reach Dub at http:\/\/127\.0\.0\.1:9/);
  });

  it('replaces a hook Dub disabled after failed deliveries instead of adopting it', async () => {
    const disabled = { id: 'wh_old', name: 'n8n', url: WEBHOOK_URL, secret: 'whsec_old', triggers: ['sale.created'], linkScope: null, disabledAt: '2026-11-01T00:00:00.000Z' };
    const fresh = { ...disabled, id: 'wh_new', secret: 'whsec_new', disabledAt: null };
    nock(DUB).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'URL already in use' } });
    nock(DUB).get('/webhooks').reply(200, [disabled]);
    nock(DUB).delete('/webhooks/wh_old').reply(200, { id: 'wh_old' });
    nock(DUB).post('/webhooks').reply(201, fresh);
    const { context, staticData } = dubWithApiKey();

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    expect(staticData).toMatchObject({ hookId: 'wh_new', secret: 'whsec_new' });
    expect(nock.isDone()).toBe(true);
  });
});
