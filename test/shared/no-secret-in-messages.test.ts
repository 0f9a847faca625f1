/**
 * No secret in any message (issue 13, item 5): every error path of both services' clients and hook registrars is
 * driven with known secrets — Dub signing secrets, Linkly URL tokens (also the fresh ones a registrar mints), the API
 * keys — by a service that quotes back everything it was sent, in every way a call can fail, at every step of every
 * operation. No thrown text (message, details, stack), n8n error or console line may hold one.
 */
import { NodeApiError, NodeOperationError, type INode } from 'n8n-workflow';
import { ApiError, maskSecret, redactSecrets } from '../../shared/api/api-error';
import { DUB_CREDENTIAL } from '../../shared/dub/credential-forms';
import { createDubClient } from '../../shared/dub/client';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import { disabledHookToKeep, guardDisabledHook, keptAtRemovalMessage } from '../../shared/dub/disabled-hook-guard';
import { createLinklyClient } from '../../shared/linkly/client';
import { linklyHookRegistrar, type LinklyRegistration } from '../../shared/linkly/hook-registrar';
import { createLinklySamplingClient, type LinklySamplingClient } from '../../shared/linkly/sampling-client';
import { createDubSamplingClient, type DubSamplingClient } from '../../shared/dub/sampling-client';
import { URL_TOKEN_PARAM, withUrlToken } from '../../shared/delivery/url-token';
import type { HttpRequest, HttpResponse, Transport } from '../../shared/transport/transport';
import { toNodeError } from '../../n8n/common/node-error';
import { dubWebhookObject } from '../support/fixtures';
import { recordingPolicy } from '../support/recording-policy';

const DUB_SECRET = 'whsec_5f1c0d2e9a8b7c6d5e4f3a2b1c0d9e8f';
const OTHER_DUB_SECRET = 'whsec_00aa11bb22cc33dd44ee55ff66778899';
const LINKLY_TOKEN = 'kT3v9QpZr2Lx8WmYc4Nd7Hs1Jb6Fg0Ae';
const DUB_API_KEY = 'dub_secretApiKey0123456789abcdef';
const LINKLY_API_KEY = 'linkly_secretApiKey0123456789abcd';

const RECEIVER = 'https://n8n.example.com/webhook/5b0c7f0e/webhook';
const REGISTERED = withUrlToken(RECEIVER, LINKLY_TOKEN);

/** One way a call can fail. The service's own words quote the request back: path, query and body. */
type Failure = { status: number; body: (echo: string) => string; headers?: Record<string, string> } | { thrown: (echo: string) => Error };

const dubError = (code: string) => (echo: string) => JSON.stringify({ error: { code, message: `Could not process ${echo}` } });
const FAILURES: Record<string, Failure> = {
  'bad request': { status: 400, body: dubError('bad_request') },
  unauthorized: { status: 401, body: (echo) => `Not authorized: ${echo}` },
  'missing permission': { status: 403, body: (echo) => JSON.stringify({ error: { code: 'forbidden', message: `Having the 'webhooks.write' permission would allow ${echo}` } }) },
  forbidden: { status: 403, body: dubError('forbidden') },
  'not found': { status: 404, body: (echo) => `Not found: ${echo}` },
  conflict: { status: 409, body: dubError('conflict') },
  unprocessable: { status: 422, body: dubError('unprocessable_entity') },
  'rate limited': { status: 429, body: dubError('rate_limit_exceeded'), headers: { 'retry-after': '3600' } },
  'server error': { status: 500, body: (echo) => `<html>Internal error while handling ${echo}</html>` },
  teapot: { status: 418, body: dubError('teapot') },
  'not JSON': { status: 200, body: (echo) => `<html>${echo}</html>` },
  'unexpected shape': { status: 200, body: (echo) => JSON.stringify({ webhooks: echo, id: [echo], secret: 42 }) },
  'network error': { thrown: (echo) => new Error(`request to ${echo} failed, reason: connect ECONNREFUSED`) },
  timeout: { thrown: (echo) => new Error(`The operation was aborted due to timeout: ${echo}`) },
};

