import nock from 'nock';
import { URL_TOKEN_PARAM } from '../../shared/delivery/url-token';
import { createLinklyClient } from '../../shared/linkly/client';
import { linklyHookRegistrar } from '../../shared/linkly/hook-registrar';
import { fetchTransport } from '../support/fetch-transport';
import { apiFailure as failure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';
import { useStrictNock } from '../support/strict-nock';

const BASE = 'https://linkly.test/api/v1';
const RECEIVER = 'https://hooks.example.com/catch/9';
const linkly = () => createLinklyClient({ transport: fetchTransport, apiKey: 'key_1', workspaceId: '42', baseUrl: BASE, policy: recordingPolicy() });
const registrar = () => linklyHookRegistrar(linkly());
const tokenOf = (url: string) => new URL(url).searchParams.get(URL_TOKEN_PARAM);
const withToken = (token: string) => `${RECEIVER}?${URL_TOKEN_PARAM}=${token}`;

useStrictNock();

describe('Linkly client', () => {
  it('authenticates with the Bearer header only, as the public API of 2026 does, never with the key in the query string', async () => {
    nock(BASE, { reqheaders: { authorization: 'Bearer key_1' }, badheaders: ['x-api-key', 'x-workspace-id'] })
      .get('/workspace/42/webhooks')
      .query((query) => Object.keys(query).length === 0)
      .reply(200, []);
    expect(await linkly().webhooks.list()).toEqual([]);
  });

  it("calls Linkly's public API at api.linklyhq.com by default", async () => {
    nock('https://api.linklyhq.com/api/v1').get('/workspace/42/webhooks').reply(200, [{ id: withToken('a') }]);
    const client = createLinklyClient({ transport: fetchTransport, apiKey: 'key_1', workspaceId: '42', policy: recordingPolicy() });
    expect(await client.webhooks.list()).toEqual([withToken('a')]);
  });

  it.each([
    ['the v1 list: objects whose id is the URL', [{ id: withToken('a') }, { id: 'https://other.example.com/x' }]],
    ['objects with a url beside another id', [{ id: 7, url: withToken('a') }, { id: 8, url: 'https://other.example.com/x' }]],
    ['the older { webhooks: [url] }', { webhooks: [withToken('a'), 'https://other.example.com/x'] }],
    ['a plain list of URLs', [withToken('a'), 'https://other.example.com/x']],
  ])('reads the hook list in every form Linkly has answered it: %s', async (_form, answer) => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, answer);
    expect(await linkly().webhooks.list()).toEqual([withToken('a'), 'https://other.example.com/x']);
  });

  it('lists links page by page through list_links, until total_pages', async () => {
    const page = (ids: number[], totalPages: number, number: number) => ({
      links: ids.map((id) => ({ id, name: `Link ${id}` })),
      page_number: number,
      page_size: 100,
      total_entries: 150,
      total_pages: totalPages,
    });
    nock(BASE).get('/workspace/42/list_links').query({ page: '1', page_size: '100', sort_by: 'id', sort_dir: 'asc' }).reply(200, page([1, 2], 2, 1));
    nock(BASE).get('/workspace/42/list_links').query({ page: '2', page_size: '100', sort_by: 'id', sort_dir: 'asc' }).reply(200, page([3], 2, 2));
    expect((await linkly().links()).map((link) => link.id)).toEqual([1, 2, 3]);
  });

  it('falls back to the older links/export where list_links is not there (404)', async () => {
    nock(BASE).get('/workspace/42/list_links').query(true).reply(404, 'Not found');
    nock(BASE).get('/workspace/42/links/export').reply(200, [{ id: 9, name: 'Old' }]);
    expect(await linkly().links()).toEqual([{ id: 9, name: 'Old' }]);
  });

  it("a 429 without Retry-After (as v1 sends it) is waited out, then says Linkly's own words and the wait", async () => {
    const policy = recordingPolicy();
    nock(BASE)
      .get('/workspace/42/webhooks')
      .times(policy.maxAttempts)
      .reply(429, { error: 'rate_limit_exceeded', message: 'Rate limit exceeded', current_usage: 61, limit: 60 });
    const client = createLinklyClient({ transport: fetchTransport, apiKey: 'key_1', workspaceId: '42', baseUrl: BASE, policy });
    const error = await failure(client.webhooks.list());
    expect(policy.slept).toEqual(Array(policy.maxAttempts - 1).fill(policy.unknownRateLimitWaitMs));
    expect(error.kind).toBe('rate_limited');
    expect(error.message).toMatch(/rate limit is reached; nothing was changed\. Try again in .+ Linkly said: "Rate limit exceeded"/);
  });

  it('401 as v1 answers it ({error, code}): check the key', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(401, { error: 'Not authorized', code: 'unauthorized' });
    const error = await failure(linkly().webhooks.list());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/did not accept the API key.*Linkly said: "Not authorized"/);
  });

  it('401 (plain text "Not authorized"): check the key and workspace id', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(401, 'Not authorized');
    const error = await failure(linkly().webhooks.list());
    expect(error.kind).toBe('unauthorized');
    expect(error.message).toMatch(/did not accept the API key.*Linkly said: "Not authorized"/);
  });

  it('403: webhooks need a paid plan', async () => {
    nock(BASE).post('/workspace/42/webhooks').reply(403, { error: 'Upgrade required' });
    const error = await failure(linkly().webhooks.create(RECEIVER));
    expect(error.kind).toBe('plan_too_low');
    expect(error.message).toMatch(/paid Linkly plan/);
  });
});

