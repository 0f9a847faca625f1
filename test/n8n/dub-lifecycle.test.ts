import { NodeApiError } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { DUB_KEY_ALL_ACCESS, DUB_KEY_RESTRICTED_WEBHOOKS_WRITE, DUB_LINKS, DUB_TOKEN_PRO } from '../../sandbox';
import { hookContext, WEBHOOK_URL, type NodeSetup } from './support/contexts';
import { callsTo, dubApiKeyCredentials, registerDubHook, useSandbox } from '../support/sandbox';

const lifecycle = new DubTrigger().webhookMethods.default;
const sandbox = useSandbox();
const [firstLink, secondLink] = DUB_LINKS.map((link) => String(link.id));

function dubNode(parameters: Record<string, unknown>, extra: Partial<NodeSetup> = {}) {
  return hookContext({ credentials: dubApiKeyCredentials(sandbox()), parameters: { authentication: 'apiKey', ...parameters }, ...extra });
}

const salesAndClicksOnLinks = {
  events: ['sale.created', 'link.clicked'],
  linkScope: 'links',
  links: { link: [{ id: { __rl: true, mode: 'list', value: firstLink } }, { id: secondLink }] },
};

describe('Dub Trigger: registering the hook', () => {
  it('creates a hook for our URL with the chosen events and link scope, and keeps its id and secret', async () => {
    const { context, staticData } = dubNode(salesAndClicksOnLinks, { workflow: { id: 'wf-1', name: 'Sales to Slack' } });

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    const [created] = sandbox().dub.requests().filter((request) => request.method === 'POST');
    expect(JSON.parse(created?.body ?? '{}')).toEqual({
      name: 'n8n: Sales to Slack',
      url: WEBHOOK_URL,
      triggers: ['sale.created', 'link.clicked'],
      linkScope: 'links',
      linkIds: [firstLink, secondLink],
    });
    const [hook] = sandbox().dub.hooks();
    expect(staticData).toMatchObject({ hookId: hook?.id, secret: hook?.secret });
  });

  it('scopes Link Clicked to the chosen folders', async () => {
    const { context } = dubNode({ events: ['link.clicked'], linkScope: 'folders', folders: { folder: [{ id: 'fold_1JSANDBOXMARKETING000001' }] } });

    await lifecycle.create.call(context);

    expect(sandbox().dub.hooks()[0]).toMatchObject({ linkScope: 'folders' });
    expect(JSON.parse(sandbox().dub.requests()[0]?.body ?? '{}')).toMatchObject({ folderIds: ['fold_1JSANDBOXMARKETING000001'] });
  });

  it('sends no link scope when Link Clicked is not among the events', async () => {
    const { context } = dubNode({ events: ['lead.created'], linkScope: 'links', links: { link: [{ id: firstLink }] } });

    await lifecycle.create.call(context);

    const body = JSON.parse(sandbox().dub.requests()[0]?.body ?? '{}') as Record<string, unknown>;
    expect(body).not.toHaveProperty('linkScope');
    expect(body).not.toHaveProperty('linkIds');
  });

  it('cuts a long workflow name to the 40 characters Dub allows', async () => {
    const { context } = dubNode({ events: ['lead.created'] }, { workflow: { id: 'wf-2', name: 'A workflow whose name goes on and on and on' } });

    await lifecycle.create.call(context);

    expect(Array.from(sandbox().dub.hooks()[0]?.name ?? '').length).toBeLessThanOrEqual(40);
  });

  it('adopts and corrects a hook Dub already has for our URL instead of failing on the duplicate', async () => {
    await registerDubHook(sandbox(), { name: 'older', url: WEBHOOK_URL, triggers: ['lead.created'] });
    const { context, staticData } = dubNode({ events: ['sale.created'] });

    await lifecycle.create.call(context);

    const hooks = sandbox().dub.hooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.triggers).toEqual(['sale.created']);
    expect(staticData).toMatchObject({ hookId: hooks[0]?.id, secret: hooks[0]?.secret });
  });

  it('tells a user whose API key cannot manage webhooks the three ways out, Manual registration among them', async () => {
    const { context, staticData } = hookContext({
      credentials: dubApiKeyCredentials(sandbox(), DUB_KEY_ALL_ACCESS),
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
    });

    const failure = lifecycle.create.call(context);

    await expect(failure).rejects.toBeInstanceOf(NodeApiError);
    await expect(failure).rejects.toThrow(/\(1\) a Restricted API key with Webhooks: Write.*\(2\) connect with OAuth.*set this node's Authentication to None/s);
    expect(staticData).toEqual({});
  });

  it('registers with a Restricted API key that has Webhooks: Write', async () => {
    const { context, staticData } = hookContext({
      credentials: dubApiKeyCredentials(sandbox(), DUB_KEY_RESTRICTED_WEBHOOKS_WRITE),
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
    });

    await expect(lifecycle.create.call(context)).resolves.toBe(true);
    expect(staticData.hookId).toBe(sandbox().dub.hooks()[0]?.id);
  });

  it("says the workspace's plan is too low when it is", async () => {
    const { context } = hookContext({
      credentials: dubApiKeyCredentials(sandbox(), DUB_TOKEN_PRO),
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
    });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Business plan/);
  });

  it('refuses Link Clicked on chosen links when no link is chosen, before calling Dub', async () => {
    const { context } = dubNode({ events: ['link.clicked'], linkScope: 'links', links: {} });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Choose between 1 and 1000 links/);
    expect(callsTo(sandbox(), 'dub')).toEqual([]);
  });
});

