import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import nock from 'nock';
import type { Bundle, ZObject } from 'zapier-platform-core';
import { catalogue, parseDelivery, URL_TOKEN_PARAM } from '../../shared';
import { LINKLY_CLICKS, LINKLY_LINKS } from '../../sandbox/linkly/fixtures';
import { seedPayloads } from '../support/fixtures';
import { expectSameShape } from './shape';
import {
  LINKLY_API,
  TARGET_URL,
  linkPage,
  captureLogs,
  expectPlatformChecks,
  hookOf,
  linklyApp,
  linklyAuth,
  pollOf,
  runLinkly,
  sampleBody,
  zapierRawRequest,
} from './support';
import { useStrictNock } from '../support/strict-nock';

useStrictNock();

const entry = catalogue.linkly[0];
if (!entry) throw new Error('Linkly has no catalogue entry');
const click = hookOf(linklyApp, entry.key);
const keyHeaders = { authorization: `Bearer ${linklyAuth.api_key}` };
const TOKEN = 'tok_abcdefghijklmnopqrstuvwxyz012345';
const subscribeData = { id: 'hook_1', url: `${TARGET_URL}?${URL_TOKEN_PARAM}=${TOKEN}`, token: TOKEN };

type Fn = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const test = linklyApp.authentication?.test as Fn;
const connectionLabel = linklyApp.authentication?.connectionLabel as Fn;

/** A Linkly delivery as perform receives it: no signature, the token only in the hook URL's query. */
function delivery(body: string, querystring = `${URL_TOKEN_PARAM}=${TOKEN}`) {
  return { authData: linklyAuth, subscribeData, rawRequest: zapierRawRequest(body, { 'User-Agent': 'Linkly-Webhook/1.0' }, querystring) };
}

