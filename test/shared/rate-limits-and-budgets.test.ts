import nock from 'nock';
import { rateLimitWaitMs } from '../../shared/api/rate-limit';
import { createDubClient } from '../../shared/dub/client';
import { dubHookRegistrar } from '../../shared/dub/hook-registrar';
import type { HttpRequest, Transport } from '../../shared/transport/transport';
import { zapierRetryPolicy } from '../../zapier/common/retry-policy';
import { apiFailure as failure } from '../support/api-failure';
import { fetchTransport } from '../support/fetch-transport';
import { recordingPolicy, type RecordingPolicy } from '../support/recording-policy';
import { useStrictNock } from '../support/strict-nock';

const now = Date.UTC(2026, 10, 22, 12, 0, 0);
const BASE = 'https://api.dub.test';
const tooMany = { error: { code: 'rate_limit_exceeded', message: 'Too many requests.', doc_url: 'https://dub.co/docs/api-reference/errors#rate-limit-exceeded' } };

/** What Dub really sends (dub.md): both headers hold the reset moment in epoch milliseconds, on every answer. */
const dubHeaders = (resetAt: number) => ({
  'Retry-After': String(resetAt),
  'X-RateLimit-Limit': '1200',
  'X-RateLimit-Remaining': '0',
  'X-RateLimit-Reset': String(resetAt),
});

describe('reading a wait from Retry-After and X-RateLimit-Reset, in every form, in either header', () => {
  it.each([
    ["Dub's own answer: both headers the reset in epoch milliseconds", { 'retry-after': String(now + 12_000), 'x-ratelimit-reset': String(now + 12_000) }, 12_000],
    ['Retry-After in seconds to wait', { 'retry-after': '30' }, 30_000],
    ['Retry-After as an HTTP date', { 'retry-after': new Date(now + 90_000).toUTCString() }, 90_000],
    ['Retry-After in epoch milliseconds', { 'retry-after': String(now + 5_000) }, 5_000],
    ['Retry-After in epoch seconds', { 'retry-after': String((now + 8_000) / 1000) }, 8_000],
    ['X-RateLimit-Reset in epoch milliseconds', { 'x-ratelimit-reset': String(now + 12_000) }, 12_000],
    ['X-RateLimit-Reset in epoch seconds (what Dub documents)', { 'x-ratelimit-reset': String((now + 12_000) / 1000) }, 12_000],
    ['X-RateLimit-Reset as seconds to wait', { 'x-ratelimit-reset': '45' }, 45_000],
    ['X-RateLimit-Reset as an HTTP date', { 'x-ratelimit-reset': new Date(now + 20_000).toUTCString() }, 20_000],
    ['Retry-After: 0', { 'retry-after': '0' }, 0],
    ['a reset already past', { 'x-ratelimit-reset': String(now - 5_000) }, 0],
    ['both, disagreeing: the longer', { 'retry-after': '1', 'x-ratelimit-reset': String(now + 4_000) }, 4_000],
  ])('%s', (_case, headers, expected) => {
    expect(rateLimitWaitMs(headers, now)).toBe(expected);
  });

  it("a reset read by the server's clock: Dub 45 s behind us, its reset 6 s ahead by its own Date header, is a 6 s wait", () => {
    const dubNow = now - 45_000;
    const headers = { date: new Date(dubNow).toUTCString(), 'retry-after': String(dubNow + 6_000), 'x-ratelimit-reset': String(dubNow + 6_000) };
    expect(rateLimitWaitMs(headers, now)).toBe(6_000);
    // An HTTP-date Retry-After is the server's clock too; seconds-to-wait need no clock.
    expect(rateLimitWaitMs({ date: new Date(dubNow).toUTCString(), 'retry-after': new Date(dubNow + 20_000).toUTCString() }, now)).toBe(20_000);
    expect(rateLimitWaitMs({ date: new Date(dubNow).toUTCString(), 'retry-after': '30' }, now)).toBe(30_000);
    // A Date header that does not read leaves our clock.
    expect(rateLimitWaitMs({ date: 'yesterday', 'retry-after': String(now + 6_000) }, now)).toBe(6_000);
  });

  it.each([
    ['Retry-After sent twice: "30, 30"', { 'retry-after': '30, 30' }, 30_000],
    ['Retry-After sent twice, disagreeing: the longer', { 'retry-after': '5, 30' }, 30_000],
    ['X-RateLimit-Reset sent twice in epoch milliseconds', { 'x-ratelimit-reset': `${now + 9_000}, ${now + 9_000}` }, 9_000],
    ['Retry-After sent twice as HTTP dates', { 'retry-after': `${new Date(now + 40_000).toUTCString()}, ${new Date(now + 40_000).toUTCString()}` }, 40_000],
  ])('a repeated header is read: %s', (_case, headers, expected) => {
    expect(rateLimitWaitMs(headers, now)).toBe(expected);
  });

  it('an absurd header is capped at a day, never 1e297 seconds', () => {
    expect(rateLimitWaitMs({ 'retry-after': '1e300' }, now)).toBe(24 * 60 * 60 * 1000);
    expect(rateLimitWaitMs({ 'retry-after': '999999999999' }, now)).toBeLessThanOrEqual(24 * 60 * 60 * 1000);
  });

  it('no usable header: unknown', () => {
    expect(rateLimitWaitMs({ 'retry-after': 'soon', 'x-ratelimit-reset': '' }, now)).toBeUndefined();
    expect(rateLimitWaitMs({}, now)).toBeUndefined();
  });
});

