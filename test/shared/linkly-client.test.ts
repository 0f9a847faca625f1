import nock from 'nock';
import { createLinklyClient } from '../../shared/linkly/client';
import { fetchTransport } from '../support/fetch-transport';
import { apiFailure as failure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';
import { useStrictNock } from '../support/strict-nock';

const BASE = 'https://linkly.test/api/v1';
const HOOK_URL = 'https://hooks.example.com/catch/9?linkhooks_token=abc';
const linkly = () => createLinklyClient({ transport: fetchTransport, apiKey: 'key_1', workspaceId: '42', baseUrl: BASE, policy: recordingPolicy() });

useStrictNock();

describe('Linkly webhooks', () => {
  it('authenticates with headers, never with the key in the query string', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer key_1', 'x-api-key': 'key_1', 'x-workspace-id': '42' } })
      .get('/workspace/42/webhooks')
      .query((query) => Object.keys(query).length === 0)
      .reply(200, { webhooks: [] });
    expect(await linkly().webhooks.list()).toEqual([]);
  });

  it('subscribes the workspace, using the id Linkly gives', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks', { url: HOOK_URL }).reply(200, { id: 77, url: HOOK_URL });
    expect(await linkly().webhooks.subscribe(HOOK_URL)).toEqual({ hook: { id: '77', url: HOOK_URL }, adopted: false });
  });

  it('subscribes one link; without an id in the answer, the URL is the id', async () => {
    nock(BASE).get('/link/12345/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/link/12345/webhooks', { url: HOOK_URL }).reply(201, {});
    expect(await linkly().webhooks.subscribe(HOOK_URL, { linkId: 12345 })).toEqual({ hook: { id: HOOK_URL, url: HOOK_URL }, adopted: false });
  });

  it('adopts a URL that is already registered instead of adding it twice', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [HOOK_URL] });
    expect(await linkly().webhooks.subscribe(HOOK_URL)).toEqual({ hook: { id: HOOK_URL, url: HOOK_URL }, adopted: true });
  });

  it('after a lost answer, checks the list rather than posting again', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks').replyWithError('socket hang up');
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [HOOK_URL] });
    expect((await linkly().webhooks.subscribe(HOOK_URL)).adopted).toBe(true);
  });

  it('unsubscribes by URL, URL-encoded; a 404 means already gone', async () => {
    const encoded = encodeURIComponent(HOOK_URL);
    nock(BASE).delete(`/workspace/42/webhooks/${encoded}`).reply(200, {});
    nock(BASE).delete(`/link/5/webhooks/${encoded}`).reply(404, 'Not found');
    expect(await linkly().webhooks.unsubscribe(HOOK_URL)).toEqual({ alreadyGone: false });
    expect(await linkly().webhooks.unsubscribe(HOOK_URL, { linkId: 5 })).toEqual({ alreadyGone: true });
  });

  it('401 (plain text "Not authorized"): check the key and workspace id', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(401, 'Not authorized');
    const error = await failure(linkly().webhooks.list());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/did not accept the API key.*Linkly said: "Not authorized"/);
  });

  it('403: webhooks need a paid plan', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks').reply(403, { error: 'Upgrade required' });
    const error = await failure(linkly().webhooks.subscribe(HOOK_URL));
    expect(error.kind).toBe('plan_too_low');
    expect(error.message).toMatch(/paid Linkly plan/);
  });
});
