import nock from 'nock';
import { catalogue } from '../../shared';
import { DUB_API, DUB_SECRET, TARGET_URL, captureLogs, dubApp, dubAuth, hookOf, runDub } from './support';
import { dubWebhookObject } from '../support/fixtures';
import { useStrictNock } from '../support/strict-nock';

useStrictNock();

const webhook = (overrides: Record<string, unknown> = {}) => dubWebhookObject({ name: 'Zapier', url: TARGET_URL, secret: DUB_SECRET, ...overrides });

/**
 * Answers POST /webhooks with a hook echoing what was sent, then the look the registrar takes after a create (Dub's
 * one-hook-per-URL check is not atomic) with that hook alone at the URL; hands back the body the app sent.
 */
function expectCreate(): { body: () => Record<string, unknown> } {
  let sent: Record<string, unknown> = {};
  nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } })
    .post('/webhooks', (body: Record<string, unknown>) => ((sent = body), true))
    .reply(201, (_uri, body) => webhook(body as Record<string, unknown>))
    .get('/webhooks')
    .reply(200, () => [webhook(sent)]);
  return { body: () => sent };
}

describe('Dub performSubscribe', () => {
  it.each(catalogue.dub.map((entry) => [entry.key, entry] as const))(
    '%s subscribes to exactly its own event and keeps the signing secret',
    async (_key, entry) => {
      const create = expectCreate();
      const result = await runDub(hookOf(dubApp, entry.key).performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });

      const { name, ...rest } = create.body();
      expect(rest).toEqual({
        url: TARGET_URL,
        triggers: [entry.event],
        ...(entry.event === 'link.clicked' ? { linkScope: 'workspace' } : {}),
      });
      expect(typeof name).toBe('string');
      expect(Array.from(String(name)).length).toBeLessThanOrEqual(40);
      expect(String(name)).toMatch(/^Zapier: /);
      expect(String(name)).toContain(entry.label.slice(0, 20));
      expect(result).toEqual(expect.objectContaining({ id: 'wh_1', secret: DUB_SECRET, event: entry.event }));
    },
  );

  describe('Link Clicked sends the scope the user chose', () => {
    const subscribe = hookOf(dubApp, 'link_clicked').performSubscribe;

    it.each([
      ['folders', { scope: 'folders', folderIds: ['fold_1', 'fold_2'] }, { linkScope: 'folders', folderIds: ['fold_1', 'fold_2'] }],
      ['links', { scope: 'links', linkIds: ['link_1'] }, { linkScope: 'links', linkIds: ['link_1'] }],
      ['links typed by hand', { scope: 'links', linkIds: 'link_1, link_2' }, { linkScope: 'links', linkIds: ['link_1', 'link_2'] }],
      ['the workspace', { scope: 'workspace', linkIds: ['ignored'] }, { linkScope: 'workspace' }],
    ])('%s', async (_case, inputData, expected) => {
      const create = expectCreate();
      await runDub(subscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData });
      const { name: _name, ...sent } = create.body();
      expect(sent).toEqual({ url: TARGET_URL, triggers: ['link.clicked'], ...expected });
    });

    it('refuses "some links" with no link chosen, before calling Dub', async () => {
      await expect(runDub(subscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: { scope: 'links' } })).rejects.toThrow(
        /Choose between 1 and 1000 links for Link Clicked \(got 0\)/,
      );
    });

    it('asks for folders or links only when that scope is chosen', async () => {
      const fields = hookOf(dubApp, 'link_clicked').inputFields ?? [];
      expect(fields[0]).toEqual(expect.objectContaining({ key: 'scope', default: 'workspace', altersDynamicFields: true }));
      const dynamic = fields[1] as (z: unknown, bundle: { inputData: Record<string, unknown> }) => Promise<Array<{ key: string; dynamic?: string }>>;
      expect(await runDub(dynamic, { inputData: { scope: 'folders' } })).toEqual([expect.objectContaining({ key: 'folderIds', dynamic: 'folder_list.id.name', list: true })]);
      expect(await runDub(dynamic, { inputData: { scope: 'links' } })).toEqual([expect.objectContaining({ key: 'linkIds', dynamic: 'link_list.id.name', list: true })]);
      expect(await runDub(dynamic, { inputData: {} })).toEqual([]);
    });
  });

  it('adopts the hook Dub already has for this URL (a retried subscribe) and keeps its secret', async () => {
    nock(DUB_API).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } });
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_existing', secret: 'whsec_existing' })]);
    const result = await runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });
    expect(result).toEqual(expect.objectContaining({ id: 'wh_existing', secret: 'whsec_existing' }));
  });

  it('corrects a hook at this URL with other events, and keeps its secret', async () => {
    let patched: Record<string, unknown> = {};
    nock(DUB_API).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } });
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_existing', triggers: ['lead.created'] })]);
    nock(DUB_API)
      .patch('/webhooks/wh_existing', (body: Record<string, unknown>) => ((patched = body), true))
      .reply(200, webhook({ id: 'wh_existing' }));
    const result = await runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });
    expect(patched).toEqual({ triggers: ['sale.created'] });
    expect(result).toEqual(expect.objectContaining({ id: 'wh_existing', secret: DUB_SECRET }));
  });

  describe('a Zap turned on again after Dub disabled its hook', () => {
    const NEW_SECRET = 'whsec_0123456789abcdef0123456789abcdef';
    const disabledHookAtUrl = () => {
      nock(DUB_API).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } });
      nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_dead', disabledAt: '2026-11-20T08:00:00.000Z' })]);
    };
    const replacement = () => {
      const removed = nock(DUB_API).delete('/webhooks/wh_dead').reply(200, { id: 'wh_dead' });
      nock(DUB_API).post('/webhooks').reply(201, webhook({ id: 'wh_new', secret: NEW_SECRET }));
      // The look after a create: the new hook alone at the URL.
      nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_new', secret: NEW_SECRET })]);
      return removed;
    };
    const turnOn = () => runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });
    const row = (id: string, status: number, createdAt: string) => ({
      event_id: id,
      event: 'sale.created',
      http_status: status,
      request_body: { id, event: 'sale.created', createdAt, data: {} },
      response_body: '',
      timestamp: createdAt,
    });

    it('with nothing undelivered in its log: a new hook (new id and secret), the dead one goes, and the Zap log says why', async () => {
      disabledHookAtUrl();
      nock(DUB_API).get('/webhooks/wh_dead/events').reply(200, [row('evt_a', 200, '2026-11-20T07:00:00.000Z')]);
      const removed = replacement();
      const logs = captureLogs();
      try {
        expect(await turnOn()).toEqual(expect.objectContaining({ id: 'wh_new', secret: NEW_SECRET }));
      } finally {
        logs.restore();
      }
      expect(removed.isDone()).toBe(true);
      expect(logs.lines.join('\n')).toContain('its log shows no event left undelivered, so it was replaced');
    });

    it.each([
      ['a plan below Business', 'Unauthorized: Need higher plan.', /Business plan or higher/],
      [
        'a key without webhooks.read',
        "The provided key does not have the required permissions for this endpoint on the workspace 'ws_1'. Having the 'webhooks.read' permission would allow this request to continue.",
        /lacks the webhooks\.write permission/,
      ],
    ])('whose log cannot be read (%s): replaced as before, and the Zap log says what could not be checked', async (_case, said, reason) => {
      disabledHookAtUrl();
      nock(DUB_API).get('/webhooks/wh_dead/events').reply(403, { error: { code: 'forbidden', message: said } });
      const removed = replacement();
      const logs = captureLogs();
      try {
        expect(await turnOn()).toEqual(expect.objectContaining({ id: 'wh_new' }));
      } finally {
        logs.restore();
      }
      expect(removed.isDone()).toBe(true);
      const logged = logs.lines.join('\n');
      expect(logged).toContain('Its delivery log could not be read, so whether Dub left events undelivered could not be checked, and it was replaced');
      expect(logged).toMatch(reason);
      expect(logged).not.toMatch(/whsec_[0-9a-f]{8}/);
    });

    it('whose log Dub fails to answer (5xx): nothing is deleted, and the turn-on fails so that trying again checks again', async () => {
      disabledHookAtUrl();
      nock(DUB_API).get('/webhooks/wh_dead/events').times(2).reply(503, { error: { code: 'internal_server_error', message: 'down' } });
      await expect(turnOn()).rejects.toThrow(/server error/);
    });

    it('with events its log shows undelivered: parked (PATCH of its URL), not deleted, and the turn-on is refused with what waits', async () => {
      disabledHookAtUrl();
      nock(DUB_API)
        .get('/webhooks/wh_dead/events')
        .reply(200, [row('evt_b', 500, '2026-11-20T07:59:00.000Z'), row('evt_a', 200, '2026-11-20T07:00:00.000Z'), row('evt_c', 503, '2026-11-20T07:58:00.000Z')]);
      let patched: Record<string, unknown> = {};
      nock(DUB_API)
        .patch('/webhooks/wh_dead', (body: Record<string, unknown>) => ((patched = body), true))
        .reply(200, webhook({ id: 'wh_dead', disabledAt: '2026-11-20T08:00:00.000Z' }));
      await expect(turnOn()).rejects.toMatchObject({
        name: 'AppError',
        message: expect.stringContaining('holds 2 event(s) Dub never delivered, created from 2026-11-20T07:58:00.000Z to 2026-11-20T07:59:00.000Z'),
      });
      expect(patched).toEqual({ url: `${TARGET_URL}?linkhooks_recovering=wh_dead` });
    });

    it('a waiting Payout Confirmed is named, with what Dub made of the payout once its retries failed', async () => {
      nock(DUB_API).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } });
      nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_dead', triggers: ['payout.confirmed'], disabledAt: '2026-11-20T08:00:00.000Z' })]);
      nock(DUB_API)
        .get('/webhooks/wh_dead/events')
        .reply(200, [{ ...row('evt_p', 500, '2026-11-20T07:59:00.000Z'), event: 'payout.confirmed', request_body: { id: 'evt_p', event: 'payout.confirmed', createdAt: '2026-11-20T07:59:00.000Z', data: {} } }]);
      nock(DUB_API).patch('/webhooks/wh_dead').reply(200, webhook({ id: 'wh_dead', disabledAt: '2026-11-20T08:00:00.000Z' }));
      const turnOnPayouts = runDub(hookOf(dubApp, 'payout_confirmed').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });
      await expect(turnOnPayouts).rejects.toThrow(/holds 1 event\(s\) Dub never delivered, created at 2026-11-20T07:59:00.000Z/);
      await expect(turnOnPayouts).rejects.toThrow(/1 of them are Payout Confirmed: Dub marks an external payout failed .* check the payout's status in Dub/);
    });
  });

  it('adopting a Link Clicked hook on chosen links sends the link ids again (Dub cannot show them back)', async () => {
    let patched: Record<string, unknown> = {};
    nock(DUB_API).post('/webhooks').reply(409, { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } });
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ triggers: ['link.clicked'], linkScope: 'links' })]);
    nock(DUB_API)
      .patch('/webhooks/wh_1', (body: Record<string, unknown>) => ((patched = body), true))
      .reply(200, webhook({ triggers: ['link.clicked'], linkScope: 'links' }));
    await runDub(hookOf(dubApp, 'link_clicked').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: { scope: 'links', linkIds: ['link_1'] } });
    expect(patched).toEqual({ triggers: ['link.clicked'], linkScope: 'links', linkIds: ['link_1'] });
  });

  it('removes a hook Dub created without a secret, and fails', async () => {
    nock(DUB_API).post('/webhooks').reply(201, webhook({ secret: null }));
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ secret: null })]);
    nock(DUB_API).get('/webhooks/wh_1').reply(200, webhook({ secret: null }));
    nock(DUB_API).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    await expect(
      runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} }),
    ).rejects.toThrow(/gave no signing secret/);
  });
});