/** Every secret the run has seen: the known ones, and each token a registrar minted (read from what it sent). */
const secrets = new Set([DUB_SECRET, OTHER_DUB_SECRET, LINKLY_TOKEN, DUB_API_KEY, LINKLY_API_KEY]);

function learnTokens(text: string): void {
  for (const match of text.matchAll(new RegExp(`${URL_TOKEN_PARAM}(?:=|%3D)([A-Za-z0-9_-]+)`, 'g'))) {
    if (match[1]) secrets.add(match[1]);
  }
}

/** A service answering normally (`answer`) until request number `failAt`, which fails as `failure` says. */
function scriptedTransport(answer: (request: HttpRequest) => HttpResponse, failAt: number, failure: Failure): Transport & { count: number; quotedSecret: boolean } {
  const transport = {
    count: 0,
    quotedSecret: false,
    async send(request: HttpRequest): Promise<HttpResponse> {
      const index = transport.count;
      transport.count += 1;
      // Headers too: an API key travels in them, and a careless service or proxy quotes them back.
      const echo = `${request.method} ${request.url} ${JSON.stringify(request.headers)} ${request.body ?? ''}`;
      learnTokens(echo);
      if (index !== failAt) return answer(request);
      // The failure quotes the request and, for good measure, a signing secret: the scan must find it masked.
      const quoted = `${echo} (hook secret ${DUB_SECRET})`;
      transport.quotedSecret = [...secrets].some((secret) => quoted.includes(secret));
      if ('thrown' in failure) throw failure.thrown(quoted);
      return { status: failure.status, headers: failure.headers ?? {}, body: failure.body(quoted) };
    },
  };
  return transport;
}

const json = (status: number, value: unknown): HttpResponse => ({ status, headers: {}, body: JSON.stringify(value) });

const dubHook = (overrides: Record<string, unknown> = {}) => dubWebhookObject({ name: 'n8n: Sales', url: RECEIVER, secret: DUB_SECRET, ...overrides });

/** Dub worlds: what the normal answers are, so that each operation walks a different path before failing. */
const DUB_WORLDS: Record<string, (request: HttpRequest) => HttpResponse> = {
  'no hook yet': (request) => (request.method === 'POST' ? json(201, dubHook()) : request.method === 'GET' && request.url.endsWith('/webhooks') ? json(200, [dubHook()]) : json(200, dubHook())),
  'a hook with other events (adopt, correct)': (request) =>
    request.method === 'POST'
      ? json(409, { error: { code: 'conflict', message: 'exists' } })
      : request.url.endsWith('/webhooks')
        ? json(200, [dubHook({ triggers: ['lead.created'] })])
        : json(200, dubHook({ secret: null })),
  'a disabled hook (replace)': (request) =>
    request.method === 'POST' && !request.url.includes('wh_')
      ? json(201, dubHook({ id: 'wh_2', secret: OTHER_DUB_SECRET }))
      : request.url.endsWith('/webhooks')
        ? json(200, [dubHook({ disabledAt: '2026-12-01T00:00:00.000Z' })])
        : json(200, { id: 'wh_1' }),
  'two hooks at the URL (a race)': (request) =>
    request.method === 'POST' ? json(201, dubHook({ id: 'wh_2', secret: OTHER_DUB_SECRET })) : request.url.endsWith('/webhooks') ? json(200, [dubHook({ id: 'wh_2', secret: OTHER_DUB_SECRET }), dubHook()]) : json(200, dubHook()),
};

const LINKLY_WORLD = (request: HttpRequest): HttpResponse =>
  request.method === 'GET' ? json(200, { webhooks: [REGISTERED, withUrlToken('https://else.example.com/x', LINKLY_TOKEN)] }) : request.method === 'POST' ? json(201, { id: 77 }) : json(200, { deleted: true });

