import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { LINKLY_KEY_FREE, LINKLY_KEY_PAID, LINKLY_LINKS, LINKLY_WORKSPACE_FREE, LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { URL_TOKEN_PARAM, withUrlToken } from '../../shared';
import { call, bearer } from '../sandbox/helpers';
import { hookContext, WEBHOOK_URL, type NodeSetup } from './support/contexts';
import { linklyCredentials, useSandbox } from '../support/sandbox';

const lifecycle = new LinklyTrigger().webhookMethods.default;
const sandbox = useSandbox();
const paidLink = LINKLY_LINKS.find((link) => link.workspace_id === LINKLY_WORKSPACE_PAID)!;

function linklyNode(parameters: Record<string, unknown> = {}, extra: Partial<NodeSetup> = {}) {
  return hookContext({ credentials: linklyCredentials(sandbox()), parameters, ...extra });
}

function tokenIn(url: string | undefined): string | null {
  return url === undefined ? null : new URL(url).searchParams.get(URL_TOKEN_PARAM);
}

/** Registers a hook directly, as an earlier activation whose token is now lost, or another tool, would have. */
async function subscribeDirectly(url: string) {
  await call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { method: 'POST', headers: bearer(LINKLY_KEY_PAID), body: { url } });
}

describe('Linkly Trigger: registering the hook', () => {
  it('registers our URL carrying a fresh secret token for the whole workspace, and keeps the token', async () => {
    const { context, staticData } = linklyNode();

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    const hooks = sandbox().linkly.hooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]).toMatchObject({ scope: 'workspace', workspaceId: LINKLY_WORKSPACE_PAID });
    const token = tokenIn(hooks[0]?.url);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hooks[0]?.url).toBe(withUrlToken(WEBHOOK_URL, token ?? ''));
    expect(staticData).toMatchObject({ secret: token, hookUrl: hooks[0]?.url });
  });

  it('registers on the chosen link only', async () => {
    const { context, staticData } = linklyNode({ scope: 'link', link: { __rl: true, mode: 'list', value: String(paidLink.id) } });

    await lifecycle.create.call(context);

    expect(sandbox().linkly.hooks()[0]).toMatchObject({ scope: 'link', linkId: paidLink.id });
    expect(staticData.linkId).toBe(String(paidLink.id));
  });

  it('asks for a link when "One Link" is chosen without one, before calling Linkly', async () => {
    const { context } = linklyNode({ scope: 'link', link: { __rl: true, mode: 'list', value: '' } });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Choose the Linkly link/);
    expect(sandbox().linkly.requests()).toEqual([]);
  });

  it('link events only: the workspace hook, whatever Clicks On still says', async () => {
    const { context } = linklyNode({ events: ['link.created', 'link.deleted'], scope: 'link', link: String(paidLink.id) });

    await lifecycle.create.call(context);

    expect(sandbox().linkly.hooks()).toEqual([expect.objectContaining({ scope: 'workspace', workspaceId: LINKLY_WORKSPACE_PAID })]);
  });

  it('clicks on one link together with link events: says link events need the workspace, before calling Linkly', async () => {
    const { context } = linklyNode({ events: ['click', 'link.updated'], scope: 'link', link: String(paidLink.id) });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/link events come through the workspace's webhook/);
    expect(sandbox().linkly.requests()).toEqual([]);
  });

  it("removes hooks left for our URL under an older token, and leaves other receivers' hooks alone", async () => {
    await subscribeDirectly(withUrlToken(WEBHOOK_URL, 'lost-token'));
    await subscribeDirectly('https://someone-else.example/hook');
    const { context, staticData } = linklyNode();

    await lifecycle.create.call(context);

    expect(sandbox().linkly.hooks().map((hook) => hook.url).sort()).toEqual(
      [String(staticData.hookUrl), 'https://someone-else.example/hook'].sort(),
    );
  });

  it('activating again leaves exactly one hook: the one with the new token', async () => {
    const { context, staticData } = linklyNode();
    await lifecycle.create.call(context);
    const first = staticData.hookUrl;

    await lifecycle.create.call(context);

    expect(sandbox().linkly.hooks().map((hook) => hook.url)).toEqual([staticData.hookUrl]);
    expect(staticData.hookUrl).not.toBe(first);
  });

  it('says webhooks need a paid plan when the workspace has none', async () => {
    const { context } = hookContext({ credentials: linklyCredentials(sandbox(), LINKLY_KEY_FREE, LINKLY_WORKSPACE_FREE) });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/paid Linkly plan/);
  });
});

describe('Linkly Trigger: finding its hook', () => {
  it('finds the hook it registered', async () => {
    const { context } = linklyNode();
    await lifecycle.create.call(context);

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);
  });

  it('reports the hook missing once Linkly no longer lists it', async () => {
    const { context } = linklyNode();
    await lifecycle.create.call(context);
    sandbox().reset();

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(false);
  });

  it('reports it missing when the user now wants another target than the one registered', async () => {
    const { context, staticData } = linklyNode();
    await lifecycle.create.call(context);
    const { context: onOneLink } = linklyNode({ scope: 'link', link: String(paidLink.id) }, { staticData });

    await expect(lifecycle.checkExists.call(onOneLink)).resolves.toBe(false);
  });

  it('reports it missing when n8n now serves the trigger on another address', async () => {
    const { context, staticData } = linklyNode();
    await lifecycle.create.call(context);
    const { context: moved } = linklyNode({}, { staticData, webhookUrl: 'https://new-host.example/webhook/abc/webhook' });

    await expect(lifecycle.checkExists.call(moved)).resolves.toBe(false);
  });

  it('has nothing to find before anything was registered', async () => {
    await expect(lifecycle.checkExists.call(linklyNode().context)).resolves.toBe(false);
    expect(sandbox().linkly.requests()).toEqual([]);
  });
});

describe('Linkly Trigger: removing its hook', () => {
  it('removes the hook from the link it was registered on, even if the node now says otherwise', async () => {
    const { context, staticData } = linklyNode({ scope: 'link', link: String(paidLink.id) });
    await lifecycle.create.call(context);
    const { context: changed } = linklyNode({ scope: 'workspace' }, { staticData });

    await expect(lifecycle.delete.call(changed)).resolves.toBe(true);

    expect(sandbox().linkly.hooks()).toEqual([]);
    expect(staticData).toEqual({});
  });

  it('counts a hook Linkly no longer has as removed', async () => {
    const { context, staticData } = linklyNode();
    await lifecycle.create.call(context);
    sandbox().reset();

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);
    // By id, then by the registered URL, then a look for anything of ours left for this receiver.
    expect(sandbox().linkly.requests().map((request) => `${request.method} ${request.status}`)).toEqual(['DELETE 404', 'DELETE 404', 'GET 200']);
    expect(staticData).toEqual({});
  });

  it('with nothing kept, removes every hook of ours for its URL', async () => {
    await subscribeDirectly(withUrlToken(WEBHOOK_URL, 'kept-nowhere'));

    await expect(lifecycle.delete.call(linklyNode().context)).resolves.toBe(true);
    expect(sandbox().linkly.hooks()).toEqual([]);
  });
});