describe('a 429 where the host lets the client wait (CLI, n8n)', () => {
  useStrictNock();
  const dub = (policy: RecordingPolicy) => createDubClient({ transport: fetchTransport, token: 'dub_token', baseUrl: BASE, policy });

  it("waits as long as Dub's real headers say, once, then goes on", async () => {
    const policy = recordingPolicy();
    nock(BASE).get('/webhooks').reply(429, tooMany, dubHeaders(policy.now() + 7_000));
    nock(BASE).get('/webhooks').reply(200, []);
    expect(await dub(policy).webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([7_000]);
  });

  it.each([
    ['Retry-After: 0', () => ({ 'Retry-After': '0' })],
    ['a reset already past', (at: number) => dubHeaders(at - 30_000)],
  ])('%s: waits the floor each time, makes a bounded number of calls, then says how long to wait', async (_case, headers) => {
    const policy = recordingPolicy();
    const calls = nock(BASE).get('/webhooks').times(4).reply(429, tooMany, headers(policy.now()));
    const error = await failure(dub(policy).webhooks.list());
    expect(calls.isDone()).toBe(true);
    expect(policy.slept).toEqual([1_000, 1_000, 1_000]);
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1_000 });
    expect(error.message).toBe("Dub's rate limit is reached; nothing was changed. Try again in 1 second.");
  });

  it("Dub's clock 45 s behind ours, a reset 6 s ahead by Dub's Date: waits 6 s once, then goes on", async () => {
    const policy = recordingPolicy();
    const dubNow = policy.now() - 45_000;
    nock(BASE).get('/webhooks').reply(429, tooMany, { ...dubHeaders(dubNow + 6_000), Date: new Date(dubNow).toUTCString() });
    nock(BASE).get('/webhooks').reply(200, []);
    expect(await dub(policy).webhooks.list()).toEqual([]);
    expect(policy.slept).toEqual([6_000]);
  });

  it('a repeated Retry-After ("30, 30") is a 30 s wait, not the 10 s default', async () => {
    const policy = recordingPolicy();
    nock(BASE).get('/webhooks').reply(429, tooMany, { 'Retry-After': '30, 30' });
    nock(BASE).get('/webhooks').reply(200, []);
    await dub(policy).webhooks.list();
    expect(policy.slept).toEqual([30_000]);
  });

  it('a wait longer than the bound is not slept on: it fails at once with the real wait', async () => {
    const policy = recordingPolicy({ maxRateLimitWaitMs: 60_000 });
    nock(BASE).post('/webhooks').reply(429, tooMany, dubHeaders(policy.now() + 95_000));
    const error = await failure(dubHookRegistrar(dub(policy)).ensure({ url: 'https://hooks.example.com/1', triggers: ['sale.created'] }));
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 95_000 });
    expect(error.message).toBe("Dub's rate limit is reached; nothing was changed. Try again in 95 seconds.");
    expect(policy.slept).toEqual([]);
  });

  it('a wait that would outlast the time budget is not slept on either', async () => {
    const policy = recordingPolicy({ budgetMs: 30_000 });
    nock(BASE).get('/webhooks').reply(429, tooMany, dubHeaders(policy.now() + 45_000));
    const error = await failure(dub(policy).webhooks.list());
    expect(error.retryAfterMs).toBe(45_000);
    expect(policy.slept).toEqual([]);
  });
});

