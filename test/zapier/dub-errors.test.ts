import nock from 'nock';
import { DUB_API, TARGET_URL, dubApp, dubAuth, hookOf, pollOf, runDub } from './support';
import { useStrictNock } from '../support/strict-nock';

useStrictNock();

const subscribe = () => runDub(hookOf(dubApp, 'sale_created').performSubscribe, { authData: dubAuth, targetUrl: TARGET_URL, inputData: {} });
const dubError = (code: string, message: string) => ({ error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code}` } });

/** Zapier's errors carry their details as a JSON message. */
async function failure(promise: Promise<unknown>): Promise<{ name: string; details: Record<string, unknown>; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    let details: Record<string, unknown> = {};
    try {
      details = JSON.parse(error.message) as Record<string, unknown>;
    } catch {
      // RefreshAuthError and ExpiredAuthError carry plain text
    }
    return { name: error.name, details, message: error.message };
  }
  throw new Error('expected the operation to fail');
}

describe('Dub API errors reach the Zap user as Zapier errors that say what to do', () => {
  it('401: asks Zapier to refresh the OAuth token (RefreshAuthError)', async () => {
    nock(DUB_API).post('/webhooks').reply(401, dubError('unauthorized', 'Access token expired.'));
    const error = await failure(subscribe());
    expect(error.name).toBe('RefreshAuthError');
    expect(error.message).toContain('Reconnect your Dub account');
  });

  it('403 for the plan: says webhooks need a Business plan and how to upgrade', async () => {
    nock(DUB_API).post('/webhooks').reply(403, dubError('forbidden', 'Need higher plan.'));
    const error = await failure(subscribe());
    expect(error.name).toBe('AppError');
    expect(error.details).toEqual(expect.objectContaining({ code: 'plan_too_low', status: 403 }));
    expect(error.details.message).toMatch(/Business plan or higher.*Upgrade the workspace in Dub/);
  });

  it('403 for a missing permission over OAuth: says the token lacks webhooks.write, keeps Dub\'s words, and that only an owner can connect', async () => {
    nock(DUB_API)
      .post('/webhooks')
      .reply(
        403,
        dubError('forbidden', "The provided key does not have the required permissions for this endpoint on the workspace 'ws_1'. Having the 'webhooks.write' permission would allow this request to continue."),
      );
    const error = await failure(subscribe());
    expect(error.details).toEqual(expect.objectContaining({ code: 'missing_scope', status: 403 }));
    expect(error.details.message).toMatch(/lacks the webhooks\.write permission\)\. Dub said: "The provided key .*'webhooks\.write' permission would allow this request to continue\." Over OAuth, Dub gives webhooks\.write to workspace owners only/);
    expect(error.details.message).toMatch(/not, or is no longer, an owner of the workspace: ask an owner to reconnect it in Zapier/);
    // n8n's way out (adding the hook by hand with its signing secret) does not exist on Zapier.
    expect(error.details.message).not.toMatch(/by hand|signing secret/);
  });

  it("429: becomes Zapier's ThrottledError with Dub's wait, in seconds", async () => {
    nock(DUB_API).post('/webhooks').reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), { 'Retry-After': '30' });
    const error = await failure(subscribe());
    expect(error.name).toBe('ThrottledError');
    expect(error.details).toEqual({ message: expect.stringContaining('Try again in 30 seconds'), delay: 30 });
  });

  it("429 with Dub's real headers (both the reset in epoch milliseconds): the real wait in seconds, one call, no sleep", async () => {
    const resetAt = Date.now() + 42_000;
    const calls = nock(DUB_API)
      .post('/webhooks')
      .reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), { 'Retry-After': String(resetAt), 'X-RateLimit-Reset': String(resetAt) });
    const error = await failure(subscribe());
    expect(calls.isDone()).toBe(true);
    expect(error.name).toBe('ThrottledError');
    // Dub stamps the reset when it answers; the app reads it a moment later.
    expect(error.details.delay).toBeGreaterThanOrEqual(40);
    expect(error.details.delay).toBeLessThanOrEqual(42);
  });

  it.each([
    ['Retry-After: 0', () => ({ 'Retry-After': '0' })],
    ['a reset already past', () => ({ 'Retry-After': String(Date.now() - 5_000), 'X-RateLimit-Reset': String(Date.now() - 5_000) })],
  ])("429 with %s: one call, and a ThrottledError that still makes Zapier wait (1 s, not 0)", async (_case, headers) => {
    const calls = nock(DUB_API).post('/webhooks').reply(429, dubError('rate_limit_exceeded', 'Too many requests.'), headers());
    const error = await failure(subscribe());
    expect(calls.isDone()).toBe(true);
    expect(error.name).toBe('ThrottledError');
    expect(error.details.delay).toBe(1);
  });

  it('422: passes on what Dub said was wrong', async () => {
    nock(DUB_API).post('/webhooks').reply(422, dubError('unprocessable_entity', 'url: Invalid url'));
    const error = await failure(subscribe());
    expect(error.details).toEqual(expect.objectContaining({ code: 'invalid_request', status: 422 }));
    expect(error.details.message).toContain('Dub said: "url: Invalid url"');
  });

  it('a server error on a read is retried once, then reported as Dub\'s problem', async () => {
    nock(DUB_API).get('/folders').query(true).times(2).reply(503, 'Service Unavailable');
    const error = await failure(runDub(pollOf(dubApp, 'folder_list'), { authData: dubAuth, inputData: {}, meta: { page: 0 } }));
    expect(error.details).toEqual(expect.objectContaining({ code: 'server', status: 503 }));
    expect(error.details.message).toMatch(/nothing is wrong on your side/);
  });

  it('the same mapping applies to the pickers and samples (401 on the link list)', async () => {
    nock(DUB_API).get('/links').query(true).reply(401, dubError('unauthorized', 'Unauthorized.'));
    expect((await failure(runDub(pollOf(dubApp, 'link_list'), { authData: dubAuth, inputData: {}, meta: { page: 0 } }))).name).toBe('RefreshAuthError');
  });
});