describe('Linkly authentication: API key and workspace id', () => {
  it('asks for the key as a password field and the workspace id', () => {
    expect(linklyApp.authentication?.type).toBe('custom');
    expect(linklyApp.authentication?.fields).toEqual([
      expect.objectContaining({ key: 'api_key', type: 'password', required: true }),
      expect.objectContaining({ key: 'workspace_id', required: true }),
    ]);
  });

  it('the test lists the workspaces the key reaches (key in headers, never the URL); the label names the workspace', async () => {
    nock(LINKLY_API, { reqheaders: keyHeaders })
      .get('/workspaces')
      .query((query) => !('api_key' in query))
      .reply(200, [{ id: 1, name: 'Acme Marketing' }, { id: 7, name: 'Other' }]);
    const tested = await runLinkly(test, { authData: linklyAuth });
    expect(tested).toEqual({ workspaceId: '1', workspaceName: 'Acme Marketing' });
    expect(await runLinkly(connectionLabel, { authData: linklyAuth, inputData: tested as Record<string, unknown> })).toBe('Acme Marketing (workspace 1)');
  });

  it('a wrong key marks the connection expired (ExpiredAuthError), saying what to do on Zapier', async () => {
    nock(LINKLY_API).get('/workspaces').reply(401, 'Not authorized');
    const error = await runLinkly(test, { authData: { ...linklyAuth, api_key: 'wrong' } }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('ExpiredAuthError');
    expect((error as Error).message).toMatch(/did not accept the API key \(401\)\. Copy the key and the workspace id again.*Linkly said: "Not authorized" On Zapier, reconnect/);
  });

  it('a key that works but not for this workspace fails, naming the workspace', async () => {
    nock(LINKLY_API).get('/workspaces').reply(200, [{ id: 7, name: 'Other' }]);
    await expect(runLinkly(test, { authData: { ...linklyAuth, workspace_id: '1' } })).rejects.toThrow(/does not reach workspace 1/);
  });

  it('a workspace id that is not a number fails before calling Linkly', async () => {
    await expect(runLinkly(test, { authData: { ...linklyAuth, workspace_id: 'acme' } })).rejects.toThrow(/acme.* is not a Linkly workspace id/);
  });
});

describe('Linkly New Click: subscribe and unsubscribe', () => {
  it('registers the hook URL for the whole workspace with a fresh secret token in it, and keeps the token', async () => {
    let registered = '';
    nock(LINKLY_API, { reqheaders: keyHeaders }).get('/workspace/1/webhooks').reply(200, { webhooks: [] });
    nock(LINKLY_API, { reqheaders: keyHeaders })
      .post('/workspace/1/webhooks', (body: { url: string }) => ((registered = body.url), true))
      .reply(201, { id: 'hook_1', url: 'ignored' });
    const result = (await runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} })) as Record<string, string>;

    const url = new URL(registered);
    expect(`${url.origin}${url.pathname}`).toBe(TARGET_URL);
    const token = url.searchParams.get(URL_TOKEN_PARAM);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(result).toEqual({ id: 'hook_1', url: registered, token });
  });

  it('a new token every time, so one Zap cannot receive another hook URL\'s deliveries', async () => {
    const tokens: string[] = [];
    for (const _ of [1, 2]) {
      nock(LINKLY_API).get('/workspace/1/webhooks').reply(200, { webhooks: [] });
      nock(LINKLY_API).post('/workspace/1/webhooks').reply(201, {});
      const { token } = (await runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} })) as { token: string };
      tokens.push(token);
    }
    expect(new Set(tokens).size).toBe(2);
  });

  it('registers on one link when the user picks it, and remembers where', async () => {
    nock(LINKLY_API).get('/link/101/webhooks').reply(200, { webhooks: [] });
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(200, { webhooks: [] });
    nock(LINKLY_API).post('/link/101/webhooks').reply(201, {});
    const result = (await runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: { linkId: '101' } })) as Record<string, string>;
    expect(result.linkId).toBe('101');
    // Linkly gave no id: the URL itself is the hook's key.
    expect(result.id).toBe(result.url);
  });

  it('a re-subscribe of the Zap removes the hook an earlier subscribe left (its token is lost): one hook remains', async () => {
    const earlier = `${TARGET_URL}?${URL_TOKEN_PARAM}=earlier_token`;
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(200, { webhooks: [earlier, 'https://elsewhere.example.com/hook'] });
    const removed = nock(LINKLY_API).delete(`/workspace/1/webhooks/${encodeURIComponent(earlier)}`).reply(200, { deleted: true });
    nock(LINKLY_API).post('/workspace/1/webhooks').reply(201, { id: 'hook_2' });
    await runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} });
    expect(removed.isDone()).toBe(true);
  });

  it('unsubscribes from where it subscribed, by id (URL-encoded when it is the URL)', async () => {
    nock(LINKLY_API, { reqheaders: keyHeaders }).delete(`/link/101/webhooks/${encodeURIComponent(subscribeData.url)}`).reply(200, { deleted: true });
    const onLink = { ...subscribeData, id: subscribeData.url, linkId: '101' };
    const result = await runLinkly(click.performUnsubscribe, { authData: linklyAuth, subscribeData: onLink, targetUrl: TARGET_URL });
    expect(result).toEqual({ removed: 1 });
  });

  it('treats a hook that is already gone (404) as removed', async () => {
    nock(LINKLY_API).delete('/workspace/1/webhooks/hook_1').reply(404, 'Not found');
    nock(LINKLY_API).delete(`/workspace/1/webhooks/${encodeURIComponent(subscribeData.url)}`).reply(404, 'Not found');
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(200, { webhooks: [] });
    expect(await runLinkly(click.performUnsubscribe, { authData: linklyAuth, subscribeData, targetUrl: TARGET_URL })).toEqual({ removed: 0 });
  });

  it('with nothing stored, removes the hooks of ours at the Zap URL', async () => {
    const ours = `${TARGET_URL}?${URL_TOKEN_PARAM}=some_token`;
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(200, { webhooks: [ours] });
    nock(LINKLY_API).delete(`/workspace/1/webhooks/${encodeURIComponent(ours)}`).reply(200, { deleted: true });
    expect(await runLinkly(click.performUnsubscribe, { authData: linklyAuth, targetUrl: TARGET_URL })).toEqual({ removed: 1 });
  });

  it('a workspace without webhooks (free plan) fails with what to do', async () => {
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(403, { error: 'Webhooks need a paid plan.' });
    await expect(runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} })).rejects.toThrow(
      /webhooks need a paid Linkly plan/,
    );
  });

  it("a 429 becomes Zapier's ThrottledError with Linkly's wait", async () => {
    nock(LINKLY_API).get('/workspace/1/webhooks').reply(429, { error: 'Too many requests' }, { 'Retry-After': '45' });
    await expect(runLinkly(click.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} })).rejects.toMatchObject({
      name: 'ThrottledError',
      message: expect.stringContaining('"delay":45'),
    });
  });
});