describe('a 429 where the host waits itself (Zapier)', () => {
  useStrictNock();

  it.each([
    ['Retry-After: 1e300', { 'Retry-After': '1e300' }],
    ['a reset a day away', { 'Retry-After': String(now + 86_400_000) }],
  ])("%s: the wait reported to Zapier is at most the 300 s Zapier honours", async (_case, headers) => {
    const policy = recordingPolicy(zapierRetryPolicy);
    nock(BASE).get('/webhooks').reply(429, tooMany, headers);
    const error = await failure(createDubClient({ transport: fetchTransport, token: 't', baseUrl: BASE, policy }).webhooks.list());
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 300_000 });
    expect(error.message).toBe("Dub's rate limit is reached; nothing was changed. Try again in 5 minutes.");
  });

  it("Dub's clock 45 s behind: the reset 6 s ahead by Dub's Date is reported as 6 s, not as past", async () => {
    const policy = recordingPolicy(zapierRetryPolicy);
    const dubNow = policy.now() - 45_000;
    nock(BASE).get('/webhooks').reply(429, tooMany, { ...dubHeaders(dubNow + 6_000), Date: new Date(dubNow).toUTCString() });
    const error = await failure(createDubClient({ transport: fetchTransport, token: 't', baseUrl: BASE, policy }).webhooks.list());
    expect(error.retryAfterMs).toBe(6_000);
  });

  it('fails at once with the real wait: never sleeps, one call', async () => {
    const policy = recordingPolicy(zapierRetryPolicy);
    nock(BASE).get('/webhooks').reply(429, tooMany, dubHeaders(policy.now() + 42_000));
    const error = await failure(createDubClient({ transport: fetchTransport, token: 't', baseUrl: BASE, policy }).webhooks.list());
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 42_000 });
    expect(policy.slept).toEqual([]);
  });
});

/** A server that never answers, on the policy's fake clock: each request uses up exactly the time it was given. */
function silentServer(policy: RecordingPolicy): Transport & { requests: HttpRequest[] } {
  const requests: HttpRequest[] = [];
  return {
    requests,
    async send(request) {
      requests.push(request);
      policy.advance(request.timeoutMs);
      throw new Error('This operation was aborted');
    },
  };
}

describe('the time budget: every timeout and retry added up', () => {
  it("a Zapier subscribe against a server that never answers ends within Zapier's 30 s, with a clear error", async () => {
    const policy = recordingPolicy(zapierRetryPolicy);
    const started = policy.now();
    const server = silentServer(policy);
    const client = createDubClient({ transport: server, token: 't', baseUrl: BASE, policy });
    const error = await failure(dubHookRegistrar(client).ensure({ url: 'https://hooks.example.com/1', triggers: ['sale.created'] }));

    expect(error.kind).toBe('timeout');
    expect(error.message).toMatch(/^Dub did not answer in time: this step may take at most 20 seconds, and that time ran out/);
    expect(policy.now() - started).toBeLessThanOrEqual(20_000);
    // The create that got no answer is looked up, never blindly repeated: a lost answer cannot make a second hook.
    expect(server.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(server.requests.every((request) => request.timeoutMs <= 10_000)).toBe(true);
  });

  it('a slow read is retried within the budget, each try given only the time that is left', async () => {
    const policy = recordingPolicy({ budgetMs: 25_000, requestTimeoutMs: 10_000, backoffMs: 500 });
    const server = silentServer(policy);
    const error = await failure(createDubClient({ transport: server, token: 't', baseUrl: BASE, policy }).webhooks.list());
    expect(error.kind).toBe('timeout');
    expect(server.requests.map((request) => request.timeoutMs)).toEqual([10_000, 10_000, 3_500]);
  });
});
