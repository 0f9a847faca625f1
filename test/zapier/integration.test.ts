import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { catalogue, parseDelivery, type CatalogueEntry } from '../../shared';
import {
  DUB_KEY_ALL_ACCESS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  DUB_TOKEN_PRO,
  LINKLY_KEY_FREE,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_FREE,
  LINKLY_WORKSPACE_PAID,
  startSandbox,
  type DubEnvelope,
  type Sandbox,
} from '../../sandbox';
import { seedPayload } from '../support/fixtures';
import { startHookCatcher, type CaughtRequest, type HookCatcher } from './hook-catcher';
import { captureLogs, dubApp, expectPlatformChecks, hookOf, linklyApp, pollOf, runDub, runLinkly, zapierRawRequest } from './support';

/**
 * Each app driven the way Zapier drives a REST hook, against the sandbox's real HTTP stand-ins for Dub and Linkly:
 * subscribe → the service delivers to a local catcher (standing in for Zapier's hook URL) → the caught request is
 * what perform receives → unsubscribe, leaving no hook behind.
 */

type Fn = (z: ZObject, bundle: Bundle) => Promise<unknown>;

let sandbox: Sandbox;
let catcher: HookCatcher;
const savedEnv = { ...process.env };

beforeAll(async () => {
  sandbox = await startSandbox();
  catcher = await startHookCatcher();
  Object.assign(process.env, {
    DUB_API_BASE_URL: sandbox.dubBaseUrl,
    DUB_OAUTH_AUTHORIZE_URL: `${sandbox.dubBaseUrl}/oauth/authorize`,
    CLIENT_ID: DUB_OAUTH_CLIENT_ID,
    CLIENT_SECRET: DUB_OAUTH_CLIENT_SECRET,
    LINKLY_API_BASE_URL: sandbox.linklyBaseUrl,
  });
});

afterAll(async () => {
  process.env = savedEnv;
  await catcher?.close();
  await sandbox?.close();
});

beforeEach(() => {
  sandbox.reset();
  catcher.caught.length = 0;
});

/** Waits for something the sandbox finishes on its own time (a slow request it is still serving). */
async function eventually(done: () => boolean): Promise<void> {
  for (let tries = 0; tries < 300 && !done(); tries += 1) await new Promise((resolve) => setTimeout(resolve, 100));
  if (!done()) throw new Error('the sandbox never got there');
}

/** The caught request as Zapier hands it to perform. */
function asRawRequest(request: CaughtRequest) {
  const { 'content-type': _type, 'content-length': _length, ...headers } = request.headers;
  return zapierRawRequest(request.body, headers, request.querystring);
}

function entryOf(provider: 'dub' | 'linkly', key: string): CatalogueEntry {
  const entry = catalogue[provider].find((candidate) => candidate.key === key);
  if (!entry) throw new Error(`no ${provider} entry ${key}`);
  return entry;
}

async function connectDub(): Promise<Record<string, string>> {
  const tokens = (await runDub(dubApp.authentication?.oauth2Config?.getAccessToken as Fn, {
    inputData: { code: DUB_OAUTH_TEST_CODE, redirect_uri: 'https://zapier.com/dashboard/auth/oauth/return/App1CLIAPI/' },
  })) as Record<string, string>;
  expect(tokens.access_token).toMatch(/^dub_access_token_/);
  return tokens;
}