describe('Dub Trigger: as the world shifts', () => {
  it("n8n's public URL moved: activating again removes the hook at the old URL and keeps one at the new", async () => {
    const oldUrl = 'https://old-tunnel.example.test/webhook/5b0c7f0e-0000-4000-8000-000000000001/webhook';
    const before = dubNode({ events: ['sale.created'] }, { webhookUrl: oldUrl });
    await lifecycle.create.call(before.context);
    const moved = dubNode({ events: ['sale.created'] }, { staticData: before.staticData });

    await expect(lifecycle.checkExists.call(moved.context)).resolves.toBe(false);
    await lifecycle.create.call(moved.context);

    expect(sandbox().dub.hooks().map((hook) => hook.url)).toEqual([WEBHOOK_URL]);
    expect(moved.staticData).toMatchObject({ hookId: sandbox().dub.hooks()[0]?.id, hookUrl: WEBHOOK_URL });
  });

  it("a test listen beside the active workflow (n8n's /webhook-test/ URL) is not a move: the production hook stays", async () => {
    const production = dubNode({ events: ['sale.created'] });
    await lifecycle.create.call(production.context);
    const testUrl = WEBHOOK_URL.replace('/webhook/', '/webhook-test/');
    const listen = dubNode({ events: ['sale.created'] }, { webhookUrl: testUrl, staticData: { ...production.staticData } });

    await lifecycle.create.call(listen.context);

    expect(sandbox().dub.hooks().map((hook) => hook.url).sort()).toEqual([WEBHOOK_URL, testUrl].sort());
  });

  it('payout.confirmed refused by Dub (internal payouts): activation fails naming the event and the way out', async () => {
    sandbox().dub.setWorkspace({ programPayouts: 'internal' });
    const { context } = dubNode({ events: ['sale.created', 'payout.confirmed'] });

    const failure = lifecycle.create.call(context);
    await expect(failure).rejects.toThrow(NodeApiError);
    await expect(failure).rejects.toThrow(/Dub refused the event Payout Confirmed \(payout\.confirmed\).*remove Payout Confirmed from the events.*switch the program to external payouts/);
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it("a receiver on this machine is refused before any call when the credential points at Dub's cloud", async () => {
    const { context, sent } = hookContext({
      credentials: { dubApi: { apiKey: 'dub_cloudKey', baseUrl: 'https://api.dub.co' } },
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
      webhookUrl: 'http://localhost:5678/webhook/5b0c7f0e/webhook',
    });
    await expect(lifecycle.create.call(context)).rejects.toThrow(/N8N_WEBHOOK_URL/);
    expect(sent).toEqual([]);
  });

  it('the same receiver is allowed when the credential points at another Dub (the sandbox)', async () => {
    const { context } = dubNode({ events: ['sale.created'] }, { webhookUrl: 'http://localhost:5678/webhook/5b0c7f0e/webhook' });
    await expect(lifecycle.create.call(context)).resolves.toBe(true);
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });
});

describe('Dub Trigger: checking the hook it registered', () => {
  it('after create, the hook it keeps is current: one look at it, no second hook', async () => {
    const { context } = dubNode(salesAndClicksOnLinks);
    await lifecycle.create.call(context);
    const [hook] = sandbox().dub.hooks();
    const callsBefore = callsTo(sandbox(), 'dub').length;

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);

    expect(callsTo(sandbox(), 'dub').slice(callsBefore)).toEqual([`GET /webhooks/${hook?.id}`]);
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });

  it('a hook at our URL that it did not register is not taken on trust: create adopts it and sends its link ids again', async () => {
    await registerDubHook(sandbox(), {
      name: 'from an earlier install',
      url: WEBHOOK_URL,
      triggers: ['link.clicked', 'sale.created'],
      linkScope: 'links',
      linkIds: [secondLink ?? ''],
    });
    const { context, staticData } = dubNode(salesAndClicksOnLinks);

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(false);
    await lifecycle.create.call(context);

    const [hook] = sandbox().dub.hooks();
    expect(sandbox().dub.hooks()).toHaveLength(1);
    const patch = sandbox().dub.requests().find((request) => request.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ triggers: ['sale.created', 'link.clicked'], linkScope: 'links', linkIds: [firstLink, secondLink] });
    expect(staticData).toMatchObject({ hookId: hook?.id, secret: hook?.secret });
  });

  it('is not current once the user picked other links: create sends the new selection', async () => {
    const { context, staticData } = dubNode(salesAndClicksOnLinks);
    await lifecycle.create.call(context);
    const { context: edited } = dubNode({ ...salesAndClicksOnLinks, links: { link: [{ id: firstLink }] } }, { staticData });

    await expect(lifecycle.checkExists.call(edited)).resolves.toBe(false);
  });

  it("a hook Dub disabled counts as there (the trigger's check recovers from its log first); create alone would replace it", async () => {
    const { context, staticData } = dubNode({ events: ['sale.created'] });
    await lifecycle.create.call(context);
    const old = { id: staticData.hookId, secret: staticData.secret };
    sandbox().dub.disable(String(old.id));

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);
    await lifecycle.create.call(context);

    const hooks = sandbox().dub.hooks();
    expect(hooks).toHaveLength(1);
    expect(hooks[0]?.disabledAt).toBeNull();
    expect(staticData.hookId).toBe(hooks[0]?.id);
    expect(staticData.hookId).not.toBe(old.id);
    expect(staticData.secret).not.toBe(old.secret);
  });

  it('has nothing to check with Manual registration, and calls Dub for nothing', async () => {
    const { context } = dubNode({ authentication: 'none', signingSecret: 'whsec_pasted', events: ['sale.created'] });

    await expect(lifecycle.checkExists.call(context)).resolves.toBe(true);
    await expect(lifecycle.create.call(context)).resolves.toBe(true);
    await expect(lifecycle.delete.call(context)).resolves.toBe(true);
    expect(callsTo(sandbox(), 'dub')).toEqual([]);
  });
});

