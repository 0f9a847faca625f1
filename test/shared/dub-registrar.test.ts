import nock from 'nock';
import { createDubClient } from '../../shared/dub/client';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import { selectionKey, type DubHookSpec } from '../../shared/dub/hook-spec';
import { apiFailure as failure } from '../support/api-failure';
import { fetchTransport } from '../support/fetch-transport';
import { recordingPolicy } from '../support/recording-policy';
import { useStrictNock } from '../support/strict-nock';

const BASE = 'https://api.dub.test';
const URL_ = 'https://hooks.example.com/1';
const OLD_SECRET = 'whsec_00112233445566778899aabbccddeeff';
const NEW_SECRET = 'whsec_ffeeddccbbaa99887766554433221100';

/** A webhook exactly as Dub's API shows it: no linkIds or folderIds (dub.md, WebhookSchema). */
const webhook = (overrides: Record<string, unknown> = {}) => ({
  id: 'wh_1',
  name: 'Zapier: New Sale',
  url: URL_,
  secret: OLD_SECRET,
  triggers: ['sale.created'],
  linkScope: null,
  disabledAt: null,
  installationId: null,
  ...overrides,
});
const conflict = { error: { code: 'conflict', message: 'A webhook with this URL already exists.' } };
const notFound = { error: { code: 'not_found', message: 'Webhook not found.' } };

const registrar = () => dubHookRegistrar(createDubClient({ transport: fetchTransport, token: 'dub_token', baseUrl: BASE, policy: recordingPolicy() }));

useStrictNock();

describe('Dub hook registrar: ensure', () => {
  const spec: DubHookSpec = { url: URL_, triggers: ['sale.created'] };

  it('creates the hook when the URL is new, and returns what the host keeps', async () => {
    nock(BASE).post('/webhooks').reply(201, webhook());
    expect(await registrar().ensure(spec)).toEqual({
      outcome: 'created',
      registration: { id: 'wh_1', secret: OLD_SECRET, url: URL_, selection: selectionKey(spec) },
    });
  });

  it('a retried subscribe (409) adopts the hook as it is when it already matches: no update, the same secret', async () => {
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_other', url: 'https://else.example.com' }), webhook({ id: 'wh_7' })]);
    expect(await registrar().ensure(spec)).toMatchObject({ outcome: 'adopted', registration: { id: 'wh_7', secret: OLD_SECRET } });
  });

  it('a hook at the URL with other events is corrected with PATCH (events only: never its name or URL), keeping its secret', async () => {
    let patched: Record<string, unknown> = {};
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_7', triggers: ['lead.created'] })]);
    nock(BASE)
      .patch('/webhooks/wh_7', (sent: Record<string, unknown>) => ((patched = sent), true))
      .reply(200, { ...webhook({ id: 'wh_7' }), secret: undefined });
    const { outcome, registration } = await registrar().ensure(spec);
    expect(patched).toEqual({ triggers: ['sale.created'] });
    expect(outcome).toBe('corrected');
    expect(registration.secret).toBe(OLD_SECRET);
  });

  it('adopting a links-scoped hook sends its linkIds again, since Dub cannot show them back', async () => {
    const linkSpec: DubHookSpec = { url: URL_, triggers: ['link.clicked'], scope: { kind: 'links', linkIds: ['link_a', 'link_b'] } };
    let patched: Record<string, unknown> = {};
    nock(BASE).post('/webhooks').reply(409, conflict);
    // Same events and scope as wanted: only the ids could differ, and Dub hides them.
    nock(BASE).get('/webhooks').reply(200, [webhook({ triggers: ['link.clicked'], linkScope: 'links' })]);
    nock(BASE)
      .patch('/webhooks/wh_1', (sent: Record<string, unknown>) => ((patched = sent), true))
      .reply(200, webhook({ triggers: ['link.clicked'], linkScope: 'links' }));
    expect((await registrar().ensure(linkSpec)).outcome).toBe('corrected');
    expect(patched).toEqual({ triggers: ['link.clicked'], linkScope: 'links', linkIds: ['link_a', 'link_b'] });
  });

  it('a hook Dub disabled is replaced (DELETE + POST): a new id and a new secret, the old one gone', async () => {
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_dead', disabledAt: '2026-11-20T10:00:00.000Z' })]);
    const deleted = nock(BASE).delete('/webhooks/wh_dead').reply(200, { id: 'wh_dead' });
    nock(BASE).post('/webhooks').reply(201, webhook({ id: 'wh_new', secret: NEW_SECRET }));
    expect(await registrar().ensure(spec)).toMatchObject({ outcome: 'replaced', registration: { id: 'wh_new', secret: NEW_SECRET } });
    expect(deleted.isDone()).toBe(true);
  });

  it('a create whose answer was lost is looked up, not repeated: the hook that came to exist is adopted', async () => {
    nock(BASE).post('/webhooks').replyWithError('socket hang up');
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_made' })]);
    expect(await registrar().ensure(spec)).toMatchObject({ outcome: 'adopted', registration: { id: 'wh_made' } });
  });

  it('a create that failed without a trace is reported, not retried', async () => {
    nock(BASE).post('/webhooks').replyWithError('socket hang up');
    nock(BASE).get('/webhooks').reply(200, []);
    expect((await failure(registrar().ensure(spec))).kind).toBe('network');
  });

  it('an answer without a secret is completed from Dub; a hook whose secret cannot be had is not left behind', async () => {
    nock(BASE).post('/webhooks').reply(201, { ...webhook(), secret: null });
    nock(BASE).get('/webhooks/wh_1').reply(200, { ...webhook(), secret: null });
    const removed = nock(BASE).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    expect((await failure(registrar().ensure(spec))).message).toMatch(/gave no signing secret.*it was removed again/);
    expect(removed.isDone()).toBe(true);
  });

  it('a hook found at the URL that another process deletes before it is adopted is created again, not reported as found', async () => {
    nock(BASE).post('/webhooks').reply(409, conflict);
    nock(BASE).get('/webhooks').reply(200, [webhook({ triggers: ['lead.created'] })]);
    nock(BASE).patch('/webhooks/wh_1').reply(404, notFound);
    nock(BASE).post('/webhooks').reply(201, webhook({ id: 'wh_2', secret: NEW_SECRET }));
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_2', secret: NEW_SECRET })]);
    expect(await registrar().ensure(spec)).toMatchObject({ outcome: 'created', registration: { id: 'wh_2', secret: NEW_SECRET } });
  });

  it('refuses an invalid spec before any call', async () => {
    const error = await failure(registrar().ensure({ url: URL_, triggers: ['link.clicked'], scope: { kind: 'folders', folderIds: [] } }));
    expect(error.kind).toBe('invalid_request');
  });
});