describe('Dub app against the sandbox', () => {
  it('connects with OAuth, and labels the connection with the workspace', async () => {
    const authData = await connectDub();
    const tested = await runDub(dubApp.authentication?.test as Fn, { authData });
    expect(await runDub(dubApp.authentication?.connectionLabel as Fn, { authData, inputData: tested as Record<string, unknown> })).toBe('Acme Inc. (acme)');
  });

  it('New Sale: subscribe → Dub delivers (signed) → perform emits the sale → unsubscribe leaves nothing', async () => {
    const authData = await connectDub();
    const entry = entryOf('dub', 'sale_created');
    const hook = hookOf(dubApp, entry.key);
    const subscribeData = (await runDub(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/standard/1/sale/`, inputData: {} })) as {
      id: string;
      secret: string;
    };
    expect(sandbox.dub.hooks()).toEqual([expect.objectContaining({ id: subscribeData.id, triggers: ['sale.created'], name: 'Zapier: New Sale' })]);

    const [report] = await sandbox.dub.deliver(entry.sample as DubEnvelope);
    expect(report?.delivered).toBe(true);
    const [request] = catcher.caught;
    if (!request) throw new Error('nothing reached the hook URL');
    expect(request.path).toBe('/hooks/standard/1/sale/');

    const items = await runDub(hook.perform, { authData, subscribeData, rawRequest: asRawRequest(request), cleanedRequest: JSON.parse(request.body) as unknown });
    expectPlatformChecks(items);
    const expected = parseDelivery({ provider: 'dub', headers: request.headers, body: request.body, secret: subscribeData.secret });
    if (!expected.ok) throw expected.error;
    expect(expected.verified).toBe(true);
    expect(items).toEqual([expected.event]);

    // The same bytes under another hook's secret are refused.
    const otherHook = { ...subscribeData, secret: 'whsec_other' };
    const logs = captureLogs();
    try {
      expect(await runDub(hook.perform, { authData, subscribeData: otherHook, rawRequest: asRawRequest(request) })).toEqual([]);
      expect(logs.lines.join('\n')).toContain('(bad_signature)');
    } finally {
      logs.restore();
    }

    expect(await runDub(hook.performUnsubscribe, { authData, subscribeData })).toEqual({ removed: [subscribeData.id] });
    expect(sandbox.dub.hooks()).toEqual([]);
    expect(await runDub(hook.performUnsubscribe, { authData, subscribeData })).toEqual({ removed: [] });
  });

  it('Link Clicked on chosen links: picked from the link list, only those clicks arrive', async () => {
    const authData = await connectDub();
    const hook = hookOf(dubApp, 'link_clicked');
    const choices = (await runDub(pollOf(dubApp, 'link_list'), { authData, inputData: {}, meta: { page: 0 } })) as Array<{ id: string }>;
    const seed = seedPayload('dub-link-clicked-000.json') as unknown as DubEnvelope & { data: { link: { id: string } } };
    expect(choices.map((choice) => choice.id)).toContain(seed.data.link.id);

    const subscribeData = (await runDub(hook.performSubscribe, {
      authData,
      targetUrl: `${catcher.url}/hooks/clicks/`,
      inputData: { scope: 'links', linkIds: [seed.data.link.id] },
    })) as { id: string; secret: string };
    expect(sandbox.dub.hooks()).toEqual([expect.objectContaining({ linkScope: 'links', linkIds: [seed.data.link.id] })]);

    await sandbox.dub.deliver(seed);
    const elsewhere = { ...seed, id: 'evt_elsewhere000000000000000', data: { ...seed.data, link: { ...seed.data.link, id: 'link_not_chosen' } } };
    expect(await sandbox.dub.deliver(elsewhere)).toEqual([]);
    expect(catcher.caught).toHaveLength(1);

    const [request] = catcher.caught;
    if (!request) throw new Error('the click did not arrive');
    const items = await runDub(hook.perform, { authData, subscribeData, rawRequest: asRawRequest(request) });
    expectPlatformChecks(items);
    expect(items[0]).toEqual(expect.objectContaining({ id: seed.id, trigger: 'click', link: expect.objectContaining({ id: seed.data.link.id }) }));

    await runDub(hook.performUnsubscribe, { authData, subscribeData });
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('Link Clicked on a folder picked from the folder list', async () => {
    const authData = await connectDub();
    const hook = hookOf(dubApp, 'link_clicked');
    const [folder] = (await runDub(pollOf(dubApp, 'folder_list'), { authData, inputData: {}, meta: { page: 0 } })) as Array<{ id: string }>;
    if (!folder) throw new Error('the sandbox lists no folders');
    const subscribeData = (await runDub(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/folder/`, inputData: { scope: 'folders', folderIds: [folder.id] } })) as {
      id: string;
    };
    expect(sandbox.dub.hooks()).toEqual([expect.objectContaining({ linkScope: 'folders', folderIds: [folder.id] })]);
    await runDub(hook.performUnsubscribe, { authData, subscribeData });
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('performList reads recent leads from the events endpoint, in the shape perform returns', async () => {
    const authData = await connectDub();
    const items = await runDub(hookOf(dubApp, 'lead_created').performList, { authData, inputData: {} });
    expectPlatformChecks(items);
    expect(items.length).toBeGreaterThan(0);
    const entry = entryOf('dub', 'lead_created');
    expect(items).not.toContainEqual(entry.normalizedSample());
    for (const item of items) expect(outputSchemaOf(entry.trigger).safeParse(item).success).toBe(true);
  });

  it.each([
    ['a workspace below the Business plan', DUB_TOKEN_PRO, /Business plan or higher/],
    ['an "All access" API key, which Dub does not let manage webhooks', DUB_KEY_ALL_ACCESS, /lacks the webhooks\.write permission\). Three ways out/],
  ])('refuses %s with a message that says what to do, and registers nothing', async (_case, token, message) => {
    await expect(
      runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: { access_token: token }, targetUrl: `${catcher.url}/x/`, inputData: {} }),
    ).rejects.toThrow(message);
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it.each([
    ['none', /no partner program/],
    ['internal', /pays out through Dub/],
  ] as const)('Payout Confirmed refused by Dub (program payouts: %s): the message names the event and the way out, nothing registered', async (programPayouts, why) => {
    const authData = await connectDub();
    sandbox.dub.setWorkspace({ programPayouts });
    const subscribe = runDub(hookOf(dubApp, 'payout_confirmed').performSubscribe, { authData, targetUrl: `${catcher.url}/x/`, inputData: {} });
    await expect(subscribe).rejects.toThrow(why);
    await expect(subscribe).rejects.toThrow(/Payout Confirmed \(payout\.confirmed\).*switch the program to external payouts/);
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it("a Retry-After of 1e300 becomes a ThrottledError of at most the 300 s Zapier honours", async () => {
    const authData = await connectDub();
    sandbox.faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST', path: '/webhooks' }, headers: { 'retry-after': '1e300', 'x-ratelimit-reset': null } });
    await expect(
      runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData, targetUrl: `${catcher.url}/x/`, inputData: {} }),
    ).rejects.toMatchObject({ name: 'ThrottledError', message: expect.stringContaining('"delay":300') });
  });

  it("a rate limit longer than Zapier should wait becomes Zapier's ThrottledError with the wait", async () => {
    const authData = await connectDub();
    sandbox.faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST', path: '/webhooks' }, resetInMs: 30_000 });
    await expect(
      runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData, targetUrl: `${catcher.url}/x/`, inputData: {} }),
    ).rejects.toMatchObject({ name: 'ThrottledError', message: expect.stringContaining('"delay":30') });
    expect(sandbox.dub.hooks()).toEqual([]);
  });
});