describe('Dub Trigger: removing the hook', () => {
  it('deletes the hook it registered and forgets it', async () => {
    const { context, staticData } = dubNode({ events: ['sale.created'] });
    await lifecycle.create.call(context);

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);

    expect(sandbox().dub.hooks()).toEqual([]);
    expect(staticData).toEqual({});
  });

  it('counts a hook already deleted in Dub (404) as removed', async () => {
    const { context, staticData } = dubNode({ events: ['sale.created'] });
    await lifecycle.create.call(context);
    const hookId = String(staticData.hookId);
    sandbox().reset();

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);

    const attempts = sandbox().dub.requests().map((request) => `${request.method} ${request.path} → ${request.status}`);
    // By its id only: a hook at the same URL under another id would be a later activation's. The look first tells a
    // hook Dub disabled (parked instead, its log kept for recovery).
    // Then the hooks at its URL, for one of ours the trigger's check registered in its place (none here).
    expect(attempts).toEqual([`GET /webhooks/${hookId} → 404`, `DELETE /webhooks/${hookId} → 404`, 'GET /webhooks → 200']);
    expect(staticData).toEqual({});
  });

  it('with no id kept, removes the hook found at its URL when its name says it is ours', async () => {
    await registerDubHook(sandbox(), { name: 'n8n: made before its id was kept', url: WEBHOOK_URL, triggers: ['sale.created'] });
    const { context } = dubNode({ events: ['sale.created'] });

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it('with no id kept, leaves a hook at its URL that someone named otherwise (added by hand in Dub)', async () => {
    await registerDubHook(sandbox(), { name: 'Added by hand', url: WEBHOOK_URL, triggers: ['sale.created'] });
    const { context } = dubNode({ events: ['sale.created'] });

    await expect(lifecycle.delete.call(context)).resolves.toBe(true);
    expect(sandbox().dub.hooks().map((hook) => hook.name)).toEqual(['Added by hand']);
  });

  it('keeps what it knows when Dub refuses the removal, so a later try can finish it', async () => {
    const { context, staticData } = dubNode({ events: ['sale.created'] });
    await lifecycle.create.call(context);
    const { context: revoked } = hookContext({
      credentials: dubApiKeyCredentials(sandbox(), 'dub_revoked_key'),
      parameters: { authentication: 'apiKey', events: ['sale.created'] },
      staticData,
    });

    await expect(lifecycle.delete.call(revoked)).rejects.toThrow(/did not accept the credentials \(401\)/);
    expect(staticData.hookId).toBe(sandbox().dub.hooks()[0]?.id);
  });
});