const policy = () => recordingPolicy({ maxAttempts: 1 });

/** Every function of Dub's client, by its path in the client; the coverage test holds the client to this list. */
const DUB_CLIENT_CALLS: Record<string, (client: DubSamplingClient) => Promise<unknown>> = {
  'webhooks.list': (client) => client.webhooks.list(),
  'webhooks.get': (client) => client.webhooks.get('wh_1'),
  'webhooks.create': (client) => client.webhooks.create({ name: 'n8n: Sales', url: RECEIVER, triggers: ['sale.created'] }),
  'webhooks.update': (client) => client.webhooks.update('wh_1', { triggers: ['sale.created'] }),
  'webhooks.remove': (client) => client.webhooks.remove('wh_1'),
  'webhooks.deliveryLog': (client) => client.webhooks.deliveryLog('wh_1'),
  payouts: (client) => client.payouts({ partnerId: 'pn_1', invoiceId: REGISTERED }),
  links: (client) => client.links({ search: REGISTERED }),
  folders: (client) => client.folders({ search: REGISTERED }),
  events: (client) => client.events({ event: 'sales', linkId: 'link_1' }),
  list: (client) => client.list('/payouts', { search: REGISTERED }),
  userInfo: (client) => client.userInfo(),
};

const DUB_OPERATIONS: Record<string, (transport: Transport) => Promise<unknown>> = {
  ensure: (transport) => dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).ensure({ url: RECEIVER, triggers: ['sale.created'], name: 'n8n: Sales' }),
  'ensure after a move': (transport) =>
    dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).ensure(
      { url: RECEIVER, triggers: ['sale.created'] },
      { id: 'wh_old', url: 'https://old.example.com/webhook', secret: OTHER_DUB_SECRET },
    ),
  isCurrent: (transport) =>
    dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).isCurrent({ url: RECEIVER, triggers: ['sale.created'] }, { id: 'wh_1', secret: DUB_SECRET, url: RECEIVER, selection: 'x' }),
  'remove by id': (transport) => dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).remove({ id: 'wh_1', url: RECEIVER }),
  'remove by URL': (transport) => dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).remove({ url: RECEIVER }),
  registeredAt: (transport) => dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).registeredAt(RECEIVER),
  keptState: (transport) =>
    dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).keptState({ url: RECEIVER, triggers: ['sale.created'] }, { id: 'wh_1', secret: DUB_SECRET, url: RECEIVER, selection: 'x' }),
  park: (transport) => dubHookRegistrar(createDubClient({ transport, token: DUB_API_KEY, policy: policy() })).park('wh_1', RECEIVER),
  // What a Zap's turn-on and turn-off say about a hook Dub disabled (thrown, or written to the Zap log).
  'ensure guarding a disabled hook': (transport) => {
    const client = createDubClient({ transport, token: DUB_API_KEY, policy: policy() });
    return dubHookRegistrar(client).ensure({ url: RECEIVER, triggers: ['sale.created'] }, undefined, {
      beforeReplacingDisabled: async (hook, park) => console.log((await guardDisabledHook(client, hook, park, 'Turn the Zap on again')).note),
    });
  },
  disabledHookToKeep: async (transport) => {
    const { waiting, note } = await disabledHookToKeep(createDubClient({ transport, token: DUB_API_KEY, policy: policy() }), 'wh_1');
    console.log(note ?? '', waiting ? keptAtRemovalMessage(waiting, 'Turning the Zap on again') : '');
  },
  ...Object.fromEntries(
    Object.entries(DUB_CLIENT_CALLS).map(([name, run]) => [`client ${name}`, (transport: Transport) => run(createDubSamplingClient({ transport, token: DUB_API_KEY, policy: policy() }))]),
  ),
};

