/**
 * The Dub registrar as the world around a hook shifts (issue 13, item 3): the receiver's URL moves, activations
 * overlap (in one process, and in two against a Dub whose one-hook-per-URL check is not atomic), a remove overlaps an
 * ensure, a name has emoji, Dub refuses payout.confirmed, and a receiver Dub's cloud cannot reach.
 */
import { useSandbox } from '../support/sandbox';
import { createDubClient, DUB_API_BASE_URL } from '../../shared/dub/client';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import { hookName, MAX_HOOK_NAME, type DubHookSpec } from '../../shared/dub/hook-spec';
import { createUndiciTransport } from '../../shared/transport/undici-transport';
import type { Transport } from '../../shared/transport/transport';
import { DUB_TOKEN_BUSINESS } from '../../sandbox';
import { apiFailure } from '../support/api-failure';
import { recordingPolicy } from '../support/recording-policy';

const sandbox = useSandbox();

const OLD_URL = 'https://old-tunnel.example.com/webhook/5b0c7f0e/webhook';
const NEW_URL = 'https://n8n.example.com/webhook/5b0c7f0e/webhook';
const sales: DubHookSpec = { url: NEW_URL, triggers: ['sale.created'], name: 'n8n: Sales' };

type RegistrarModule = typeof import('../../shared/dub/hook-registrar');

/** A registrar over the real client and transport; `module` stands for another process's copy of the code. */
function registrar(module: RegistrarModule = { dubHookRegistrar } as RegistrarModule) {
  const policy = recordingPolicy({ now: () => Date.now(), requestTimeoutMs: 5_000 });
  return module.dubHookRegistrar(createDubClient({ transport: createUndiciTransport(), token: DUB_TOKEN_BUSINESS, baseUrl: sandbox().dubBaseUrl, policy }));
}

/** The registrar module loaded a second time, with its own in-process queue: what another n8n process runs. */
function anotherProcess(): RegistrarModule {
  let module: RegistrarModule | undefined;
  jest.isolateModules(() => {
    module = jest.requireActual<RegistrarModule>('../../shared/dub/hook-registrar');
  });
  if (!module) throw new Error('could not load the registrar again');
  return module;
}

const calls = (): string[] => sandbox().dub.requests().map((request) => `${request.method} ${request.path} ${String(request.status)}`);

describe("a trigger's URL moved (n8n's public URL changed)", () => {
  it('the hook at the old URL is removed, and the new one registered: one hook, at the new URL', async () => {
    const { registration: before } = await registrar().ensure({ ...sales, url: OLD_URL });
    const { registration, outcome } = await registrar().ensure(sales, before);
    expect(outcome).toBe('created');
    expect(sandbox().dub.hooks().map((hook) => [hook.id, hook.url])).toEqual([[registration.id, NEW_URL]]);
  });

  it('a kept registration for the same URL removes nothing', async () => {
    const { registration: before } = await registrar().ensure(sales);
    const { registration, outcome } = await registrar().ensure(sales, before);
    expect(outcome).toBe('adopted');
    expect(registration).toEqual(before);
  });

  it('the old hook already gone is fine', async () => {
    const { registration: before } = await registrar().ensure({ ...sales, url: OLD_URL });
    sandbox().reset();
    await registrar().ensure(sales, before);
    expect(sandbox().dub.hooks().map((hook) => hook.url)).toEqual([NEW_URL]);
  });
});