describe('Dub Trigger: rate limits during activation', () => {
  it("a 429 with Dub's real headers (the reset in epoch ms, in both) is waited out, then the hook is registered", async () => {
    sandbox().faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST', path: '/webhooks' }, resetInMs: 1_500 });
    const { context, staticData } = dubNode({ events: ['sale.created'] });

    await expect(lifecycle.create.call(context)).resolves.toBe(true);

    expect(sandbox().dub.requests().map((request) => `${request.method} ${request.status}`)).toEqual(['POST 429', 'POST 201', 'GET 200']);
    expect(staticData.hookId).toBe(sandbox().dub.hooks()[0]?.id);
  });

  it('a reset already past is not a tight loop: a bounded number of calls, then the wait in the message', async () => {
    const past = String(Date.now() - 60_000);
    sandbox().faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST' }, headers: { 'retry-after': past, 'x-ratelimit-reset': past }, times: 50 });
    const { context } = dubNode({ events: ['sale.created'] });

    await expect(lifecycle.create.call(context)).rejects.toThrow("Dub's rate limit is reached; nothing was changed. Try again in 1 second.");
    expect(sandbox().dub.requests()).toHaveLength(4);
  });

  it('a wait longer than a minute is not slept on: activation fails at once with the real wait', async () => {
    sandbox().faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST' }, resetInMs: 150_000 });
    const { context } = dubNode({ events: ['sale.created'] });

    await expect(lifecycle.create.call(context)).rejects.toThrow(/Try again in about 3 minutes\.$/);
    expect(sandbox().dub.requests()).toHaveLength(1);
  });
});