describe("Dub's hooks through the Zapier lifecycle, as Dub really behaves", () => {
  const targetUrl = () => `${catcher.url}/hooks/standard/7/life/`;
  const subscribe = (authData: Record<string, string>) =>
    runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData, targetUrl: targetUrl(), inputData: {} }) as Promise<{ id: string; secret: string }>;

  it('a Zap turned on again after Dub disabled its hook gets a new hook (new id and secret), and the dead one is gone', async () => {
    const authData = await connectDub();
    const first = await subscribe(authData);
    sandbox.dub.disable(first.id);

    const second = await subscribe(authData);

    expect(second.id).not.toBe(first.id);
    expect(second.secret).not.toBe(first.secret);
    expect(sandbox.dub.hooks().map((hook) => [hook.id, hook.disabledAt])).toEqual([[second.id, null]]);
  });

  it('unsubscribe with no stored id removes the hook found by the Zap URL', async () => {
    const authData = await connectDub();
    await subscribe(authData);
    expect(await runDub(hookOf(dubApp, 'sale_created').performUnsubscribe, { authData, targetUrl: targetUrl() })).toEqual({
      removed: [expect.stringMatching(/^wh_/)],
    });
    expect(sandbox.dub.hooks()).toEqual([]);
  });

  it('adopting a links-scoped hook sends its link ids again', async () => {
    const authData = await connectDub();
    const subscribeClicks = () =>
      runDub(hookOf(dubApp, 'link_clicked').performSubscribe, { authData, targetUrl: targetUrl(), inputData: { scope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] } });
    await subscribeClicks();
    await subscribeClicks();
    const patch = sandbox.dub.requests().find((request) => request.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ triggers: ['link.clicked'], linkScope: 'links', linkIds: ['cm0faqkyn0001txvfwjfeq7gl'] });
    expect(sandbox.dub.hooks()).toHaveLength(1);
  });

  it.each([
    ['Retry-After: 0', { 'retry-after': '0', 'x-ratelimit-reset': null }],
    ['a reset already past', { 'retry-after': String(Date.now() - 60_000), 'x-ratelimit-reset': String(Date.now() - 60_000) }],
  ])("%s: one call, and Zapier's ThrottledError still asks Zapier to wait (1 s, never 0)", async (_case, headers) => {
    const authData = await connectDub();
    sandbox.faults.inject({ kind: 'rate_limit', match: { provider: 'dub', method: 'POST', path: '/webhooks' }, headers, times: 50 });
    await expect(subscribe(authData)).rejects.toMatchObject({ name: 'ThrottledError', message: expect.stringContaining('"delay":1}') });
    expect(sandbox.dub.requests().filter((request) => request.path === '/webhooks')).toHaveLength(1);
  });

  it('against a Dub that answers too slowly, subscribe ends with a clear error within its 20 s budget, and a retry leaves one hook', async () => {
    const authData = await connectDub();
    // Every webhook call takes 25 s: more than one request may wait (10 s), and more than the whole budget (20 s).
    sandbox.faults.inject({ kind: 'slow', match: { provider: 'dub', path: '/webhooks' }, delayMs: 25_000, times: 2 });

    await expect(subscribe(authData)).rejects.toThrow(/Dub did not answer in time: this step may take at most 20 seconds, and that time ran out/);

    // Dub may still have made the hook after we stopped waiting (the slow POST finishes on its side): turning the Zap
    // on again adopts it rather than adding a second.
    await eventually(() => sandbox.dub.hooks().length === 1);
    const again = await subscribe(authData);
    expect(sandbox.dub.hooks().map((hook) => hook.id)).toEqual([again.id]);
  }, 60_000);
});

