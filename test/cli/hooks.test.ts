import { DUB_KEY_NO_WEBHOOK_SCOPE, DUB_TOKEN_BUSINESS, DUB_TOKEN_PRO, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox, type Sandbox } from '../../sandbox';
import { cli } from './run-cli';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const dub = (argv: string[], token = DUB_TOKEN_BUSINESS) =>
  cli(['hooks', ...argv, '--provider', 'dub', '--base-url', sandbox.dubBaseUrl], { env: { DUB_API_KEY: token } });
const linkly = (argv: string[]) =>
  cli(['hooks', ...argv, '--provider', 'linkly', '--base-url', sandbox.linklyBaseUrl], {
    env: { LINKLY_API_KEY: LINKLY_KEY_PAID, LINKLY_WORKSPACE_ID: String(LINKLY_WORKSPACE_PAID) },
  });

describe('linkhooks hooks (Dub)', () => {
  it('creates, lists with masked secrets, and deletes a hook', async () => {
    const created = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created,lead.created']);
    expect(created.code).toBe(0);
    const { hook, outcome } = JSON.parse(created.stdout) as { outcome: string; hook: { id: string; secret: string } };
    expect(outcome).toBe('created');
    expect(sandbox.dub.hooks()[0]?.name).toBe('linkhooks: 2 events');
    expect(hook.secret).toMatch(/^whsec_[0-9a-f]{32}$/);

    const listed = JSON.parse((await dub(['list'])).stdout) as { id: string; secret: string }[];
    expect(listed.map((item) => item.id)).toEqual([hook.id]);
    expect(listed[0]?.secret).toBe(`${hook.secret.slice(0, 6)}…${hook.secret.slice(-4)}`);
    expect((JSON.parse((await dub(['list', '--show-secrets'])).stdout) as { secret: string }[])[0]?.secret).toBe(hook.secret);

    expect(JSON.parse((await dub(['delete', '--id', hook.id])).stdout)).toEqual({ removed: [hook.id] });
    expect(JSON.parse((await dub(['delete', '--id', hook.id])).stdout)).toEqual({ removed: [] });
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('deletes by URL when no id is at hand', async () => {
    const { hook } = JSON.parse((await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'])).stdout) as { hook: { id: string } };
    expect(JSON.parse((await dub(['delete', '--url', 'https://example.com/hook'])).stdout)).toEqual({ removed: [hook.id] });
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('scopes link.clicked to the links given', async () => {
    await dub(['create', '--url', 'https://example.com/clicks', '--events', 'link.clicked', '--link-ids', 'cm0faqkyn0001txvfwjfeq7gl']);
    expect(sandbox.dub.hooks()[0]).toMatchObject({ linkScope: 'links' });
    expect(sandbox.dub.requests().find((request) => request.method === 'POST')?.body).toContain('"linkIds":["cm0faqkyn0001txvfwjfeq7gl"]');
  });

  it('running create twice leaves one hook', async () => {
    await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created']);
    const again = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created']);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'adopted' });
    expect(sandbox.dub.hooks()).toHaveLength(1);
  });

  it('an API key without the webhook scope: the actionable message, exit 1', async () => {
    const { code, stderr } = await dub(['create', '--url', 'https://example.com/hook', '--events', 'sale.created'], DUB_KEY_NO_WEBHOOK_SCOPE);
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
    expect(sandbox.dub.requests()).toEqual([]);
  });

  it('needs the key in the environment', async () => {
    const { code, stderr } = await cli(['hooks', 'list', '--provider', 'dub', '--base-url', sandbox.dubBaseUrl]);
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
    expect(JSON.parse((await linkly(['list'])).stdout)).toEqual({ webhooks: [created.hook.url] });
    expect((await linkly(['delete', '--id', created.hook.url])).code).toBe(0);
    expect(sandbox.linkly.hooks()).toEqual([]);
  });

  it('creating again for the same URL leaves one hook (the new token); delete --url removes ours for that URL', async () => {
    await linkly(['create', '--url', 'https://example.com/l']);
    const again = JSON.parse((await linkly(['create', '--url', 'https://example.com/l'])).stdout) as { outcome: string; hook: { url: string } };
    expect(again.outcome).toBe('replaced');
    expect(sandbox.linkly.hooks().map((hook) => hook.url)).toEqual([again.hook.url]);
    expect(JSON.parse((await linkly(['delete', '--url', 'https://example.com/l'])).stdout)).toEqual({ removed: 1 });
    expect(sandbox.linkly.hooks()).toEqual([]);
  });

  it("manages one link's hooks with --link-id", async () => {
    expect((await linkly(['create', '--url', 'https://example.com/one', '--link-id', '101'])).code).toBe(0);
    expect(sandbox.linkly.hooks()).toMatchObject([{ scope: 'link', linkId: 101 }]);
    const missing = await linkly(['create', '--url', 'https://example.com/one', '--link-id', '999999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/Linkly found nothing .* \(404\)/);
  });
});