describe('Linkly New Click: perform checks the token in the hook URL', () => {
  const bodies = [
    { name: 'catalogue sample', body: sampleBody(entry) },
    ...seedPayloads()
      .filter((seed) => seed.provider === 'linkly')
      .map((seed) => ({ name: `seed ${seed.name}`, body: seed.body })),
  ];

  it.each(bodies)('$name with the right token → one normalized click', async ({ body }) => {
    const result = await runLinkly(click.perform, delivery(body));
    expectPlatformChecks(result);
    const expected = parseDelivery({ provider: 'linkly', headers: {}, body });
    if (!expected.ok) throw expected.error;
    expect(result).toEqual([expected.event]);
  });

  it('reads the token whether Zapier hands the query over with or without its "?"', async () => {
    const body = sampleBody(entry);
    const withMark = delivery(body);
    withMark.rawRequest = { ...withMark.rawRequest, querystring: `?${withMark.rawRequest?.querystring ?? ''}` };
    expect(await runLinkly(click.perform, withMark)).toHaveLength(1);
  });

  it('a click whose event field was renamed still gives its item, the drift listed in Fields That Did Not Read', async () => {
    const body = JSON.stringify({ ...(JSON.parse(sampleBody(entry)) as object), event: 'link.click' });
    const [item] = (await runLinkly(click.perform, delivery(body))) as Array<{ event: string; unreadFields: unknown[] }>;
    expect(item?.event).toBe('click');
    expect(item?.unreadFields).toEqual([expect.objectContaining({ path: 'event', received: '"link.click"' })]);
  });

  const refusals = bodies.flatMap(({ name, body }) => [
    { name: `${name} with a wrong token`, body, querystring: `${URL_TOKEN_PARAM}=not_the_token`, kind: 'bad_signature' },
    { name: `${name} without a token`, body, querystring: 'utm_source=x', kind: 'missing_signature' },
  ]);

  it.each(refusals)('$name → nothing, and a log line', async ({ body, querystring, kind }) => {
    const logs = captureLogs();
    try {
      expect(await runLinkly(click.perform, delivery(body, querystring))).toEqual([]);
      expect(logs.lines.join('\n')).toMatch(new RegExp(`Ignored a Linkly delivery for "New Click": .*\\(${kind}\\)`));
    } finally {
      logs.restore();
    }
  });
});

describe('Linkly New Click: performList', () => {
  it('recent clicks from the click export, joined with their links, in exactly the shape perform returns', async () => {
    const ownLinks = LINKLY_LINKS.filter((link) => link.workspace_id === 1);
    const ownClicks = LINKLY_CLICKS.filter((record) => ownLinks.some((link) => link.id === record.link_id));
    nock(LINKLY_API, { reqheaders: keyHeaders })
      .get('/workspace/1/clicks/export')
      .query((query) => query.format === 'json' && typeof query.start === 'string' && typeof query.end === 'string' && !('link_id' in query))
      .reply(200, ownClicks);
    nock(LINKLY_API, { reqheaders: keyHeaders }).get('/workspace/1/list_links').query(true).reply(200, linkPage(ownLinks));

    const items = await runLinkly(click.performList, { authData: linklyAuth, inputData: {} });

    expectPlatformChecks(items);
    expect(items).toHaveLength(3);
    const [performed] = (await runLinkly(click.perform, delivery(sampleBody(entry)))) as unknown[];
    for (const item of items) {
      expect(outputSchemaOf(entry.trigger).safeParse(item).success).toBe(true);
      expectSameShape(entry, item, performed);
    }
    const first = items[0] as unknown as { link: { id: string; shortUrl: string }; click: { timestamp: string; isBot: boolean } };
    expect(first.link).toEqual(expect.objectContaining({ id: '101', shortUrl: 'https://go.acme.example/spring' }));
    expect(first.click.timestamp).toBe('2026-07-31T18:02:44.301512Z');
    expect((items as unknown as Array<{ click: { isBot: boolean } }>).map((item) => item.click.isBot)).toEqual([false, false, true]);
  });

  it("only the chosen link's clicks when the Zap watches one link", async () => {
    nock(LINKLY_API).get('/workspace/1/clicks/export').query((query) => query.link_id === '102').reply(200, []);
    nock(LINKLY_API).get('/workspace/1/list_links').query(true).reply(200, linkPage([]));
    // Nothing recent on that link: no item, so Zapier offers its static sample, labelled as one.
    const logs = captureLogs();
    try {
      expect(await runLinkly(click.performList, { authData: linklyAuth, inputData: { linkId: '102' } })).toEqual([]);
    } finally {
      logs.restore();
    }
    expect(logs.lines.map((line) => line.trim())).toEqual(['No recent Linkly click in the last week; Zapier offers the built-in sample instead.']);
  });
});

