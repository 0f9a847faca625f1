/**
 * A Zap turned on over a hook Dub disabled, against the sandbox playing Dub's delivery end to end (retries, the failure
 * count, disabling at 20, the delivery log): the events Dub could not deliver are kept, the user is told how many,
 * from when, and how to get them, and `linkhooks hooks replay` brings each into the Zap once, in creation order.
 */
import { createHmac } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { DUB_TOKEN_BUSINESS, type DubEnvelope } from '../../sandbox';
import { PARKED_HOOK_PARAM } from '../../shared';
import { cli } from '../cli/run-cli';
import { bearer, call, useReceivers, type ReceivedDelivery } from '../sandbox/helpers';
import { seedPayload } from '../support/fixtures';
import { useSandbox } from '../support/sandbox';
import { captureLogs, dubApp, expectPlatformChecks, hookOf, runDub, zapierRawRequest } from './support';

// Dub's schedule shortened: five attempts per event, so four refused events make 20 failed attempts.
const sandbox = useSandbox({ dubRetryDelaysMs: [1, 1, 1, 1] });
const receiver = useReceivers();
const savedEnv = { ...process.env };

beforeAll(() => {
  process.env.DUB_API_BASE_URL = sandbox().dubBaseUrl;
});
afterAll(() => {
  process.env = savedEnv;
});

const authData = { access_token: DUB_TOKEN_BUSINESS };
const newSale = hookOf(dubApp, 'sale_created');

/** A real sale.created payload (the seed), as the n-th event of the outage. */
function sale(n: number): DubEnvelope {
  const seed = seedPayload('dub-sale-created-001.json') as unknown as DubEnvelope;
  return { ...seed, id: `evt_zapturnon${String(n).padStart(13, '0')}`, createdAt: new Date(Date.UTC(2026, 11, 6, 9, n)).toISOString() };
}

interface Subscription {
  id: string;
  secret: string;
}

const subscribe = (targetUrl: string) => runDub(newSale.performSubscribe, { authData, targetUrl, inputData: {} }) as Promise<Subscription>;

/** A Zap whose first sale arrived, then Zapier's side refused four (20 failed attempts): Dub disabled its hook. */
async function zapWhoseHookDubDisabled() {
  let down = false;
  const hookUrl = await receiver(() => ({ status: down ? 500 : 200 }));
  const first = await subscribe(hookUrl.url);
  await sandbox().dub.deliver(sale(0));
  down = true;
  // Created out of order on purpose: the replay follows createdAt, not the order of the attempts.
  for (const n of [2, 1, 4, 3]) await sandbox().dub.deliver(sale(n));
  expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: first.id, disabledAt: expect.any(String) })]);
  down = false;
  return { hookUrl, first };
}

/** The request as Zapier hands it to perform. */
function asRawRequest(delivery: ReceivedDelivery) {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(delivery.headers as IncomingHttpHeaders)) {
    if (typeof value === 'string' && !['content-type', 'content-length', 'host', 'connection'].includes(name)) headers[name] = value;
  }
  return zapierRawRequest(delivery.body, headers);
}

async function undeliveredInLog(hookId: string): Promise<string[]> {
  const answer = await call(`${sandbox().dubBaseUrl}/webhooks/${hookId}/events`, { headers: bearer(DUB_TOKEN_BUSINESS) });
  expect(answer.status).toBe(200);
  const rows = answer.json as Array<{ http_status: number; request_body: { id: string } }>;
  const delivered = new Set(rows.filter((row) => row.http_status < 300).map((row) => row.request_body.id));
  return [...new Set(rows.filter((row) => row.http_status >= 300).map((row) => row.request_body.id))].filter((id) => !delivered.has(id));
}

