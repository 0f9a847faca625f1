import nock from 'nock';
import { createDubClient } from '../../shared/dub/client';
import type { DubHookSpec } from '../../shared/dub/hook-spec';
import { fetchTransport } from '../support/fetch-transport';
import { apiFailure as failure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';
import { useStrictNock } from '../support/strict-nock';

const BASE = 'https://api.dub.test';
const hook = (overrides: Record<string, unknown> = {}) => ({
  id: 'wh_1',
  name: 'Zapier: New Sale',
  url: 'https://hooks.example.com/1',
  secret: 'whsec_00112233445566778899aabbccddeeff',
  triggers: ['sale.created'],
  linkScope: null,
  disabledAt: null,
  installationId: null,
  ...overrides,
});

function client(policy = recordingPolicy()) {
  return { dub: createDubClient({ transport: fetchTransport, token: 'dub_token', baseUrl: BASE, policy }), policy };
}

useStrictNock();

describe('Dub webhooks: create', () => {
  it('sends the bearer token, a name of at most 40 characters and no linkScope for non-click events', async () => {
    let body: Record<string, unknown> = {};
    nock(BASE, { reqheaders: { authorization: 'Bearer dub_token' } })
      .post('/webhooks', (sent: Record<string, unknown>) => ((body = sent), true))
      .reply(201, hook());
    const created = await client().dub.webhooks.create({
      url: 'https://hooks.example.com/1',
      triggers: ['sale.created'],
      name: 'Zapier: New Sale — a name far longer than Dub allows for a hook',
    });
    expect(created.secret).toBe('whsec_00112233445566778899aabbccddeeff');
    expect(body).toEqual({ name: 'Zapier: New Sale — a name far longer tha', url: 'https://hooks.example.com/1', triggers: ['sale.created'] });
    expect(Array.from(body.name as string)).toHaveLength(40);
  });

  it.each<[string, DubHookSpec['scope'], Record<string, unknown>]>([
    ['the whole workspace by default', undefined, { linkScope: 'workspace' }],
    ['some links', { kind: 'links', linkIds: ['link_1', 'link_2'] }, { linkScope: 'links', linkIds: ['link_1', 'link_2'] }],
    ['some folders', { kind: 'folders', folderIds: ['fold_1'] }, { linkScope: 'folders', folderIds: ['fold_1'] }],
  ])('for link.clicked, scopes to %s', async (_case, scope, expected) => {
    let body: Record<string, unknown> = {};
    nock(BASE).post('/webhooks', (sent: Record<string, unknown>) => ((body = sent), true)).reply(201, hook({ triggers: ['link.clicked'] }));
    await client().dub.webhooks.create({ url: 'https://hooks.example.com/1', triggers: ['link.clicked'], ...(scope ? { scope } : {}) });
    expect(body).toEqual({ name: 'linkhooks: link.clicked', url: 'https://hooks.example.com/1', triggers: ['link.clicked'], ...expected });
  });

  it('refuses an empty link list before calling Dub', async () => {
    const error = await failure(
      client().dub.webhooks.create({ url: 'https://h.example.com', triggers: ['link.clicked'], scope: { kind: 'links', linkIds: [] } }),
    );
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toMatch(/between 1 and 1000 links/);
  });
});

describe('Dub webhooks: errors a user can act on', () => {
  const spec: DubHookSpec = { url: 'https://hooks.example.com/1', triggers: ['sale.created'] };
  const dubError = (code: string, message: string) => ({ error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code}` } });

  it('401: the key is wrong, reconnect', async () => {
    nock(BASE).post('/webhooks').reply(401, dubError('unauthorized', 'Unauthorized: Invalid API key.'));
    const error = await failure(client().dub.webhooks.create(spec));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.message).toMatch(/wrong, expired or revoked. Reconnect your Dub account/);
  });

  it('403 with "Need higher plan": upgrade', async () => {
    nock(BASE).post('/webhooks').reply(403, dubError('forbidden', 'Unauthorized: Need higher plan.'));
    const error = await failure(client().dub.webhooks.create(spec));
    expect(error.kind).toBe('plan_too_low');
    expect(error.message).toMatch(/Business plan or higher.*Upgrade/);
  });

  it('403 naming webhooks.write: connect with OAuth or register by hand', async () => {
    nock(BASE).post('/webhooks').reply(403, dubError('forbidden', 'The provided API key does not have the required permissions – webhooks.write'));
    const error = await failure(client().dub.webhooks.create(spec));
    expect(error.kind).toBe('missing_scope');
    expect(error.message).toMatch(/webhooks\.write.*Connect Dub with OAuth instead, or add the webhook by hand/);
  });

  it("422: Dub's own validation message", async () => {
    nock(BASE).post('/webhooks').reply(422, dubError('unprocessable_entity', 'linkScope is required when triggers include link.clicked.'));
    const error = await failure(client().dub.webhooks.create(spec));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain('linkScope is required when triggers include link.clicked.');
  });

  it('429: waits as long as X-RateLimit-Reset says (epoch milliseconds) and tries again', async () => {
    const { dub, policy } = client();
    const resetAt = policy.now() + 7_000;
    nock(BASE).get('/webhooks').reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), { 'X-RateLimit-Reset': String(resetAt) });
    nock(BASE).get('/webhooks').reply(200, [hook()]);
    expect(await dub.webhooks.list()).toHaveLength(1);
    expect(policy.slept).toEqual([7_000]);
  });

  it('429: past the bound, fails without waiting and says how long to wait', async () => {
    const { dub, policy } = client(recordingPolicy({ maxRateLimitWaitMs: 60_000 }));
    nock(BASE).post('/webhooks').reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), { 'Retry-After': '95' });
    const error = await failure(dub.webhooks.create(spec));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 95_000 });
    expect(error.message).toBe("Dub's rate limit is reached; nothing was changed. Try again in 95 seconds.");
    expect(policy.slept).toEqual([]);
  });

  it('500 on a read: retried with backoff, then succeeds', async () => {
    const { dub, policy } = client();
    nock(BASE).get('/webhooks').times(2).reply(500, dubError('internal_server_error', 'boom'));
    nock(BASE).get('/webhooks').reply(200, []);
    expect(await dub.webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([500, 1_000]);
  });

  it('500 every time: gives up after the bounded attempts with a message that blames nobody', async () => {
    nock(BASE).get('/webhooks').times(3).reply(503, 'upstream unavailable');
    const error = await failure(client().dub.webhooks.list());
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/server error \(503\); nothing is wrong on your side/);
  });

  it('no answer at all: a network error naming the base URL', async () => {
    nock(BASE).get('/webhooks').times(3).replyWithError('socket hang up');
    const error = await failure(client().dub.webhooks.list());
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Could not reach Dub at ${BASE}`);
  });

  it('an answer that is not JSON says so', async () => {
    nock(BASE).get('/webhooks').reply(200, '<html>login</html>');
    expect((await failure(client().dub.webhooks.list())).message).toMatch(/is not JSON; is the API base URL right/);
  });
});