describe('Dub hook registrar: isCurrent (n8n asks it before create)', () => {
  const spec: DubHookSpec = { url: URL_, triggers: ['link.clicked'], scope: { kind: 'folders', folderIds: ['fold_1'] } };
  const kept = { id: 'wh_1', secret: OLD_SECRET, url: URL_, selection: selectionKey(spec) };
  const asShown = webhook({ triggers: ['link.clicked'], linkScope: 'folders' });

  it('true when Dub still has the kept hook, enabled, with the same events and scope', async () => {
    nock(BASE).get('/webhooks/wh_1').reply(200, asShown);
    expect(await registrar().isCurrent(spec, kept)).toBe(true);
  });

  it.each([
    ['the folders chosen changed since it was registered', { ...kept, selection: selectionKey({ ...spec, scope: { kind: 'folders', folderIds: ['fold_2'] } }) }],
    ['nothing was kept (an older version of the node, or a fresh copy)', {}],
  ])('false without asking Dub when %s', async (_case, keptNow) => {
    expect(await registrar().isCurrent(spec, keptNow)).toBe(false);
  });

  it.each([
    ['Dub disabled it', { ...asShown, disabledAt: '2026-11-20T10:00:00.000Z' }],
    ['its events were changed in the dashboard', { ...asShown, triggers: ['link.clicked', 'sale.created'] }],
  ])('false when %s', async (_case, shown) => {
    nock(BASE).get('/webhooks/wh_1').reply(200, shown);
    expect(await registrar().isCurrent(spec, kept)).toBe(false);
  });

  it('false when Dub no longer has it', async () => {
    nock(BASE).get('/webhooks/wh_1').reply(404, notFound);
    expect(await registrar().isCurrent(spec, kept)).toBe(false);
  });
});

describe('Dub hook registrar: remove', () => {
  it('by id; a second remove finds it gone and is still a success', async () => {
    nock(BASE).delete('/webhooks/wh_1').reply(200, { id: 'wh_1' });
    nock(BASE).delete('/webhooks/wh_1').reply(404, notFound);
    expect(await registrar().remove({ id: 'wh_1', url: URL_ })).toEqual({ removed: ['wh_1'] });
    expect(await registrar().remove({ id: 'wh_1', url: URL_ })).toEqual({ removed: [] });
  });

  it('with no id kept, the hook found by its URL', async () => {
    nock(BASE).get('/webhooks').reply(200, [webhook({ id: 'wh_other', url: 'https://else.example.com' }), webhook({ id: 'wh_9' })]);
    nock(BASE).delete('/webhooks/wh_9').reply(200, { id: 'wh_9' });
    expect(await registrar().remove({ url: URL_ })).toEqual({ removed: ['wh_9'] });
  });

  it('a real error still fails', async () => {
    nock(BASE).delete('/webhooks/wh_1').reply(401, { error: { code: 'unauthorized', message: 'Invalid token' } });
    expect((await failure(registrar().remove({ id: 'wh_1' }))).kind).toBe('unauthorized');
  });
});