describe('Linkly app against the sandbox', () => {
  const authData = { api_key: LINKLY_KEY_PAID, workspace_id: String(LINKLY_WORKSPACE_PAID) };

  it('tests the key and labels the connection with the workspace', async () => {
    const tested = await runLinkly(linklyApp.authentication?.test as Fn, { authData });
    expect(await runLinkly(linklyApp.authentication?.connectionLabel as Fn, { authData, inputData: tested as Record<string, unknown> })).toBe(
      'Acme Marketing (workspace 1)',
    );
  });

  it('New Click: subscribe with a secret token in the URL → Linkly delivers → perform emits the click → unsubscribe', async () => {
    const entry = entryOf('linkly', 'new_click');
    const hook = hookOf(linklyApp, entry.key);
    const subscribeData = (await runLinkly(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/linkly/`, inputData: {} })) as {
      id: string;
      token: string;
    };
    expect(sandbox.linkly.hooks()).toHaveLength(1);

    await sandbox.linkly.deliver(entry.sample);
    const [request] = catcher.caught;
    if (!request) throw new Error('the click did not arrive');
    expect(request.querystring).toContain(subscribeData.token);

    const items = await runLinkly(hook.perform, { authData, subscribeData, rawRequest: asRawRequest(request) });
    expectPlatformChecks(items);
    expect(items[0]).toEqual(expect.objectContaining({ provider: 'linkly', trigger: 'click' }));

    // The same body posted to the bare hook URL (no token) is refused.
    const logs = captureLogs();
    try {
      expect(await runLinkly(hook.perform, { authData, subscribeData, rawRequest: asRawRequest({ ...request, querystring: '' }) })).toEqual([]);
      expect(logs.lines.join('\n')).toContain('(missing_signature)');
    } finally {
      logs.restore();
    }

    expect(await runLinkly(hook.performUnsubscribe, { authData, subscribeData })).toEqual({ removed: 1 });
    expect(sandbox.linkly.hooks()).toEqual([]);
  });

  it('New Click on one link, picked from the link list', async () => {
    const hook = hookOf(linklyApp, 'new_click');
    const [link] = (await runLinkly(pollOf(linklyApp, 'link_list'), { authData, inputData: {} })) as Array<{ id: string }>;
    if (!link) throw new Error('the sandbox lists no links');
    const subscribeData = (await runLinkly(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/one/`, inputData: { linkId: link.id } })) as {
      id: string;
    };
    expect(sandbox.linkly.hooks()).toEqual([expect.objectContaining({ scope: 'link', linkId: Number(link.id) })]);
    await runLinkly(hook.performUnsubscribe, { authData, subscribeData });
    expect(sandbox.linkly.hooks()).toEqual([]);
  });

  it("performList reads the last week's clicks from the click export", async () => {
    // The sandbox's clicks are from the end of July 2026; look from the day after.
    const now = jest.spyOn(Date, 'now').mockReturnValue(Date.UTC(2026, 7, 1, 12));
    try {
      const entry = entryOf('linkly', 'new_click');
      const items = await runLinkly(hookOf(linklyApp, entry.key).performList, { authData, inputData: {} });
      expectPlatformChecks(items);
      expect(items.map((item) => (item as unknown as { click: { timestamp: string } }).click.timestamp)).toEqual([
        '2026-07-31T18:02:44.301512Z',
        '2026-07-31T11:20:03.118903Z',
        '2026-07-30T23:59:10.000211Z',
      ]);
      for (const item of items) expect(outputSchemaOf(entry.trigger).safeParse(item).success).toBe(true);
    } finally {
      now.mockRestore();
    }
  });

  it("a re-subscribe of the same Zap leaves exactly one hook: the earlier one's token is lost, so it is removed", async () => {
    const hook = hookOf(linklyApp, 'new_click');
    await runLinkly(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/again/`, inputData: {} });
    const second = (await runLinkly(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/again/`, inputData: {} })) as { url: string };
    expect(sandbox.linkly.hooks().map((registered) => registered.url)).toEqual([second.url]);
  });

  it.each(['with-id', 'without-id'] as const)('Linkly answering the registration %s: unsubscribe with nothing stored still removes the hook', async (answer) => {
    sandbox.linkly.setPostAnswer(answer);
    const hook = hookOf(linklyApp, 'new_click');
    const kept = (await runLinkly(hook.performSubscribe, { authData, targetUrl: `${catcher.url}/hooks/bare/`, inputData: {} })) as { id: string; url: string };
    expect(kept.id === kept.url).toBe(answer === 'without-id');
    expect(await runLinkly(hook.performUnsubscribe, { authData, targetUrl: `${catcher.url}/hooks/bare/` })).toEqual({ removed: 1 });
    expect(sandbox.linkly.hooks()).toEqual([]);
  });

  it('a free workspace is refused with what to do, and nothing is registered', async () => {
    await expect(
      runLinkly(hookOf(linklyApp, 'new_click').performSubscribe, {
        authData: { api_key: LINKLY_KEY_FREE, workspace_id: String(LINKLY_WORKSPACE_FREE) },
        targetUrl: `${catcher.url}/x/`,
        inputData: {},
      }),
    ).rejects.toThrow(/webhooks need a paid Linkly plan/);
    expect(sandbox.linkly.hooks()).toEqual([]);
  });
});
