import { useSandbox } from '../support/sandbox';
import { createDubClient } from '../../shared/dub/client';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import { createLinklyClient } from '../../shared/linkly/client';
import { linklyHookRegistrar } from '../../shared/linkly/hook-registrar';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { createUndiciTransport } from '../../shared/transport/undici-transport';
import { apiFailure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';

/** The registrars over the real clients and the real undici transport, against the sandbox with faults injected. */
const sandbox = useSandbox();

const HOOK_URL = 'https://hooks.example.com/catch/1';

/** The sandbox stamps rate-limit resets with the real clock, so the policy reads the real clock too (sleeps stay fake). */
function dub(policy = recordingPolicy({ now: () => Date.now(), requestTimeoutMs: 2_000 })) {
  const client = createDubClient({ transport: createUndiciTransport(), token: DUB_TOKEN_BUSINESS, baseUrl: sandbox().dubBaseUrl, policy });
  return { client, registrar: dubHookRegistrar(client), policy };
}

describe('Dub registrar against the sandbox', () => {
  it('a create whose answer is lost is looked up and adopted: exactly one hook, no orphan', async () => {
    sandbox().faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'lost_response' });
    const { registration, outcome } = await dub().registrar.ensure({ url: HOOK_URL, triggers: ['sale.created'] });
    expect(outcome).toBe('adopted');
    expect(sandbox().dub.hooks().map((existing) => existing.id)).toEqual([registration.id]);
    expect(registration.secret).toBe(sandbox().dub.hooks()[0]?.secret);
  });

  it('a subscribe retried with other events corrects the one hook instead of adding a second', async () => {
    const { registrar } = dub();
    await registrar.ensure({ url: HOOK_URL, triggers: ['sale.created'] });
    await registrar.ensure({ url: HOOK_URL, triggers: ['link.clicked'], scope: { kind: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] } });
    expect(sandbox().dub.hooks()).toMatchObject([{ triggers: ['link.clicked'], linkScope: 'links' }]);
  });

  it('server errors on a read are retried with backoff', async () => {
    sandbox().faults.inject({ match: { provider: 'dub', method: 'GET', path: '/webhooks' }, kind: 'server_error', status: 502, times: 2 });
    const { client, policy } = dub();
    expect(await client.webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([500, 1_000]);
  });

  it('a delete whose answer is lost is retried and counts as done', async () => {
    const { registrar } = dub();
    const { registration } = await registrar.ensure({ url: HOOK_URL, triggers: ['sale.created'] });
    sandbox().faults.inject({ match: { provider: 'dub', method: 'DELETE' }, kind: 'lost_response' });
    await registrar.remove({ id: registration.id });
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it('a 429 that asks for longer than the bound fails at once, says how long to wait, and creates nothing', async () => {
    sandbox().faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'rate_limit', resetInMs: 120_000 });
    const { registrar, policy } = dub();
    const error = await apiFailure(registrar.ensure({ url: HOOK_URL, triggers: ['sale.created'] }));
    expect(error.message).toMatch(/^Dub's rate limit is reached; nothing was changed. Try again in (about )?2 minutes\.$/);
    expect(policy.slept).toEqual([]);
    expect(sandbox().dub.hooks()).toEqual([]);
  });
});

describe('Linkly registrar against the sandbox', () => {
  const linkly = () =>
    linklyHookRegistrar(
      createLinklyClient({
        transport: createUndiciTransport(),
        apiKey: LINKLY_KEY_PAID,
        workspaceId: String(LINKLY_WORKSPACE_PAID),
        baseUrl: sandbox().linklyBaseUrl,
        policy: recordingPolicy({ requestTimeoutMs: 2_000 }),
      }),
    );

  it('a registration whose answer is lost is found in the list, not posted twice', async () => {
    sandbox().faults.inject({ match: { provider: 'linkly', method: 'POST' }, kind: 'lost_response' });
    const { registration } = await linkly().ensure({ receiverUrl: HOOK_URL, target: {} });
    expect(sandbox().linkly.hooks().map((hook) => hook.url)).toEqual([registration.url]);
    expect(sandbox().linkly.requests().filter((request) => request.method === 'POST')).toHaveLength(1);
  });

  it('registering the same receiver again leaves exactly one hook, carrying the new token', async () => {
    await linkly().ensure({ receiverUrl: HOOK_URL, target: {} });
    const { registration } = await linkly().ensure({ receiverUrl: HOOK_URL, target: {} });
    expect(sandbox().linkly.hooks().map((hook) => hook.url)).toEqual([registration.url]);
  });

  it('removing twice succeeds twice', async () => {
    const { registration } = await linkly().ensure({ receiverUrl: HOOK_URL, target: {} });
    expect(await linkly().remove({ id: registration.id, url: registration.url, target: {} })).toEqual({ removed: 1 });
    expect(await linkly().remove({ id: registration.id, url: registration.url, target: {} })).toEqual({ removed: 0 });
  });
});