describe('overlapping ensures for one URL end with one hook and one secret kept by every caller', () => {
  it('in one process: two at once (two clicks on Activate) meet Dub one after the other', async () => {
    // Armed, Dub would let two overlapping creates through; the queue means the second never overlaps.
    const overlapping = sandbox().dub.overlapCreates(2);
    const [first, second] = await Promise.all([registrar().ensure(sales), registrar().ensure(sales)]);
    await overlapping;
    expect(sandbox().dub.hooks()).toHaveLength(1);
    expect(second.registration).toEqual(first.registration);
    expect([first.outcome, second.outcome]).toEqual(['created', 'adopted']);
  });

  it('in two processes, against a Dub whose uniqueness check is not atomic: both creates succeed, the second hook is removed again', async () => {
    const overlapping = sandbox().dub.overlapCreates(2);
    const [first, second] = await Promise.all([registrar().ensure(sales), registrar(anotherProcess()).ensure(sales)]);
    await overlapping;
    const posts = calls().filter((line) => line.startsWith('POST /webhooks'));
    expect(posts).toEqual(['POST /webhooks 201', 'POST /webhooks 201']);
    const [kept] = sandbox().dub.hooks();
    expect(sandbox().dub.hooks()).toHaveLength(1);
    expect(first.registration).toEqual(second.registration);
    expect(first.registration).toMatchObject({ id: kept?.id, secret: kept?.secret });
  });

  it('without the check after the create, two hooks would be left (the same race, a registrar of the old kind)', async () => {
    // What the check guards against, shown with plain creates through the client: Dub keeps both.
    const overlapping = sandbox().dub.overlapCreates(2);
    const client = () => createDubClient({ transport: createUndiciTransport(), token: DUB_TOKEN_BUSINESS, baseUrl: sandbox().dubBaseUrl, policy: recordingPolicy({ now: () => Date.now() }) });
    await Promise.all([client().webhooks.create({ ...sales, name: 'n8n: Sales' }), client().webhooks.create({ ...sales, name: 'n8n: Sales' })]);
    await overlapping;
    expect(sandbox().dub.hooks()).toHaveLength(2);
  });
});

describe('a remove never deletes a hook it cannot prove is its own', () => {
  it('an ensure that overlaps a remove of the same URL does not adopt the hook being deleted', async () => {
    const { registration: old } = await registrar().ensure(sales);
    const [, again] = await Promise.all([registrar().remove({ id: old.id, url: NEW_URL }), registrar().ensure(sales)]);
    expect(again.outcome).toBe('created');
    expect(again.registration.id).not.toBe(old.id);
    expect(sandbox().dub.hooks().map((hook) => hook.id)).toEqual([again.registration.id]);
  });

  it('a kept id that is gone does not remove the hook a later registration made at the same URL', async () => {
    const { registration: old } = await registrar().ensure(sales);
    await registrar().remove({ id: old.id, url: NEW_URL });
    const { registration: later } = await registrar().ensure(sales);
    expect(await registrar().remove({ id: old.id, url: NEW_URL })).toEqual({ removed: [] });
    expect(sandbox().dub.hooks().map((hook) => hook.id)).toEqual([later.id]);
  });

  it('with no id kept, a hook at the URL is removed only when its name is ours', async () => {
    await registrar().ensure({ ...sales, name: 'Made by hand' });
    expect(await registrar().remove({ url: NEW_URL })).toEqual({ removed: [] });
    expect(sandbox().dub.hooks()).toHaveLength(1);
  });
});

describe("hook names fit Dub's 40 UTF-16 units", () => {
  const name = '🚀 Sales → Slack 🚀 and HubSpot and Notion too';

  it(`"${name}" registers`, async () => {
    expect(name.length).toBeGreaterThan(MAX_HOOK_NAME);
    await registrar().ensure({ ...sales, name: hookName(`n8n: ${name}`) });
    const [stored] = sandbox().dub.hooks();
    expect(stored?.name.length).toBeLessThanOrEqual(MAX_HOOK_NAME);
    expect(stored?.name).toBe('n8n: 🚀 Sales → Slack 🚀 and HubSpot and');
  });

  it('the name as given (no prefix) registers too', async () => {
    await registrar().ensure({ ...sales, name: name });
    expect(sandbox().dub.hooks()[0]?.name).toBe('🚀 Sales → Slack 🚀 and HubSpot and Noti');
  });

  it('never cuts a character in half: an emoji at the limit is left out whole', () => {
    const cut = hookName(`${'x'.repeat(39)}🚀`);
    expect(cut).toBe('x'.repeat(39));
    expect(hookName(`${'x'.repeat(38)}🚀 more`)).toBe(`${'x'.repeat(38)}🚀`);
    // A family emoji (several code points joined) stays whole or goes whole.
    const family = '👨‍👩‍👧';
    expect(hookName(`${'x'.repeat(35)}${family}`)).toBe('x'.repeat(35));
    for (const result of [cut, hookName(name.repeat(3))]) expect(result).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
  });
});