describe('Linkly hook registrar: ensure', () => {
  it('registers the receiver on the workspace with a fresh token, using the id Linkly gives', async () => {
    let posted = '';
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks', (body: { url: string }) => ((posted = body.url), true)).reply(200, { id: 77 });
    const { registration, outcome } = await registrar().ensure({ receiverUrl: RECEIVER, target: {} });
    expect(outcome).toBe('created');
    expect(registration).toEqual({ id: '77', url: posted, token: tokenOf(posted) });
    expect(posted.startsWith(`${RECEIVER}?${URL_TOKEN_PARAM}=`)).toBe(true);
    expect(registration.token).toHaveLength(32);
  });

  it('on one link, Linkly answering without an id: the URL is the id', async () => {
    nock(BASE).get('/link/12345/webhooks').reply(200, { webhooks: [] });
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/link/12345/webhooks').reply(201, {});
    const { registration } = await registrar().ensure({ receiverUrl: RECEIVER, target: { linkId: 12345 } });
    expect(registration).toMatchObject({ id: registration.url, linkId: '12345' });
  });

  it('a re-subscribe removes the hooks of ours left for the same receiver, and leaves everything else alone', async () => {
    const foreign = ['https://other.example.com/hook', RECEIVER, `${RECEIVER}?ref=newsletter`];
    const stale = [withToken('old_token_1'), withToken('old_token_2')];
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [...foreign, ...stale] });
    const deleted = stale.map((url) => nock(BASE).delete(`/workspace/42/webhooks/${encodeURIComponent(url)}`).reply(200, {}));
    nock(BASE).post('/workspace/42/webhooks').reply(200, { id: 78 });
    expect((await registrar().ensure({ receiverUrl: RECEIVER, target: {} })).outcome).toBe('replaced');
    expect(deleted.every((scope) => scope.isDone())).toBe(true);
  });

  it("removes the previous registration the host kept, wherever it was (here: another link)", async () => {
    const previous = { id: 'lkh_5', url: withToken('kept'), token: 'kept', linkId: '5' };
    const removedPrevious = nock(BASE).delete('/link/5/webhooks/lkh_5').reply(200, {});
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks').reply(200, { id: 79 });
    await registrar().ensure({ receiverUrl: RECEIVER, target: {} }, previous);
    expect(removedPrevious.isDone()).toBe(true);
  });

  it('after a lost answer, looks at the list rather than posting again', async () => {
    let posted = '';
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [] });
    nock(BASE).post('/workspace/42/webhooks', (body: { url: string }) => ((posted = body.url), true)).replyWithError('socket hang up');
    nock(BASE).get('/workspace/42/webhooks').reply(200, () => ({ webhooks: [posted] }));
    expect((await registrar().ensure({ receiverUrl: RECEIVER, target: {} })).registration.id).toBe(posted);
  });
});

describe('Linkly hook registrar: isCurrent and remove', () => {
  const kept = { id: 'lkh_1', url: withToken('tok'), token: 'tok' };

  it('isCurrent: the kept URL is still listed on the wanted target', async () => {
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [kept.url] });
    expect(await registrar().isCurrent({ receiverUrl: RECEIVER, target: {} }, kept)).toBe(true);
    // Another target wanted now (one link), or a changed receiver URL: no call needed to know.
    expect(await registrar().isCurrent({ receiverUrl: RECEIVER, target: { linkId: 5 } }, kept)).toBe(false);
    expect(await registrar().isCurrent({ receiverUrl: 'https://moved.example.com/catch/9', target: {} }, kept)).toBe(false);
  });

  it('remove by id; a 404 then tries the URL, URL-encoded; gone everywhere is still a success', async () => {
    nock(BASE).delete('/workspace/42/webhooks/lkh_1').reply(404, 'Not found');
    nock(BASE).delete(`/workspace/42/webhooks/${encodeURIComponent(kept.url)}`).reply(404, 'Not found');
    expect(await registrar().remove({ id: kept.id, url: kept.url, target: {} })).toEqual({ removed: 0 });
  });

  it('remove with nothing kept but the receiver: every hook of ours for it', async () => {
    nock(BASE).get('/link/5/webhooks').reply(200, { webhooks: [withToken('a'), 'https://other.example.com/x'] });
    nock(BASE).get('/workspace/42/webhooks').reply(200, { webhooks: [withToken('b')] });
    nock(BASE).delete(`/link/5/webhooks/${encodeURIComponent(withToken('a'))}`).reply(200, {});
    nock(BASE).delete(`/workspace/42/webhooks/${encodeURIComponent(withToken('b'))}`).reply(200, {});
    expect(await registrar().remove({ receiverUrl: RECEIVER, target: { linkId: 5 } })).toEqual({ removed: 2 });
  });
});
