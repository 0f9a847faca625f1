import nock from 'nock';
import { createDubClient } from '../../shared/dub/client';
import { dubHookBody, type DubHookSpec } from '../../shared/dub/hook-spec';
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
    const created = await client().dub.webhooks.create(
      dubHookBody({ url: 'https://hooks.example.com/1', triggers: ['sale.created'], name: 'Zapier: New Sale — a name far longer than Dub allows for a hook' }),
    );
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
    await client().dub.webhooks.create(dubHookBody({ url: 'https://hooks.example.com/1', triggers: ['link.clicked'], ...(scope ? { scope } : {}) }));
    expect(body).toEqual({ name: 'linkhooks: link.clicked', url: 'https://hooks.example.com/1', triggers: ['link.clicked'], ...expected });
  });

  it('refuses an empty link list before calling Dub', async () => {
    const error = await failure(
      (async () => dubHookBody({ url: 'https://h.example.com', triggers: ['link.clicked'], scope: { kind: 'links', linkIds: [] } }))(),
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
    const error = await failure(client().dub.webhooks.create(dubHookBody(spec)));
    expect(error).toMatchObject({ kind: 'unauthorized', status: 401 });
    expect(error.message).toMatch(/wrong, expired or revoked. Reconnect your Dub account/);
  });

  it('403 with "Need higher plan": upgrade', async () => {
    nock(BASE).post('/webhooks').reply(403, dubError('forbidden', 'Unauthorized: Need higher plan.'));
    const error = await failure(client().dub.webhooks.create(dubHookBody(spec)));
    expect(error.kind).toBe('plan_too_low');
    expect(error.message).toMatch(/Business plan or higher.*Upgrade/);
  });

  it.each([
    ['POST /webhooks', 'post', '/webhooks', 'webhooks.write'],
    ['GET /webhooks', 'get', '/webhooks', 'webhooks.read'],
  ] as const)("403 for a key without the permission (%s): what is missing and Dub's own words; the way out is the platform's to give", async (_case, method, path, permission) => {
    // dub.md: the permission 403, verbatim from Dub's code.
    const said = `The provided key does not have the required permissions for this endpoint on the workspace 'ws_1JSANDBOX'. Having the '${permission}' permission would allow this request to continue.`;
    nock(BASE)[method](path).reply(403, dubError('forbidden', said));
    const error = await failure(method === 'post' ? client().dub.webhooks.create(dubHookBody(spec)) : client().dub.webhooks.list());
    expect(error.kind).toBe('missing_scope');
    expect(error.details.permission).toBe('webhooks.write');
    expect(error.message).toContain('may not manage webhooks (403: it lacks the webhooks.write permission)');
    expect(error.message).toContain(said);
    // Adding the hook by hand, another key, OAuth: what works depends on the platform, which adds it.
    expect(error.message).not.toMatch(/by hand|OAuth|Restricted/);
  });

  it("403 for another permission (a picker's links.read): names that permission, not webhooks", async () => {
    const said = "The provided key does not have the required permissions for this endpoint on the workspace 'ws_1JSANDBOX'. Having the 'links.read' permission would allow this request to continue.";
    nock(BASE).get('/links').query(true).reply(403, dubError('forbidden', said));
    const error = await failure(client().dub.links());
    expect(error.kind).toBe('missing_scope');
    expect(error.details.permission).toBe('links.read');
    expect(error.message).toMatch(/^This Dub credential lacks the links\.read permission \(403\)\./);
    expect(error.message).not.toContain('webhooks');
  });

  it("422: Dub's own validation message", async () => {
    nock(BASE).post('/webhooks').reply(422, dubError('unprocessable_entity', 'linkScope is required when triggers include link.clicked.'));
    const error = await failure(client().dub.webhooks.create(dubHookBody(spec)));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toContain('linkScope is required when triggers include link.clicked.');
  });

  it('500 on a read: retried with backoff, then succeeds', async () => {
    const { dub, policy } = client();
    nock(BASE).get('/webhooks').times(2).reply(500, dubError('internal_server_error', 'boom'));
    nock(BASE).get('/webhooks').reply(200, []);
    expect(await dub.webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([500, 1_000]);
  });

  it('500 every time: gives up after the bounded attempts with a message that blames nobody', async () => {
    nock(BASE).get('/webhooks').times(4).reply(503, 'upstream unavailable');
    const error = await failure(client().dub.webhooks.list());
    expect(error.kind).toBe('server');
    expect(error.message).toMatch(/server error \(503\); nothing is wrong on your side/);
  });

  it('no answer at all: a network error naming the base URL', async () => {
    nock(BASE).get('/webhooks').times(4).replyWithError('socket hang up');
    const error = await failure(client().dub.webhooks.list());
    expect(error.kind).toBe('network');
    expect(error.message).toContain(`Could not reach Dub at ${BASE}`);
  });

  it('an answer that is not JSON says so', async () => {
    nock(BASE).get('/webhooks').reply(200, '<html>login</html>');
    expect((await failure(client().dub.webhooks.list())).message).toMatch(/is not JSON; is the API base URL right/);
  });
});
