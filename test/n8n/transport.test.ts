import nock from 'nock';
import { NodeApiError } from 'n8n-workflow';
import { NodeApiError as OldestNodeApiError } from 'n8n-workflow-oldest';
import { dubClientFor } from '../../n8n/dub/nodes/DubTrigger/client';
import { linklyClientFor } from '../../n8n/linkly/nodes/LinklyTrigger/client';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { CLIENT_POLICIES } from '../../n8n/common/clients';
import { hookContext, WEBHOOK_URL } from './support/contexts';
import { fakeN8nHttp, N8N_HTTP_LINES, nodeApiErrorOf, type N8nHttpLine } from './support/fake-n8n-http';
import { useNock } from '../support/strict-nock';

const DUB = 'https://api.dub.test';
const LINKLY = 'https://linkly.test/api/v1';
const lifecycle = new DubTrigger().webhookMethods.default;
const linklyLifecycle = new LinklyTrigger().webhookMethods.default;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  jest.restoreAllMocks();
});
useNock();

const NODE = { id: 'node-1', name: 'Trigger', type: 'CUSTOM.trigger', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };

/** Dub's error body and the headers its error answers carry (dub.md: Errors, Rate limits). */
function dubError(code: string, message: string) {
  return { error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code}` } };
}

describe("the fake of n8n's HTTP helper throws what each n8n line's own NodeApiError makes of an error answer", () => {
  const axiosError = async () => {
    nock(DUB).get('/webhooks').reply(409, dubError('conflict', 'A Webhook with this URL already exists.'), { 'retry-after': '1796000000000' });
    const { httpRequestWithAuthentication } = fakeN8nHttp({ credentials: { dubApi: { apiKey: 'dub_key_1', baseUrl: DUB } }, node: NODE, line: 'n8n 2.x' });
    return httpRequestWithAuthentication('dubApi', { url: `${DUB}/webhooks`, returnFullResponse: true, encoding: 'text', json: false }).catch((error: unknown) => error);
  };

  it('n8n 2.x (n8n-workflow 2.41): the HTTP error, with status, headers and body, is the cause', async () => {
    const thrown = await axiosError();
    expect(thrown).toBeInstanceOf(NodeApiError);
    expect(thrown).toMatchObject({ httpCode: '409', cause: { response: { status: 409, headers: { 'retry-after': '1796000000000' } } } });
  });

  it('n8n 1.x (n8n-workflow 1.120): the same error keeps its status only; cause, headers and a text body are gone', async () => {
    const cause = ((await axiosError()) as { cause: unknown }).cause;
    const thrown = nodeApiErrorOf('n8n 1.x', NODE, cause);
    expect(thrown).toBeInstanceOf(OldestNodeApiError);
    expect(thrown).toMatchObject({ httpCode: '409', message: 'Your request is invalid or could not be processed by the service' });
    expect((thrown as { cause?: unknown }).cause).toBeUndefined();
    expect(JSON.stringify(thrown)).not.toContain('1796000000000');
  });
});

describe.each(N8N_HTTP_LINES)("every error answer reaches the core as an answer, through %s's helper", (line: N8nHttpLine) => {
  function dubWithApiKey(parameters: Record<string, unknown> = {}) {
    return hookContext({
      credentials: { dubApi: { apiKey: 'dub_key_1', baseUrl: DUB } },
      parameters: { authentication: 'apiKey', events: ['sale.created'], ...parameters },
      http: line,
    });
  }

  function dubWithOAuth(refreshAccessToken?: () => string) {
    return hookContext({
      credentials: { dubOAuth2Api: { baseUrl: DUB, oauthTokenData: { access_token: 'token_old' } } },
      parameters: { authentication: 'oAuth2', events: ['sale.created'] },
      http: line,
      ...(refreshAccessToken ? { refreshAccessToken } : {}),
    });
  }

  const hook = { id: 'wh_1', name: 'n8n: Sales', url: WEBHOOK_URL, secret: 'whsec_1', triggers: ['sale.created'], linkScope: null, disabledAt: null };

  it("authenticates with n8n's credential and never sends the core's placeholder headers", async () => {
    const scope = nock(DUB).get('/webhooks').matchHeader('authorization', 'Bearer dub_key_1').reply(200, []);

    await expect((await dubClientFor(dubWithApiKey().context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("sends Linkly the key as a Bearer header only (the 2026 API's way), and the workspace in the path", async () => {
    const scope = nock(LINKLY, { badheaders: ['x-api-key', 'x-workspace-id'] })
      .get('/workspace/42/webhooks')
      .matchHeader('authorization', 'Bearer lk_1')
      .reply(200, []);
    const { context } = hookContext({ credentials: { linklyApi: { apiKey: 'lk_1', workspaceId: '42', baseUrl: LINKLY } }, http: line });

    await expect((await linklyClientFor(context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it("400 and 422: the user reads Dub's reason", async () => {
    nock(DUB).post('/webhooks').reply(422, dubError('unprocessable_entity', 'url: must be a valid URL'));
    const failure = lifecycle.create.call(dubWithApiKey().context);
    await expect(failure).rejects.toBeInstanceOf(NodeApiError);
    await expect(failure).rejects.toMatchObject({ httpCode: '422', message: expect.stringContaining('Dub said: "url: must be a valid URL"') });

    nock(DUB).post('/webhooks').reply(400, dubError('bad_request', 'Invalid JSON format in request body.'));
    await expect(lifecycle.create.call(dubWithApiKey().context)).rejects.toMatchObject({ httpCode: '400', message: expect.stringContaining('Invalid JSON format') });
  });

  it("401 to an API key: reconnect, in the user's words, asked once", async () => {
    const scope = nock(DUB).post('/webhooks').reply(401, dubError('unauthorized', 'Unauthorized: Invalid API key.'));
    await expect(lifecycle.create.call(dubWithApiKey().context)).rejects.toThrow(/Reconnect your Dub account/);
    expect(scope.isDone()).toBe(true);
  });

  it("403 without the webhook permission: the key-type advice, with Dub's own words", async () => {
    nock(DUB)
      .post('/webhooks')
      .reply(403, dubError('forbidden', "The provided key does not have the required permissions for this endpoint on the workspace 'ws_1'. Having the 'webhooks.write' permission would allow this request to continue."));
    const failure = lifecycle.create.call(dubWithApiKey().context);
    await expect(failure).rejects.toMatchObject({ httpCode: '403', message: expect.stringContaining('lacks the webhooks.write permission') });
    await expect(failure).rejects.toThrow(/Restricted API key with Webhooks: Write/);
  });

  it('403 below the Business plan: says to upgrade', async () => {
    nock(DUB).post('/webhooks').reply(403, dubError('forbidden', 'Unauthorized: Need higher plan.'));
    await expect(lifecycle.create.call(dubWithApiKey().context)).rejects.toThrow(/Business plan or higher/);
  });

  it('409 over a hook Dub lists only later: the hook is adopted, and no second one made', async () => {
    nock(DUB).post('/webhooks').reply(409, dubError('conflict', 'A Webhook with this URL already exists.'));
    nock(DUB).get('/webhooks').reply(200, []);
    nock(DUB).post('/webhooks').reply(409, dubError('conflict', 'A Webhook with this URL already exists.'));
    nock(DUB).get('/webhooks').reply(200, [hook]);
    const { context, staticData } = dubWithApiKey();

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    expect(staticData).toMatchObject({ hookId: 'wh_1', secret: 'whsec_1' });
    expect(nock.isDone()).toBe(true);
  });

  it('replaces a hook Dub disabled after failed deliveries instead of adopting it', async () => {
    const disabled = { ...hook, id: 'wh_old', secret: 'whsec_old', disabledAt: '2026-11-01T00:00:00.000Z' };
    const fresh = { ...hook, id: 'wh_new', secret: 'whsec_new' };
    nock(DUB).post('/webhooks').reply(409, dubError('conflict', 'A Webhook with this URL already exists.'));
    nock(DUB).get('/webhooks').reply(200, [disabled]);
    nock(DUB).delete('/webhooks/wh_old').reply(200, { id: 'wh_old' });
    nock(DUB).post('/webhooks').reply(201, fresh);
    nock(DUB).get('/webhooks').reply(200, [fresh]);
    const { context, staticData } = dubWithApiKey();

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    expect(staticData).toMatchObject({ hookId: 'wh_new', secret: 'whsec_new' });
    expect(nock.isDone()).toBe(true);
  });

  it('404 on removing a hook already deleted in Dub: removal ends cleanly', async () => {
    // delete() first asks whether the kept hook is disabled (its log would be kept), then removes it, then any hook
    // of ours left at the URL.
    nock(DUB).get('/webhooks/wh_1').reply(404, dubError('not_found', 'Webhook not found.'));
    nock(DUB).delete('/webhooks/wh_1').reply(404, dubError('not_found', 'Webhook not found.'));
    nock(DUB).get('/webhooks').reply(200, []);
    const { context, staticData } = dubWithApiKey();
    Object.assign(staticData, { hookId: 'wh_1', secret: 'whsec_1', hookUrl: WEBHOOK_URL });

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);
    expect(staticData.hookId).toBeUndefined();
    expect(nock.isDone()).toBe(true);
  });

  it("429: waited as long as Dub's own clock says, however far ours is from it, then carries on", async () => {
    const dubNow = Date.now() - 10 * 60_000; // Dub's clock ten minutes behind ours
    nock(DUB)
      .get('/webhooks')
      .reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), {
        Date: new Date(dubNow).toUTCString(),
        'Retry-After': String(dubNow + 45_000),
        'X-RateLimit-Reset': String(dubNow + 45_000),
        'X-RateLimit-Limit': '1200',
        'X-RateLimit-Remaining': '0',
      });
    nock(DUB).get('/webhooks').reply(200, []);
    const waits: number[] = [];
    jest.spyOn(CLIENT_POLICIES.lifecycle, 'sleep').mockImplementation(async (ms: number) => void waits.push(ms));

    await expect((await dubClientFor(dubWithApiKey().context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);

    expect(waits).toHaveLength(1);
    // Dub's Date counts whole seconds: the wait is its 45 s, give or take that second.
    expect(waits[0]).toBeGreaterThan(43_000);
    expect(waits[0]).toBeLessThanOrEqual(46_000);
  });

  it('5xx: a safe call is tried again; what still fails says it is on Dub\'s side', async () => {
    nock(DUB).get('/webhooks').times(4).reply(503, dubError('internal_server_error', 'Service unavailable.'));
    jest.spyOn(CLIENT_POLICIES.lifecycle, 'sleep').mockResolvedValue(undefined);
    await expect((await dubClientFor(dubWithApiKey().context, 'lifecycle')).webhooks.list()).rejects.toThrow(/Dub had a server error \(503\)/);
  });

  it('lets n8n refresh an expired OAuth 2 token and retry, then carries on', async () => {
    nock(DUB).get('/webhooks').times(2).matchHeader('authorization', 'Bearer token_old').reply(401, dubError('unauthorized', 'expired'));
    nock(DUB).get('/webhooks').matchHeader('authorization', 'Bearer token_new').reply(200, []);
    const refreshes: string[] = [];
    const { context } = dubWithOAuth(() => (refreshes.push('token_new'), 'token_new'));

    await expect((await dubClientFor(context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
    expect(refreshes).toHaveLength(1);
    expect(nock.isDone()).toBe(true);
  });

  it('after a refreshed OAuth 2 token, an error answer is still read as an answer', async () => {
    nock(DUB).post('/webhooks').times(2).matchHeader('authorization', 'Bearer token_old').reply(401, dubError('unauthorized', 'expired'));
    nock(DUB).post('/webhooks').matchHeader('authorization', 'Bearer token_new').reply(403, dubError('forbidden', 'Unauthorized: Need higher plan.'));

    await expect(lifecycle.create.call(dubWithOAuth(() => 'token_new').context)).rejects.toThrow(/Business plan or higher/);
  });

  it('reports a token n8n could not refresh as a credential to reconnect', async () => {
    nock(DUB).post('/webhooks').times(2).reply(401, dubError('unauthorized', 'invalid token'));

    await expect(lifecycle.create.call(dubWithOAuth().context)).rejects.toThrow(/Reconnect your Dub account/);
  });

  it('says which address could not be reached when the service does not answer', async () => {
    const { context } = hookContext({
      credentials: { dubApi: { apiKey: 'dub_key_1', baseUrl: 'http://127.0.0.1:9' } },
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
      http: line,
    });
    nock.enableNetConnect('127.0.0.1:9');

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Could not reach Dub at http:\/\/127\.0\.0\.1:9/);
  });

  describe('Linkly', () => {
    const linkly = () => hookContext({ credentials: { linklyApi: { apiKey: 'lk_1', workspaceId: '42', baseUrl: LINKLY } }, http: line });

    it("401: Linkly's refusal of the key, not an unreachable Linkly", async () => {
      nock(LINKLY).get(() => true).reply(401, 'Not authorized').persist();
      nock(LINKLY).post(() => true).reply(401, 'Not authorized').persist();
      const failure = linklyLifecycle.create.call(linkly().context);
      await expect(failure).rejects.toMatchObject({ httpCode: '401' });
      await expect(failure).rejects.not.toThrow(/Could not reach/);
    });

    it('404 on removing a hook Linkly no longer has: removal ends cleanly', async () => {
      const removal = nock(LINKLY).delete(() => true).reply(404, 'Not found');
      nock(LINKLY).get(() => true).reply(200, { webhooks: [] }).persist();
      const { context, staticData } = linkly();
      Object.assign(staticData, { hookId: WEBHOOK_URL, hookUrl: WEBHOOK_URL, secret: 'tok_1' });
      await expect(linklyLifecycle.delete.call(context)).resolves.toBe(true);
      expect(removal.isDone()).toBe(true);
    });

    it("429: Linkly's Retry-After in seconds is waited", async () => {
      nock(LINKLY).get('/workspace/42/webhooks').reply(429, 'Too Many Requests', { 'Retry-After': '7' });
      nock(LINKLY).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
      const waits: number[] = [];
      jest.spyOn(CLIENT_POLICIES.lifecycle, 'sleep').mockImplementation(async (ms: number) => void waits.push(ms));

      await expect((await linklyClientFor(linkly().context, 'lifecycle')).webhooks.list()).resolves.toEqual([]);
      expect(waits).toEqual([7_000]);
    });
  });
});
