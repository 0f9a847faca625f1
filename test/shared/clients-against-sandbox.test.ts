import { createDubClient } from '../../shared/dub/client';
import { createLinklyClient } from '../../shared/linkly/client';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox, type Sandbox } from '../../sandbox';
import { createUndiciTransport } from '../../shared/transport/undici-transport';
import { apiFailure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';

/** The real clients over the real undici transport, against the sandbox with faults injected. */
let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const HOOK_URL = 'https://hooks.example.com/catch/1';

/** The sandbox stamps rate-limit resets with the real clock, so the policy reads the real clock too (sleeps stay fake). */
function dub(policy = recordingPolicy({ now: () => Date.now() })) {
  return { client: createDubClient({ transport: createUndiciTransport({ timeoutMs: 2_000 }), token: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl, policy }), policy };
}

describe('Dub client against the sandbox', () => {
  it('a create whose answer is lost is retried and adopts the hook: exactly one, no orphan', async () => {
    sandbox.faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'lost_response' });
    const { hook, adopted } = await dub().client.webhooks.subscribe({ url: HOOK_URL, triggers: ['sale.created'] });
    expect(adopted).toBe(true);
    expect(sandbox.dub.hooks().map((existing) => existing.id)).toEqual([hook.id]);
    expect(hook.secret).toBe(sandbox.dub.hooks()[0]?.secret);
  });

  it('a subscribe retried with other events updates the one hook instead of adding a second', async () => {
    const { client } = dub();
    await client.webhooks.subscribe({ url: HOOK_URL, triggers: ['sale.created'] });
    await client.webhooks.subscribe({ url: HOOK_URL, triggers: ['link.clicked'], scope: { kind: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] } });
    expect(sandbox.dub.hooks()).toMatchObject([{ triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] }]);
  });

  it('waits out a 429 for as long as the epoch-millisecond reset says, then succeeds', async () => {
    sandbox.faults.inject({ match: { provider: 'dub', method: 'GET', path: '/webhooks' }, kind: 'rate_limit', resetInMs: 4_000 });
    const { client, policy } = dub();
    expect(await client.webhooks.list()).toEqual([]);
    expect(policy.slept).toHaveLength(1);
    expect(policy.slept[0]).toBeGreaterThan(2_000);
    expect(policy.slept[0]).toBeLessThanOrEqual(5_000);
  });

  it('a 429 that asks for longer than the bound fails at once and says how long to wait', async () => {
    sandbox.faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'rate_limit', resetInMs: 120_000 });
    const { client, policy } = dub();
    const error = await apiFailure(client.webhooks.subscribe({ url: HOOK_URL, triggers: ['sale.created'] }));
    expect(error.message).toBe("Dub's rate limit is reached; nothing was changed. Try again in about 2 minutes.");
    expect(policy.slept).toEqual([]);
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('server errors on a read are retried with backoff', async () => {
    sandbox.faults.inject({ match: { provider: 'dub', method: 'GET', path: '/webhooks' }, kind: 'server_error', status: 502, times: 2 });
    const { client, policy } = dub();
    expect(await client.webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([500, 1_000]);
  });

  it('a delete whose answer is lost is retried and counts as done', async () => {
    const { client } = dub();
    const { hook } = await client.webhooks.subscribe({ url: HOOK_URL, triggers: ['sale.created'] });
    sandbox.faults.inject({ match: { provider: 'dub', method: 'DELETE' }, kind: 'lost_response' });
    expect(await client.webhooks.unsubscribe(hook.id)).toEqual({ alreadyGone: true });
    expect(sandbox.dub.hooks()).toEqual([]);
  });
});

describe('Linkly client against the sandbox', () => {
  const linkly = () =>
    createLinklyClient({ transport: createUndiciTransport({ timeoutMs: 2_000 }), apiKey: LINKLY_KEY_PAID, workspaceId: String(LINKLY_WORKSPACE_PAID), baseUrl: sandbox.linklyBaseUrl, policy: recordingPolicy() });

  it('a subscribe whose answer is lost is found in the list, not posted twice', async () => {
    sandbox.faults.inject({ match: { provider: 'linkly', method: 'POST' }, kind: 'lost_response' });
    const { adopted } = await linkly().webhooks.subscribe(HOOK_URL);
    expect(adopted).toBe(true);
    expect(sandbox.linkly.hooks().map((hook) => hook.url)).toEqual([HOOK_URL]);
    expect(sandbox.linkly.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('unsubscribing twice succeeds twice', async () => {
    const client = linkly();
    const { hook } = await client.webhooks.subscribe(HOOK_URL);
    expect(await client.webhooks.unsubscribe(hook.id)).toEqual({ alreadyGone: false });
    expect(await client.webhooks.unsubscribe(hook.id)).toEqual({ alreadyGone: true });
  });
});