describe('Dub webhooks: subscribe and unsubscribe never leave an orphan or fail twice', () => {
  const spec: DubHookSpec = { url: 'https://hooks.example.com/1', triggers: ['sale.created', 'lead.created'] };
  const conflict = { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } };

  it('creates when the URL is new', async () => {
    nock(BASE).post('/webhooks').reply(201, hook({ triggers: spec.triggers }));
    expect(await client().dub.webhooks.subscribe(spec)).toMatchObject({ adopted: false, hook: { id: 'wh_1' } });
  });

  it('on 409 adopts the existing hook as it is when it already matches', async () => {
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [hook({ id: 'wh_other', url: 'https://else.example.com' }), hook({ id: 'wh_7', triggers: ['lead.created', 'sale.created'] })]);
    const { hook: adopted, adopted: wasAdopted } = await client().dub.webhooks.subscribe(spec);
    expect(wasAdopted).toBe(true);
    expect(adopted).toMatchObject({ id: 'wh_7', secret: 'whsec_00112233445566778899aabbccddeeff' });
  });

  it('on 409 brings a differing hook in line with PATCH, keeping its secret', async () => {
    let patched: Record<string, unknown> = {};
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [hook({ id: 'wh_7' })]);
    nock(BASE)
      .patch('/webhooks/wh_7', (sent: Record<string, unknown>) => ((patched = sent), true))
      .reply(200, { ...hook({ id: 'wh_7', triggers: spec.triggers }), secret: undefined });
    const { hook: adopted } = await client().dub.webhooks.subscribe(spec);
    expect(patched.triggers).toEqual(['sale.created', 'lead.created']);
    expect(adopted.secret).toBe('whsec_00112233445566778899aabbccddeeff');
  });

  it('unsubscribe deletes; a 404 means already gone, and is success', async () => {
    nock(BASE).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    nock(BASE).delete('/webhooks/wh_1').reply(404, { error: { code: 'not_found', message: 'Webhook not found.' } });
    const { dub } = client();
    expect(await dub.webhooks.unsubscribe('wh_1')).toEqual({ alreadyGone: false });
    expect(await dub.webhooks.unsubscribe('wh_1')).toEqual({ alreadyGone: true });
  });

  it('unsubscribe still fails on a real error', async () => {
    nock(BASE).delete('/webhooks/wh_1').reply(401, { error: { code: 'unauthorized', message: 'Invalid token' } });
    expect((await failure(client().dub.webhooks.unsubscribe('wh_1'))).kind).toBe('unauthorized');
  });
});
