import {
  DUB_KEY_ALL_ACCESS,
  DUB_KEY_ALL_ACCESS_PRO,
  DUB_KEY_READ_ONLY,
  DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
  DUB_TOKEN_BUSINESS,
  DUB_TOKEN_PRO,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_PAID,
  startSandbox,
  type Sandbox,
} from '../../sandbox';
import { arr, bearer, call, obj, startReceiver, type Receiver } from './helpers';

let sandbox: Sandbox;
let target: Receiver;
beforeAll(async () => {
  sandbox = await startSandbox();
  target = await startReceiver();
});
afterAll(async () => {
  await target.close();
  await sandbox.close();
});
beforeEach(() => {
  sandbox.reset();
  target.received.length = 0;
});

const control = (path: string): string => `${sandbox.url}/__sandbox${path}`;

/** One Dub hook (link.created) and one Linkly workspace hook, both aimed at the test's receiver. */
async function registerBothHooks(): Promise<void> {
  await call(`${sandbox.dubBaseUrl}/webhooks`, {
    method: 'POST',
    headers: bearer(DUB_TOKEN_BUSINESS),
    body: { name: 'e2e', url: target.url, triggers: ['link.created'] },
  });
  await call(`${sandbox.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, {
    method: 'POST',
    headers: bearer(LINKLY_KEY_PAID),
    body: { url: target.url },
  });
}

test('info names the base URLs and every credential', async () => {
  const info = obj((await call(control('/info'))).json);
  expect(info).toMatchObject({ url: sandbox.url, dubBaseUrl: sandbox.dubBaseUrl, linklyBaseUrl: sandbox.linklyBaseUrl });
  expect(obj(info['dub'])['credentials']).toEqual({
    oauthBusiness: DUB_TOKEN_BUSINESS,
    oauthPro: DUB_TOKEN_PRO,
    keyAllAccess: DUB_KEY_ALL_ACCESS,
    keyReadOnly: DUB_KEY_READ_ONLY,
    keyRestrictedWebhooksWrite: DUB_KEY_RESTRICTED_WEBHOOKS_WRITE,
    keyAllAccessPro: DUB_KEY_ALL_ACCESS_PRO,
  });
  expect(obj(info['linkly'])).toMatchObject({ timeoutMs: 5_000, postAnswer: 'with-id' });
});

test('hooks and requests are visible from another process; control calls are not recorded', async () => {
  await registerBothHooks();
  const hooks = obj((await call(control('/hooks'))).json);
  expect(arr(hooks['dub'])).toHaveLength(1);
  expect(arr(hooks['linkly'])).toHaveLength(1);
  const requests = obj((await call(control('/requests'))).json);
  expect(arr(requests['dub'])).toHaveLength(1);
  expect(arr(requests['linkly'])).toHaveLength(1);
});

test('deliver through the control endpoints', async () => {
  await registerBothHooks();
  const dub = await call(control('/dub/deliver'), {
    method: 'POST',
    body: { id: 'evt_1', event: 'link.created', createdAt: '2026-08-01T00:00:00.000Z', data: { id: 'link_1' } },
  });
  expect(arr(obj(dub.json)['reports'])).toEqual([expect.objectContaining({ delivered: true, signature: expect.any(String) })]);
  const linkly = await call(control('/linkly/deliver'), { method: 'POST', body: { event: 'click', link: { id: 101 }, click: {} } });
  expect(arr(obj(linkly.json)['reports'])).toEqual([expect.objectContaining({ delivered: true, attempts: 1 })]);
  expect(target.received).toHaveLength(2);
  expect((await call(control('/dub/deliver'), { method: 'POST', body: { event: 'link.created' } })).status).toBe(400);
});

test('redeliver sends an event a hook took again; an event no hook took is 404', async () => {
  await registerBothHooks();
  const event = { id: 'evt_again', event: 'link.created', createdAt: '2026-08-01T00:00:00.000Z', data: { id: 'link_1' } };
  await call(control('/dub/deliver'), { method: 'POST', body: event });
  const again = await call(control('/dub/redeliver'), { method: 'POST', body: { eventId: 'evt_again' } });
  expect(arr(obj(again.json)['reports'])).toEqual([expect.objectContaining({ delivered: true })]);
  expect(target.received.filter((delivery) => delivery.body === JSON.stringify(event))).toHaveLength(2);
  expect((await call(control('/dub/redeliver'), { method: 'POST', body: { eventId: 'evt_never' } })).status).toBe(404);
  expect((await call(control('/dub/redeliver'), { method: 'POST', body: {} })).status).toBe(400);
});

test('disable a Dub hook at once; an unknown hook is 404', async () => {
  await registerBothHooks();
  const [hook] = sandbox.dub.hooks();
  const disabled = await call(control(`/dub/hooks/${String(hook?.id)}/disable`), { method: 'POST' });
  expect(obj(obj(disabled.json)['hook'])).toMatchObject({ id: hook?.id, disabledAt: expect.any(String) });
  expect(sandbox.dub.hooks()[0]?.disabledAt).toEqual(expect.any(String));
  expect((await call(control('/dub/hooks/wh_unknown/disable'), { method: 'POST' })).status).toBe(404);
});

test("change the Dub workspace from another process: its program's payouts and its user's role; reset restores them", async () => {
  const patchWorkspace = (body: unknown) => call(control('/dub/workspace'), { method: 'PATCH', body });
  expect((await patchWorkspace({ programPayouts: 'internal', userRole: 'member' })).json).toEqual({ programPayouts: 'internal', userRole: 'member' });
  const payouts = await call(`${sandbox.dubBaseUrl}/webhooks`, {
    method: 'POST',
    headers: bearer(DUB_TOKEN_BUSINESS),
    body: { name: 'P', url: 'https://hooks.example/p', triggers: ['payout.confirmed'] },
  });
  // A member first loses webhooks.write; the payout rule is the endpoint's own.
  expect(payouts.status).toBe(403);
  expect((await patchWorkspace({ userRole: 'owner' })).status).toBe(200);
  expect((await call(`${sandbox.dubBaseUrl}/webhooks`, { method: 'POST', headers: bearer(DUB_TOKEN_BUSINESS), body: { name: 'P', url: 'https://hooks.example/p', triggers: ['payout.confirmed'] } })).status).toBe(400);
  expect((await patchWorkspace({ programPayouts: 'sometimes' })).status).toBe(400);
  sandbox.reset();
  expect(obj(obj((await call(control('/info'))).json)['dub'])['workspace']).toEqual({ programPayouts: 'external', userRole: 'owner' });
});

test("choose Linkly's POST answer: with or without an id", async () => {
  expect((await call(control('/linkly/post-answer'), { method: 'PUT', body: { answer: 'without-id' } })).json).toEqual({ answer: 'without-id' });
  const created = await call(`${sandbox.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, {
    method: 'POST',
    headers: bearer(LINKLY_KEY_PAID),
    body: { url: target.url },
  });
  expect(created.json).toEqual({ url: target.url });
  expect((await call(control('/linkly/post-answer'), { method: 'PUT', body: { answer: 'sometimes' } })).status).toBe(400);
});