/** Every function of Linkly's clients (the sampling client holds the other's), by its path in the client. */
const LINKLY_CLIENT_CALLS: Record<string, (client: LinklySamplingClient) => Promise<unknown>> = {
  'webhooks.list': (client) => client.webhooks.list({ linkId: 101 }),
  'webhooks.create': (client) => client.webhooks.create(REGISTERED),
  'webhooks.remove': (client) => client.webhooks.remove(REGISTERED, { linkId: 101 }),
  workspaces: (client) => client.workspaces(),
  links: (client) => client.links(),
  clicks: (client) => client.clicks({ linkId: 101 }),
};

const previous: LinklyRegistration = { id: REGISTERED, url: REGISTERED, token: LINKLY_TOKEN };
const linkly = (transport: Transport) =>
  linklyHookRegistrar(createLinklyClient({ transport, apiKey: LINKLY_API_KEY, workspaceId: '1', policy: policy() }));
const LINKLY_OPERATIONS: Record<string, (transport: Transport) => Promise<unknown>> = {
  'ensure (replacing the previous hook)': (transport) => linkly(transport).ensure({ receiverUrl: RECEIVER, target: {} }, previous),
  'ensure on a link': (transport) => linkly(transport).ensure({ receiverUrl: RECEIVER, target: { linkId: 101 } }),
  isCurrent: (transport) => linkly(transport).isCurrent({ receiverUrl: RECEIVER, target: {} }, previous),
  'remove by registered URL': (transport) => linkly(transport).remove({ id: REGISTERED, url: REGISTERED, target: {} }),
  'remove by receiver': (transport) => linkly(transport).remove({ receiverUrl: RECEIVER, target: { linkId: 101 } }),
  registeredFor: (transport) => linkly(transport).registeredFor({ receiverUrl: RECEIVER, target: {} }),
  'registeredFor on a link': (transport) => linkly(transport).registeredFor({ receiverUrl: RECEIVER, target: { linkId: 101 } }),
  ...Object.fromEntries(
    Object.entries(LINKLY_CLIENT_CALLS).map(([name, run]) => [
      `client ${name}`,
      (transport: Transport) => run(createLinklySamplingClient({ transport, apiKey: LINKLY_API_KEY, workspaceId: '1', policy: policy() })),
    ]),
  ),
};

const NODE: INode = { id: 'n1', name: 'Dub Trigger', type: 'CUSTOM.dubTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/** Everything a failure puts in front of a person: the thrown error whole, and what n8n makes of it. */
function textsOf(error: unknown): string[] {
  if (!(error instanceof Error)) return [String(error)];
  const texts = [error.message, String(error), error.stack ?? ''];
  if (error instanceof ApiError) texts.push(JSON.stringify(error.details));
  const nodeError = toNodeError(NODE, error);
  texts.push(nodeError.message, nodeError.description ?? '', JSON.stringify(nodeError instanceof NodeApiError || nodeError instanceof NodeOperationError ? nodeError.context : {}));
  return texts;
}

interface Run {
  where: string;
  texts: string[];
  failed: boolean;
  quotedSecret: boolean;
}

async function runEverything(): Promise<Run[]> {
  const runs: Run[] = [];
  const logged: string[] = [];
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logged.push(args.map(String).join(' '));
    }),
  );
  const cases: Array<[string, (request: HttpRequest) => HttpResponse, (transport: Transport) => Promise<unknown>]> = [
    ...Object.entries(DUB_WORLDS).flatMap(([world, answer]) =>
      Object.entries(DUB_OPERATIONS).map(([name, operation]): [string, typeof answer, typeof operation] => [`Dub ${name} (${world})`, answer, operation]),
    ),
    ...Object.entries(LINKLY_OPERATIONS).map(([name, operation]): [string, typeof LINKLY_WORLD, typeof operation] => [`Linkly ${name}`, LINKLY_WORLD, operation]),
  ];
  try {
    for (const [where, answer, operation] of cases) {
      // Fail each request of the operation in turn, in each way, until the operation makes no more requests.
      for (let failAt = 0; failAt < 12; failAt += 1) {
        let reached = false;
        for (const [kind, failure] of Object.entries(FAILURES)) {
          const transport = scriptedTransport(answer, failAt, failure);
          logged.length = 0;
          let texts: string[] = [];
          let failed = false;
          try {
            await operation(transport);
          } catch (error) {
            failed = true;
            texts = textsOf(error);
          }
          reached ||= transport.count > failAt;
          runs.push({ where: `${where}, request ${failAt + 1} ${kind}`, texts: [...texts, ...logged], failed, quotedSecret: transport.quotedSecret });
        }
        if (!reached) break;
      }
    }
  } finally {
    spies.forEach((spy) => spy.mockRestore());
  }
  return runs;
}

