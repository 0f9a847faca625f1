import { useSandbox } from '../support/sandbox';
import { DUB_KEY_ALL_ACCESS, DUB_KEY_READ_ONLY, DUB_KEY_RESTRICTED_WEBHOOKS_WRITE, DUB_TOKEN_BUSINESS, DUB_TOKEN_PRO, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { cli } from './run-cli';

const sandbox = useSandbox();

const dub = (argv: string[], token = DUB_TOKEN_BUSINESS) =>
  cli(['hooks', ...argv, '--provider', 'dub', '--base-url', sandbox().dubBaseUrl], { env: { DUB_API_KEY: token } });
const linkly = (argv: string[]) =>
  cli(['hooks', ...argv, '--provider', 'linkly', '--base-url', sandbox().linklyBaseUrl], {
    env: { LINKLY_API_KEY: LINKLY_KEY_PAID, LINKLY_WORKSPACE_ID: String(LINKLY_WORKSPACE_PAID) },
  });

describe('linkhooks hooks (Dub)', () => {
  it('creates, lists with masked secrets, and deletes a hook', async () => {
    const created = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created,lead.created']);
    expect(created.code).toBe(0);
    const { hook, outcome } = JSON.parse(created.stdout) as { outcome: string; hook: { id: string; secret: string } };
    expect(outcome).toBe('created');
    expect(sandbox().dub.hooks()[0]?.name).toBe('linkhooks: 2 events');
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{32}$/);

    const listed = JSON.parse((await dub(['list'])).stdout) as { id: string; secret: string }[];
    expect(listed.map((item) => item.id)).toEqual([hook.id]);
    expect(listed[0]?.secret).toBe(`${hook.secret.slice(0, 6)}…${hook.secret.slice(-4)}`);
    expect((JSON.parse((await dub(['list', '--show-secrets'])).stdout) as { secret: string }[])[0]?.secret).toBe(hook.secret);

    expect(JSON.parse((await dub(['delete', '--id', hook.id])).stdout)).toEqual({ removed: [hook.id] });
    expect(JSON.parse((await dub(['delete', '--id', hook.id])).stdout)).toEqual({ removed: [] });
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it('deletes by URL when no id is at hand', async () => {
    const { hook } = JSON.parse((await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'])).stdout) as { hook: { id: string } };
    expect(JSON.parse((await dub(['delete', '--url', 'https://example.com/hook'])).stdout)).toEqual({ removed: [hook.id] });
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it('scopes link.clicked to the links given', async () => {
    await dub(['create', '--url', 'https://example.com/clicks', '--events', 'link.clicked', '--link-ids', 'cm0faqkyn0001txvfwjfeq7gl']);
    expect(sandbox().dub.hooks()[0]).toMatchObject({ linkScope: 'links' });
    expect(sandbox().dub.requests().find((request) => request.method === 'POST')?.body).toContain('"linkIds":["cm0faqkyn0001txvfwjfeq7gl"]');
  });

  it('running create twice leaves one hook', async () => {
    await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created']);
    const again = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created']);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'adopted' });
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });

  it('a hook Dub disabled is replaced: a new id and secret, the old one gone', async () => {
    const first = JSON.parse((await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'])).stdout) as { hook: { id: string; secret: string } };
    sandbox().dub.disable(first.hook.id);
    const again = JSON.parse((await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'])).stdout) as {
      outcome: string;
      hook: { id: string; secret: string };
    };
    expect(again.outcome).toBe('replaced');
    expect(again.hook.id).not.toBe(first.hook.id);
    expect(again.hook.secret).not.toBe(first.hook.secret);
    expect(sandbox().dub.hooks().map((hook) => [hook.id, hook.disabledAt])).toEqual([[again.hook.id, null]]);
  });

  it('creating a links-scoped hook again sends its link ids again (Dub cannot show them back)', async () => {
    const args = ['create', '--url', 'https://example.com/clicks', '--events', 'link.clicked', '--link-ids', 'cm0faqkyn0001txvfwjfeq7gl'];
    await dub(args);
    expect(JSON.parse((await dub(args)).stdout)).toMatchObject({ outcome: 'corrected' });
    const patch = sandbox().dub.requests().find((request) => request.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] });
  });

  it("a 429 with Dub's real headers (the reset in epoch ms, in both) is waited out, then the hook is created", async () => {
    sandbox().faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST', path: '/webhooks' }, resetInMs: 1_500 });
    const created = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created']);
    expect(created.code).toBe(0);
    expect(sandbox().dub.requests().filter((request) => request.method === 'POST').map((request) => request.status)).toEqual([429, 201]);
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });

  it.each([
    ['Retry-After: 0', { 'retry-after': '0', 'x-ratelimit-reset': null }],
    ['a reset already past', { 'retry-after': String(Date.now() - 60_000), 'x-ratelimit-reset': String(Date.now() - 60_000) }],
  ])('%s: a bounded number of calls (each after the 1 s floor), then the wait in the message', async (_case, headers) => {
    sandbox().faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'GET', path: '/webhooks' }, headers, times: 50 });
    const { code, stderr } = await dub(['list']);
    expect(code).toBe(1);
    expect(stderr).toBe("Dub's rate limit is reached; nothing was changed. Try again in 1 second.\n");
    expect(sandbox().dub.requests()).toHaveLength(4);
  });

  it('a Restricted API key with Webhooks: Write registers hooks', async () => {
    const { code } = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'], DUB_KEY_RESTRICTED_WEBHOOKS_WRITE);
    expect(code).toBe(0);
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });

  it.each([
    ['"All access"', DUB_KEY_ALL_ACCESS],
    ['"Read only"', DUB_KEY_READ_ONLY],
  ])('an %s API key cannot: the three ways out, exit 1', async (_case, key) => {
    const { code, stderr } = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'], key);
    expect(code).toBe(1);
    expect(stderr).toMatch(/lacks the webhooks.write permission\). Three ways out: \(1\) a Restricted API key with Webhooks: Write/);
  });

  it('a plan too low: says to upgrade, exit 1', async () => {
    const { code, stderr } = await dub(['list'], DUB_TOKEN_PRO);
    expect(code).toBe(1);
    expect(stderr).toMatch(/Business plan or higher/);
  });

  it('refuses unknown events before calling Dub', async () => {
    const { code, stderr } = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created,sale.refunded']);
    expect(code).toBe(64);
    expect(stderr).toMatch(/Unknown Dub events: sale.refunded/);
    expect(sandbox().dub.requests()).toEqual([]);
  });

  it('needs the key in the environment', async () => {
    const { code, stderr } = await cli(['hooks', 'list', '--provider', 'dub', '--base-url', sandbox().dubBaseUrl]);
    expect(code).toBe(64);
    expect(stderr).toMatch(/Set DUB_API_KEY in the environment/);
  });
});

describe('linkhooks hooks (Linkly)', () => {
  it('creates a workspace hook with a fresh URL token, lists it, deletes it by URL', async () => {
    const created = JSON.parse((await linkly(['create', '--url', 'https://example.com/l'])).stdout) as {
      hook: { id: string; url: string; token: string };
    };
    expect(created.hook.url).toBe(`https://example.com/l?linkhooks_token=${created.hook.token}`);
    // The token is masked in a listing (whoever holds it can post clicks the trigger accepts); --show-secrets shows it.
    const listed = (await linkly(['list'])).stdout;
    expect(listed).not.toContain(created.hook.token);
    expect(JSON.parse(listed)).toEqual({ webhooks: [`https://example.com/l?linkhooks_token=…${created.hook.token.slice(-4)}`] });
    expect(JSON.parse((await linkly(['list', '--show-secrets'])).stdout)).toEqual({ webhooks: [created.hook.url] });
    expect((await linkly(['delete', '--id', created.hook.url])).code).toBe(0);
    expect(sandbox().linkly.hooks()).toEqual([]);
  });

  it('creating again for the same URL leaves one hook (the new token); delete --url removes ours for that URL', async () => {
    await linkly(['create', '--url', 'https://example.com/l']);
    const again = JSON.parse((await linkly(['create', '--url', 'https://example.com/l'])).stdout) as { outcome: string; hook: { url: string } };
    expect(again.outcome).toBe('replaced');
    expect(sandbox().linkly.hooks().map((hook) => hook.url)).toEqual([again.hook.url]);
    expect(JSON.parse((await linkly(['delete', '--url', 'https://example.com/l'])).stdout)).toEqual({ removed: 1 });
    expect(sandbox().linkly.hooks()).toEqual([]);
  });

  it("manages one link's hooks with --link-id", async () => {
    expect((await linkly(['create', '--url', 'https://example.com/one', '--link-id', '101'])).code).toBe(0);
    expect(sandbox().linkly.hooks()).toMatchObject([{ scope: 'link', linkId: 101 }]);
    const missing = await linkly(['create', '--url', 'https://example.com/one', '--link-id', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Linkly found nothing .* \(404\)/);
  });
});