describe('Dub performUnsubscribe', () => {
  const unsubscribe = hookOf(dubApp, 'sale_created').performUnsubscribe;
  const subscribed = { id: 'wh_1', secret: DUB_SECRET };

  it('deletes the hook it subscribed', async () => {
    nock(DUB_API).get('/webhooks/wh_1').reply(200, webhook());
    nock(DUB_API, { reqheaders: { authorization: `Bearer ${dubAuth.access_token}` } }).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    expect(await runDub(unsubscribe, { authData: dubAuth, subscribeData: subscribed, targetUrl: TARGET_URL })).toEqual({ removed: ['wh_1'] });
  });

  it('treats a hook that is already gone (404) as removed, and deletes nothing else (a hook now at the Zap URL is a later registration)', async () => {
    nock(DUB_API).get('/webhooks/wh_1').reply(404, { error: { code: 'not_found', message: 'Webhook not found.' } });
    nock(DUB_API).delete('/webhooks/wh_1').reply(404, { error: { code: 'not_found', message: 'Webhook not found.' } });
    expect(await runDub(unsubscribe, { authData: dubAuth, subscribeData: subscribed, targetUrl: TARGET_URL })).toEqual({ removed: [] });
  });

  it('leaves a hook Dub disabled whose log holds undelivered events in Dub (its log with it), and says so in the Zap log', async () => {
    nock(DUB_API).get('/webhooks/wh_1').reply(200, webhook({ disabledAt: '2026-11-20T08:00:00.000Z' }));
    nock(DUB_API)
      .get('/webhooks/wh_1/events')
      .reply(200, [
        { event_id: 'evt_a', event: 'sale.created', http_status: 500, request_body: { id: 'evt_a', event: 'sale.created', createdAt: '2026-11-20T07:58:00.000Z', data: {} }, response_body: '', timestamp: '2026-11-20T07:59:00.000Z' },
      ]);
    const logs = captureLogs();
    try {
      expect(await runDub(unsubscribe, { authData: dubAuth, subscribeData: subscribed, targetUrl: TARGET_URL })).toEqual({ removed: [], kept: ['wh_1'] });
    } finally {
      logs.restore();
    }
    const logged = logs.lines.join('\n');
    expect(logged).toContain('holds 1 event(s) Dub never delivered, created at 2026-11-20T07:58:00.000Z. It was left in Dub');
    expect(logged).toContain('`linkhooks hooks replay --provider dub --id wh_1 --to <the receiving URL>`');
    expect(logged).not.toContain(DUB_SECRET);
    expect(logged).not.toContain(TARGET_URL);
  });

  it('leaves a hook Dub disabled in Dub when its log cannot be read just now (5xx): keeping a disabled hook costs nothing', async () => {
    nock(DUB_API).get('/webhooks/wh_1').reply(200, webhook({ disabledAt: '2026-11-20T08:00:00.000Z' }));
    nock(DUB_API).get('/webhooks/wh_1/events').times(2).reply(503, { error: { code: 'internal_server_error', message: 'down' } });
    const logs = captureLogs();
    try {
      expect(await runDub(unsubscribe, { authData: dubAuth, subscribeData: subscribed, targetUrl: TARGET_URL })).toEqual({ removed: [], kept: ['wh_1'] });
    } finally {
      logs.restore();
    }
    expect(logs.lines.join('\n')).toContain('Its delivery log could not be read just now, so it was left in Dub');
  });

  it('deletes a hook Dub disabled whose log cannot be read (plan), saying what could not be checked', async () => {
    nock(DUB_API).get('/webhooks/wh_1').reply(200, webhook({ disabledAt: '2026-11-20T08:00:00.000Z' }));
    nock(DUB_API).get('/webhooks/wh_1/events').reply(403, { error: { code: 'forbidden', message: 'Unauthorized: Need higher plan.' } });
    const removed = nock(DUB_API).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    const logs = captureLogs();
    try {
      expect(await runDub(unsubscribe, { authData: dubAuth, subscribeData: subscribed, targetUrl: TARGET_URL })).toEqual({ removed: ['wh_1'] });
    } finally {
      logs.restore();
    }
    expect(removed.isDone()).toBe(true);
    expect(logs.lines.join('\n')).toContain('Its delivery log could not be read, so whether Dub left events undelivered could not be checked; it was deleted');
  });

  it('with no stored id, removes the hook found by the Zap URL', async () => {
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_found' }), webhook({ id: 'wh_other', url: 'https://hooks.zapier.com/hooks/standard/123/other/' })]);
    nock(DUB_API).get('/webhooks/wh_found').reply(200, webhook({ id: 'wh_found' }));
    const removed = nock(DUB_API).delete('/webhooks/wh_found').reply(200, { id: 'wh_found' });
    expect(await runDub(unsubscribe, { authData: dubAuth, targetUrl: TARGET_URL })).toEqual({ removed: ['wh_found'] });
    expect(removed.isDone()).toBe(true);
  });

  it('with no stored id, leaves a hook Dub disabled at the Zap URL whose log holds undelivered events in Dub, as with a stored id', async () => {
    nock(DUB_API).get('/webhooks').reply(200, [webhook({ id: 'wh_found', disabledAt: '2026-11-20T08:00:00.000Z' })]);
    nock(DUB_API).get('/webhooks/wh_found').reply(200, webhook({ id: 'wh_found', disabledAt: '2026-11-20T08:00:00.000Z' }));
    nock(DUB_API)
      .get('/webhooks/wh_found/events')
      .reply(200, [
        { event_id: 'evt_a', event: 'sale.created', http_status: 500, request_body: { id: 'evt_a', event: 'sale.created', createdAt: '2026-11-20T07:58:00.000Z', data: {} }, response_body: '', timestamp: '2026-11-20T07:59:00.000Z' },
      ]);
    const deleted = nock(DUB_API).delete('/webhooks/wh_found').reply(200, { id: 'wh_found' });
    const logs = captureLogs();
    try {
      expect(await runDub(unsubscribe, { authData: dubAuth, targetUrl: TARGET_URL })).toEqual({ removed: [], kept: ['wh_found'] });
    } finally {
      logs.restore();
    }
    expect(deleted.isDone()).toBe(false);
    nock.cleanAll();
    expect(logs.lines.join('\n')).toContain('holds 1 event(s) Dub never delivered');
  });
});