describe('no secret in any message', () => {
  let runs: Run[] = [];
  beforeAll(async () => {
    runs = await runEverything();
  });

  it('the run drives the failures it claims to: many paths, each failing with a service that quoted a secret', () => {
    const quotedAndFailed = runs.filter((run) => run.failed && run.quotedSecret);
    expect(quotedAndFailed.length).toBeGreaterThan(300);
    // Every operation of several steps failed past its first request too (adopt, replace, the check after a create, …).
    const deep = (where: string): boolean => runs.some((run) => run.where.startsWith(where) && / request [2-9] /.test(run.where) && run.failed);
    const severalSteps = ['Dub ensure (', 'Dub ensure after a move', 'Dub remove by URL', 'Linkly ensure (', 'Linkly ensure on a link', 'Linkly remove by'];
    expect(severalSteps.filter((where) => !deep(where))).toEqual([]);
    // And in the Dub worlds, as deep as a replace goes: delete, create, the check after it.
    expect(deep('Dub ensure (a disabled hook')).toBe(true);
    expect(runs.some((run) => run.where.startsWith('Dub ensure (a disabled hook') && / request 4 /.test(run.where) && run.failed)).toBe(true);
  });

  it('drives every function of both clients and both registrars, the hook lookups among them', () => {
    const transport: Transport = { send: async () => json(200, {}) };
    const functionsOf = (object: object, prefix = ''): string[] =>
      Object.entries(object).flatMap(([name, value]) =>
        typeof value === 'function' ? [`${prefix}${name}`] : value !== null && typeof value === 'object' ? functionsOf(value as object, `${prefix}${name}.`) : [],
      );
    const dubClient = createDubSamplingClient({ transport, token: DUB_API_KEY, policy: policy() });
    const linklyClient = createLinklySamplingClient({ transport, apiKey: LINKLY_API_KEY, workspaceId: '1', policy: policy() });
    expect(functionsOf(dubClient).filter((name) => !(name in DUB_CLIENT_CALLS))).toEqual([]);
    expect(functionsOf(linklyClient).filter((name) => !(name in LINKLY_CLIENT_CALLS))).toEqual([]);
    // Driven: run with every failure (isCurrent answers false rather than throwing, so only the others must fail).
    const driven = (service: string, name: string) => runs.some((run) => run.where.startsWith(`${service} ${name}`) && (run.failed || name === 'isCurrent'));
    expect(functionsOf(dubHookRegistrar(dubClient)).filter((name) => !driven('Dub', name))).toEqual([]);
    expect(functionsOf(linklyHookRegistrar(linklyClient)).filter((name) => !driven('Linkly', name))).toEqual([]);
    expect([...Object.keys(DUB_CLIENT_CALLS).filter((name) => !driven('Dub', `client ${name}`)), ...Object.keys(LINKLY_CLIENT_CALLS).filter((name) => !driven('Linkly', `client ${name}`))]).toEqual([]);
  });

  it('no thrown text, n8n error or log line holds a Dub signing secret, a Linkly URL token or an API key', () => {
    const leaks = runs.flatMap((run) =>
      run.texts.flatMap((text) => [...secrets].filter((secret) => text.includes(secret)).map((secret) => `${run.where}: ${secret.slice(0, 8)}… in "${text.slice(0, 160)}"`)),
    );
    expect(leaks).toEqual([]);
  });

  it("as in n8n, where the host's HTTP helper adds the credential (the client never sees it): still nothing shown", async () => {
    const added = { dub: { authorization: `Bearer ${DUB_API_KEY}` }, linkly: { authorization: `Bearer ${LINKLY_API_KEY}`, 'x-api-key': LINKLY_API_KEY } };
    const leaks: string[] = [];
    let failures = 0;
    for (const [kind, failure] of Object.entries(FAILURES)) {
      for (const provider of ['dub', 'linkly'] as const) {
        const scripted = scriptedTransport(provider === 'dub' ? DUB_WORLDS['no hook yet']! : LINKLY_WORLD, 0, failure);
        const transport: Transport = { send: (request) => scripted.send({ ...request, headers: { ...request.headers, ...added[provider] } }) };
        const lookup =
          provider === 'dub'
            ? dubHookRegistrar(createDubClient({ transport, policy: policy() })).registeredAt(RECEIVER)
            : linklyHookRegistrar(createLinklyClient({ transport, workspaceId: '1', policy: policy() })).registeredFor({ receiverUrl: RECEIVER, target: {} });
        try {
          await lookup;
        } catch (error) {
          failures += 1;
          for (const text of textsOf(error)) for (const secret of [DUB_API_KEY, LINKLY_API_KEY]) if (text.includes(secret)) leaks.push(`${provider} ${kind}: ${text.slice(0, 160)}`);
        }
      }
    }
    expect(failures).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });

  it('masks API keys, OAuth tokens and client secrets by form and by field name, and known values of any form', () => {
    const refresh = 'a3f9'.repeat(20);
    expect(redactSecrets(`Authorization: Bearer ${LINKLY_API_KEY}; x-api-key: ${LINKLY_API_KEY}`)).not.toContain(LINKLY_API_KEY);
    expect(redactSecrets(`{"refresh_token":"${refresh}","client_secret":"s3cr3t-value"}`)).toBe('{"refresh_token":"…a3f9","client_secret":"…alue"}');
    expect(redactSecrets(`grant_type=refresh_token&refresh_token=${refresh}&client_id=app`)).toBe('grant_type=refresh_token&refresh_token=…a3f9&client_id=app');
    expect(redactSecrets(`key ${DUB_API_KEY} and dub_access_token_${refresh}`, { patterns: [DUB_CREDENTIAL] })).toBe(`key …${DUB_API_KEY.slice(-4)} and …a3f9`);
    expect(redactSecrets(`bare ${LINKLY_API_KEY}`, { values: [LINKLY_API_KEY] })).toBe(`bare …${LINKLY_API_KEY.slice(-4)}`);
    // What is no secret stays readable: ids, event names, the word of a grant type.
    expect(redactSecrets('evt_1JX3ZK0000000000000000 wh_1 sale.created refresh_token expired')).toBe('evt_1JX3ZK0000000000000000 wh_1 sale.created refresh_token expired');
  });

  it('what it shows instead is the mask the CLI lists: the prefix and the last four characters', () => {
    expect(redactSecrets(`saw ${DUB_SECRET} at ${REGISTERED}`)).toBe(`saw whsec_…${DUB_SECRET.slice(-4)} at ${RECEIVER}?${URL_TOKEN_PARAM}=…${LINKLY_TOKEN.slice(-4)}`);
    expect(redactSecrets(`DELETE /webhooks/${encodeURIComponent(REGISTERED)}`)).toContain(`${URL_TOKEN_PARAM}%3D…${LINKLY_TOKEN.slice(-4)}`);
    expect(maskSecret(DUB_SECRET)).toBe(`whsec_…${DUB_SECRET.slice(-4)}`);
  });
});