describe('Linkly link picker', () => {
  it('lists the workspace links by id and name', async () => {
    nock(LINKLY_API, { reqheaders: keyHeaders }).get('/workspace/1/list_links').query(true).reply(200, linkPage(LINKLY_LINKS.filter((link) => link.workspace_id === 1)));
    const choices = await runLinkly(pollOf(linklyApp, 'link_list'), { authData: linklyAuth, inputData: {}, meta: { isFillingDynamicDropdown: true } });
    expect(choices).toEqual([
      { id: '101', name: 'Spring campaign – https://go.acme.example/spring' },
      { id: '102', name: 'Pricing page – https://go.acme.example/pricing' },
      { id: '103', name: 'App download – https://go.acme.example/app' },
    ]);
  });

  it('New Click offers it as an optional dropdown, before the Output choice every trigger has', () => {
    expect(click.inputFields).toEqual([
      expect.objectContaining({ key: 'linkId', required: false, dynamic: 'link_list.id.name' }),
      expect.objectContaining({ key: 'output', default: 'normalized' }),
    ]);
  });
});

describe("Linkly's link events: New Link, Link Settings Updated, Link Deleted", () => {
  const linkEntries = catalogue.linkly.filter((candidate) => candidate.trigger === 'link');

  it('are triggers of the app, from the catalogue, with no link field (link events come through the workspace)', () => {
    expect(linkEntries.map((candidate) => candidate.event)).toEqual(['link.created', 'link.updated', 'link.deleted']);
    for (const linkEntry of linkEntries) {
      const fields = (hookOf(linklyApp, linkEntry.key).inputFields ?? []) as Array<{ key: string }>;
      expect(fields.map((field) => field.key)).not.toContain('linkId');
    }
  });

  it('subscribes on the workspace', async () => {
    const created = hookOf(linklyApp, 'link_created');
    nock(LINKLY_API, { reqheaders: keyHeaders }).get('/workspace/1/webhooks').reply(200, []);
    nock(LINKLY_API, { reqheaders: keyHeaders }).post('/workspace/1/webhooks').reply(201, { id: 'hook_9' });
    const result = (await runLinkly(created.performSubscribe, { authData: linklyAuth, targetUrl: TARGET_URL, inputData: {} })) as Record<string, string>;
    expect(result).toMatchObject({ id: 'hook_9' });
    expect(result).not.toHaveProperty('linkId');
  });

  it.each(linkEntries.map((linkEntry) => [linkEntry.event, linkEntry] as const))('%s with the right token → one link item in the shape of Dub\'s', async (_event, linkEntry) => {
    const result = await runLinkly(hookOf(linklyApp, linkEntry.key).perform, delivery(sampleBody(linkEntry)));
    expectPlatformChecks(result);
    expect(result).toEqual([linkEntry.normalizedSample()]);
  });

  it('a link event to New Click, or a click to New Link: nothing, and a log line saying which event it was', async () => {
    const logs = captureLogs();
    try {
      const linkCreated = linkEntries[0];
      if (!linkCreated) throw new Error('no link.created entry');
      expect(await runLinkly(click.perform, delivery(sampleBody(linkCreated)))).toEqual([]);
      expect(await runLinkly(hookOf(linklyApp, 'link_created').perform, delivery(sampleBody(entry)))).toEqual([]);
      expect(logs.lines.join('\n')).toMatch(/it is a "link.created" event \(id linkly_link\.created_12345_[^)]+\), not "click"[\s\S]*it is a "click" event \(id linkly_click_[^)]+\), not "link.created"/);
    } finally {
      logs.restore();
    }
  });

  it('performList: Linkly keeps no history of link events, so none (Zapier offers the built-in sample)', async () => {
    const logs = captureLogs();
    try {
      expect(await runLinkly(hookOf(linklyApp, 'link_updated').performList, { authData: linklyAuth, inputData: {} })).toEqual([]);
      expect(logs.lines.join('\n')).toMatch(/no history of "link.updated" events/);
    } finally {
      logs.restore();
    }
  });
});