test('faults over HTTP: prefix or pattern paths, header overrides, then DELETE clears them', async () => {
  const limited = await call(control('/faults'), {
    method: 'POST',
    body: { match: { provider: 'dub', path: '/links' }, kind: 'rate_limit', headers: { 'retry-after': '0', 'x-ratelimit-reset': null } },
  });
  expect(limited.status).toBe(201);
  const answer = await call(`${sandbox.dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_BUSINESS) });
  expect([answer.status, answer.headers['retry-after'], answer.headers['x-ratelimit-reset']]).toEqual([429, '0', undefined]);

  const injected = await call(control('/faults'), {
    method: 'POST',
    body: { match: { provider: 'dub', pathPattern: '^/links$' }, kind: 'server_error', status: 502, times: 3 },
  });
  expect(injected.status).toBe(201);
  expect((await call(`${sandbox.dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_BUSINESS) })).status).toBe(502);
  expect((await call(control('/faults'), { method: 'DELETE' })).status).toBe(200);
  expect((await call(`${sandbox.dubBaseUrl}/links`, { headers: bearer(DUB_TOKEN_BUSINESS) })).status).toBe(200);

  const bad = await call(control('/faults'), { method: 'POST', body: { match: { provider: 'dub' }, kind: 'explode' } });
  expect(bad.status).toBe(400);
  const badPattern = await call(control('/faults'), { method: 'POST', body: { match: { provider: 'dub', pathPattern: '(' }, kind: 'lost_response' } });
  expect(badPattern.status).toBe(400);
});

test('reset forgets hooks, requests and faults', async () => {
  await call(`${sandbox.dubBaseUrl}/webhooks`, {
    method: 'POST',
    headers: bearer(DUB_TOKEN_BUSINESS),
    body: { name: 'e2e', url: target.url, triggers: ['link.created'] },
  });
  sandbox.faults.inject({ match: { provider: 'linkly' }, kind: 'server_error' });
  expect((await call(control('/reset'), { method: 'POST' })).status).toBe(200);
  expect(sandbox.dub.hooks()).toEqual([]);
  expect(sandbox.dub.requests()).toEqual([]);
  expect((await call(`${sandbox.linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) })).status).toBe(200);
});