describe('payout.confirmed refused by Dub names the event and the way out', () => {
  const everything: DubHookSpec = { ...sales, triggers: ['sale.created', 'payout.confirmed'] };

  it.each([
    ['none', 'Program not found', /no partner program/],
    ['internal', "The 'payout.confirmed' trigger is not currently available for your workspace.", /pays out through Dub/],
  ] as const)('program payouts %s: no hook, and a message saying which event to drop or what to switch', async (programPayouts, said, why) => {
    sandbox().dub.setWorkspace({ programPayouts });
    const error = await apiFailure(registrar().ensure(everything));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toMatch(why);
    expect(error.message).toContain('Payout Confirmed (payout.confirmed)');
    expect(error.message).toContain('remove Payout Confirmed from the events');
    expect(error.message).toContain('switch the program to external payouts');
    expect(error.message).toContain(said);
    expect(sandbox().dub.hooks()).toEqual([]);
  });

  it('the same when an existing hook would be corrected to include it (the PATCH is refused), and the hook is left as it was', async () => {
    await registrar().ensure(sales);
    sandbox().dub.setWorkspace({ programPayouts: 'internal' });
    const error = await apiFailure(registrar().ensure(everything));
    expect(error.message).toContain('remove Payout Confirmed from the events');
    expect(sandbox().dub.hooks().map((hook) => hook.triggers)).toEqual([['sale.created']]);
  });
});

describe("a receiver URL Dub's cloud cannot reach", () => {
  /** A transport that records calls: none may be made for a refused URL. */
  function cloudRegistrar() {
    const sent: string[] = [];
    const transport: Transport = {
      async send(request) {
        sent.push(`${request.method} ${request.url}`);
        return { status: 201, headers: {}, body: JSON.stringify({ id: 'wh_1', name: 'n8n: x', url: request.body ? JSON.parse(request.body).url : '', secret: 'whsec_0123456789abcdef0123456789abcdef', triggers: ['sale.created'], linkScope: null, disabledAt: null, installationId: null }) };
      },
    };
    return { sent, registrar: dubHookRegistrar(createDubClient({ transport, token: 'dub_token', baseUrl: DUB_API_BASE_URL, policy: recordingPolicy() })) };
  }

  it.each([
    ['http://localhost:5678/webhook/x/webhook', /loopback/],
    ['http://127.0.0.1:5678/webhook/x/webhook', /loopback/],
    ['http://[::1]:5678/webhook/x/webhook', /loopback/],
    ['http://[::ffff:127.0.0.1]:5678/webhook/x/webhook', /loopback/],
    ['http://10.1.2.3/webhook/x', /private/],
    ['http://172.20.0.5:5678/webhook/x', /private/],
    ['http://192.168.1.20:5678/webhook/x', /private/],
    ['http://[fd00::5]/webhook/x', /private/],
    ['http://169.254.169.254/webhook/x', /link-local/],
    ['http://[fe80::1]/webhook/x', /link-local/],
    ['http://n8n.local:5678/webhook/x', /local-network name/],
    ['http://n8n:5678/webhook/x', /only this network knows/],
    ['ftp://files.example.com/webhook', /not http\(s\)/],
  ])('%s is refused before any call, naming the fix', async (url, why) => {
    const { sent, registrar: cloud } = cloudRegistrar();
    const error = await apiFailure(cloud.ensure({ url, triggers: ['sale.created'] }));
    expect(error.kind).toBe('invalid_request');
    expect(error.message).toMatch(why);
    expect(error.message).toContain('N8N_WEBHOOK_URL');
    expect(error.message).toContain('tunnel');
    expect(sent).toEqual([]);
  });

  it('a public URL goes on to Dub', async () => {
    const { sent, registrar: cloud } = cloudRegistrar();
    await cloud.ensure({ url: 'https://n8n.example.com/webhook/x/webhook', triggers: ['sale.created'] });
    expect(sent[0]).toBe(`POST ${DUB_API_BASE_URL}/webhooks`);
  });

  it('allowed where the credential points at another Dub (self-hosted; the sandbox is one)', async () => {
    const { registration } = await registrar().ensure({ ...sales, url: 'http://127.0.0.1:5678/webhook/x/webhook' });
    expect(sandbox().dub.hooks().map((hook) => hook.id)).toEqual([registration.id]);
  });
});

describe("a credential whose user lost the owner role", () => {
  it('loses webhooks.write, and the 403 says why and what to do', async () => {
    await registrar().ensure(sales);
    sandbox().dub.setWorkspace({ userRole: 'member' });
    const error = await apiFailure(registrar().ensure({ ...sales, url: OLD_URL }));
    expect(error.kind).toBe('missing_scope');
    expect(error.message).toContain('a key or an OAuth connection that worked before stops working when its user is no longer an owner');
  });
});