describe('turning a Zap on over a hook Dub disabled, with events its log shows undelivered', () => {
  it('is refused once with the count, the window, the kept hook and the replay command; the hook is parked, not deleted, and its log stays readable', async () => {
    const { hookUrl, first } = await zapWhoseHookDubDisabled();

    const turnOn = subscribe(hookUrl.url);
    await expect(turnOn).rejects.toThrow(`holds 4 event(s) Dub never delivered, created from ${sale(1).createdAt} to ${sale(4).createdAt}`);
    await expect(turnOn).rejects.toThrow(`Dub disabled this webhook (${first.id})`);
    await expect(turnOn).rejects.toThrow(`\`linkhooks hooks replay --provider dub --id ${first.id}\``);
    await expect(turnOn).rejects.toThrow(/Turn the Zap on again: a new webhook is registered/);
    await expect(turnOn).rejects.toThrow(/events created since .* were never attempted, are in no log, and cannot be recovered/);
    const message = await turnOn.then(
      () => '',
      (error: Error) => error.message,
    );
    expect(message).not.toContain(first.secret);
    expect(message).not.toContain('whsec_');
    expect(message).not.toContain(hookUrl.url);

    // Kept, off the Zap's URL, still disabled (it receives nothing), and no new hook yet.
    const parked = `${hookUrl.url}?${PARKED_HOOK_PARAM}=${first.id}`;
    expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: first.id, url: parked, disabledAt: expect.any(String) })]);
    expect(await undeliveredInLog(first.id)).toEqual(expect.arrayContaining([1, 2, 3, 4].map((n) => sale(n).id)));
    expect(sandbox().dub.requests().filter((request) => request.method === 'DELETE')).toEqual([]);
  });

  it('turned on again, the Zap gets a new hook at its URL and the parked one stays; replay then runs each waiting event in the Zap once, oldest first', async () => {
    const { hookUrl, first } = await zapWhoseHookDubDisabled();
    await expect(subscribe(hookUrl.url)).rejects.toThrow(/never delivered/);

    const second = await subscribe(hookUrl.url);
    expect(second.id).not.toBe(first.id);
    expect(sandbox().dub.hooks().map((hook) => [hook.id, hook.url, Boolean(hook.disabledAt)])).toEqual(
      expect.arrayContaining([
        [second.id, hookUrl.url, false],
        [first.id, `${hookUrl.url}?${PARKED_HOOK_PARAM}=${first.id}`, true],
      ]),
    );
    expect(sandbox().dub.hooks()).toHaveLength(2);

    const before = hookUrl.received.length;
    const replayed = await cli(['hooks', 'replay', '--provider', 'dub', '--id', first.id, '--base-url', sandbox().dubBaseUrl], { env: { DUB_API_KEY: DUB_TOKEN_BUSINESS } });
    expect(replayed.code).toBe(0);
    const printed = JSON.parse(replayed.stdout) as { to: string; signedWith: string; toNote: string; sent: Array<{ id: string; status: number }> };
    expect(printed.to).toBe(hookUrl.url);
    expect(printed.toNote).toContain(`${first.id} is parked`);
    expect(printed.signedWith).toBe(`the secret of ${second.id}, the enabled hook Dub now has at the URL ${first.id} was parked from`);
    expect(printed.sent).toEqual([1, 2, 3, 4].map((n) => expect.objectContaining({ id: sale(n).id, status: 200 })));

    const resent = hookUrl.received.slice(before);
    expect(resent).toHaveLength(4);
    const items = [];
    for (const delivery of resent) {
      const emitted = await runDub(newSale.perform, { authData, subscribeData: second, rawRequest: asRawRequest(delivery) });
      expectPlatformChecks(emitted);
      items.push(...emitted);
    }
    expect(items.map((item) => item.id)).toEqual([1, 2, 3, 4].map((n) => sale(n).id));

    // Signed for the new hook only: the old subscription's secret does not verify them.
    const logs = captureLogs();
    try {
      const [firstResent] = resent;
      if (!firstResent) throw new Error('nothing was re-sent');
      expect(await runDub(newSale.perform, { authData, subscribeData: first, rawRequest: asRawRequest(firstResent) })).toEqual([]);
      expect(logs.lines.join('\n')).toContain('(bad_signature)');
    } finally {
      logs.restore();
    }
    expect(resent[0]?.headers['dub-signature']).toBe(createHmac('sha256', second.secret).update(resent[0]?.body ?? '').digest('hex'));
  });

  it('replay of a parked hook whose URL has no enabled hook yet sends nothing and says to turn the Zap on first', async () => {
    const { hookUrl, first } = await zapWhoseHookDubDisabled();
    await expect(subscribe(hookUrl.url)).rejects.toThrow(/never delivered/);
    const before = hookUrl.received.length;
    const replayed = await cli(['hooks', 'replay', '--provider', 'dub', '--id', first.id, '--base-url', sandbox().dubBaseUrl], { env: { DUB_API_KEY: DUB_TOKEN_BUSINESS } });
    expect(replayed.code).toBe(1);
    expect(replayed.stderr).toContain('Dub has no enabled webhook at the URL it was parked from');
    expect(replayed.stderr).toContain('Turn the Zap (or the n8n workflow) on again first');
    expect(hookUrl.received).toHaveLength(before);
  });
});

describe('turning a Zap off and on again while Dub has its hook disabled, with events waiting', () => {
  it('turning off leaves the hook in Dub with its log; turning on at the same hook URL then parks it and says what waits', async () => {
    const { hookUrl, first } = await zapWhoseHookDubDisabled();
    const logs = captureLogs();
    try {
      expect(await runDub(newSale.performUnsubscribe, { authData, subscribeData: first, targetUrl: hookUrl.url })).toEqual({ removed: [], kept: [first.id] });
    } finally {
      logs.restore();
    }
    expect(logs.lines.join('\n')).toContain(`holds 4 event(s) Dub never delivered, created from ${sale(1).createdAt} to ${sale(4).createdAt}. It was left in Dub`);
    expect(sandbox().dub.hooks()).toEqual([expect.objectContaining({ id: first.id, url: hookUrl.url, disabledAt: expect.any(String) })]);

    await expect(subscribe(hookUrl.url)).rejects.toThrow(`holds 4 event(s) Dub never delivered`);
    const second = await subscribe(hookUrl.url);
    expect(sandbox().dub.hooks().map((hook) => hook.id).sort()).toEqual([first.id, second.id].sort());
  });
});

describe('turning a Zap on over a hook Dub disabled with nothing waiting in its log', () => {
  it('replaces it as before (new hook, the dead one deleted), and says so in the Zap log', async () => {
    const hookUrl = await receiver();
    const first = await subscribe(hookUrl.url);
    sandbox().dub.disable(first.id);
    const logs = captureLogs();
    let second: Subscription;
    try {
      second = await subscribe(hookUrl.url);
    } finally {
      logs.restore();
    }
    expect(sandbox().dub.hooks().map((hook) => [hook.id, hook.disabledAt])).toEqual([[second.id, null]]);
    expect(logs.lines.join('\n')).toContain(`Dub had disabled the webhook ${first.id} at this URL`);
    expect(logs.lines.join('\n')).toContain('its log shows no event left undelivered, so it was replaced');
  });
});
