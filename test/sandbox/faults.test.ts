import { useSandbox } from '../support/sandbox';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { arr, bearer, call, errorOf } from './helpers';

const sandbox = useSandbox();

const dubAuth = bearer(DUB_TOKEN_BUSINESS);
const hookBody = { name: 'Zap', url: 'https://hooks.example/lost', triggers: ['lead.created'] };

test('lost_response creates the Dub hook, then drops the connection; a retried subscribe finds it by URL', async () => {
  sandbox().faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'lost_response' });
  await expect(call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody })).rejects.toThrow();

  expect(sandbox().dub.hooks()).toHaveLength(1);
  const recorded = sandbox().dub.requests().filter((request) => request.method === 'POST');
  expect(recorded).toHaveLength(1);
  expect(recorded[0]?.status).toBeNull();

  // The naive retry hits the URL conflict; the hook list shows the orphan to adopt.
  const retry = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody });
  expect(retry.status).toBe(409);
  const list = arr((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: dubAuth })).json);
  expect(list).toHaveLength(1);
});

test('lost_response on Linkly subscribes the URL before dropping the connection', async () => {
  const url = `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`;
  sandbox().faults.inject({ match: { provider: 'linkly', method: 'POST' }, kind: 'lost_response' });
  await expect(call(url, { method: 'POST', headers: bearer(LINKLY_KEY_PAID), body: { url: 'https://hooks.example/l' } })).rejects.toThrow();
  expect((await call(url, { headers: bearer(LINKLY_KEY_PAID) })).json).toEqual([{ id: 'https://hooks.example/l' }]);
});

test("rate_limit answers Dub's 429: both Retry-After and X-RateLimit-Reset the reset in epoch milliseconds; nothing is done", async () => {
  sandbox().faults.inject({ match: { provider: 'dub', path: '/webhooks' }, kind: 'rate_limit', resetInMs: 7_000, times: 2 });
  const before = Date.now();
  for (let i = 0; i < 2; i += 1) {
    const limited = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody });
    expect(limited.status).toBe(429);
    expect(limited.json).toEqual({
      error: { code: 'rate_limit_exceeded', message: 'Too many requests.', doc_url: 'https://dub.co/docs/api-reference/errors#rate-limit_exceeded' },
    });
    expect(limited.headers['x-ratelimit-remaining']).toBe('0');
    expect(limited.headers['x-ratelimit-limit']).toBe('1200');
    expect(limited.headers['retry-after']).toBe(limited.headers['x-ratelimit-reset']);
    const reset = Number(limited.headers['x-ratelimit-reset']);
    expect(reset).toBeGreaterThanOrEqual(before + 7_000);
    expect(reset).toBeLessThan(Date.now() + 7_000 + 1_000);
  }
  expect(sandbox().dub.hooks()).toHaveLength(0);
  expect((await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody })).status).toBe(201);
});

test('a fault can send any header value verbatim, or none: every form a service may use', async () => {
  const past = String(Date.now() - 5_000);
  const forms: Array<Record<string, string | null>> = [
    { 'Retry-After': '0' },
    { 'retry-after': past, 'x-ratelimit-reset': past },
    { 'retry-after': '30', 'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 30) },
    { 'retry-after': 'Wed, 21 Oct 2026 07:28:00 GMT' },
    { 'retry-after': null, 'x-ratelimit-reset': null },
  ];
  for (const headers of forms) {
    sandbox().faults.inject({ match: { provider: 'dub' }, kind: 'rate_limit', headers });
    const limited = await call(`${sandbox().dubBaseUrl}/links`, { headers: dubAuth });
    expect(limited.status).toBe(429);
    for (const [name, value] of Object.entries(headers)) expect(limited.headers[name.toLowerCase()]).toBe(value ?? undefined);
  }
  sandbox().faults.inject({ match: { provider: 'dub' }, kind: 'server_error', status: 503, headers: { 'retry-after': '120' } });
  const unavailable = await call(`${sandbox().dubBaseUrl}/links`, { headers: dubAuth });
  expect([unavailable.status, unavailable.headers['retry-after']]).toEqual([503, '120']);
});

test('server_error uses the given status once; matching honours method and RegExp paths', async () => {
  sandbox().faults.inject({ match: { provider: 'dub', method: 'DELETE', path: /^\/webhooks\/wh_/ }, kind: 'server_error', status: 503 });
  expect((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: dubAuth })).status).toBe(200); // GET: not matched
  const failed = await call(`${sandbox().dubBaseUrl}/webhooks/wh_x`, { method: 'DELETE', headers: dubAuth });
  expect(failed.status).toBe(503);
  expect(errorOf(failed).code).toBe('internal_server_error');
  expect(failed.headers['x-ratelimit-limit']).toBeDefined();
  expect((await call(`${sandbox().dubBaseUrl}/webhooks/wh_x`, { method: 'DELETE', headers: dubAuth })).status).toBe(404);
});

test('Linkly rate_limit and server_error', async () => {
  sandbox().faults.inject({ match: { provider: 'linkly' }, kind: 'rate_limit', resetInMs: 3_000 });
  sandbox().faults.inject({ match: { provider: 'linkly' }, kind: 'server_error' });
  const limited = await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) });
  expect(limited.status).toBe(429);
  // Linkly's 2026 API sends no Retry-After with its 429 (its Fivetran connector waits by its own schedule).
  expect(limited.headers['retry-after']).toBeUndefined();
  expect((await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) })).status).toBe(500);
  expect((await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) })).status).toBe(200);
});

test('slow holds the answer back (a later request overtakes it); clear() disarms every fault; provider mismatch never fires', async () => {
  sandbox().faults.inject({ match: { provider: 'linkly' }, kind: 'server_error', times: 5 });
  sandbox().faults.inject({ match: { provider: 'dub', path: '/links' }, kind: 'slow', delayMs: 300 });
  const answered: string[] = [];
  const slow = call(`${sandbox().dubBaseUrl}/links`, { headers: dubAuth }).then((result) => answered.push(`slow ${result.status}`));
  const quick = call(`${sandbox().dubBaseUrl}/folders`, { headers: dubAuth }).then((result) => answered.push(`quick ${result.status}`));
  await Promise.all([slow, quick]);
  expect(answered).toEqual(['quick 200', 'slow 200']);
  sandbox().faults.clear();
  expect((await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: bearer(LINKLY_KEY_PAID) })).status).toBe(200);
});

test('every API request is recorded with method, path, query, headers, body and status', async () => {
  await call(`${sandbox().dubBaseUrl}/links?search=spring`, { headers: { ...dubAuth, 'x-test': 'yes' } });
  await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody });
  const [get, post] = sandbox().dub.requests();
  expect(get).toMatchObject({ provider: 'dub', method: 'GET', path: '/links', query: { search: 'spring' }, status: 200 });
  expect(get?.headers['x-test']).toBe('yes');
  expect(post).toMatchObject({ method: 'POST', path: '/webhooks', status: 201 });
  expect(JSON.parse(String(post?.body))).toEqual(hookBody);
  expect(sandbox().linkly.requests()).toEqual([]);
});

test('slow_answer creates the Dub hook at once and answers only after the delay: the hook is listed meanwhile', async () => {
  sandbox().faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'slow_answer', delayMs: 3_000 });
  let answered = false;
  const creating = call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody }).then((result) => {
    answered = true;
    return result;
  });

  const listed = await eventuallyListed();
  expect(answered).toBe(false);
  const created = await creating;
  expect(created.status).toBe(201);
  expect(listed).toEqual([expect.objectContaining({ id: (created.json as { id: string }).id, url: hookBody.url, secret: expect.stringMatching(/^whsec_/) })]);
});

/** Polls the hook list until the slowly answered create shows in it. */
async function eventuallyListed(): Promise<unknown[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const list = arr((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: dubAuth })).json);
    if (list.length > 0) return list;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error('the hook never showed in the list');
}

test("stale_list: Dub's list misses the newest hook while its create still refuses the URL with 409; the hook itself is there", async () => {
  const created = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody });
  expect(created.status).toBe(201);
  const id = (created.json as { id: string }).id;
  sandbox().faults.inject({ match: { provider: 'dub', method: 'GET', path: /^\/webhooks$/ }, kind: 'stale_list' });

  expect(arr((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: dubAuth })).json)).toEqual([]);
  const refused = await call(`${sandbox().dubBaseUrl}/webhooks`, { method: 'POST', headers: dubAuth, body: hookBody });
  expect(refused.status).toBe(409);
  expect(errorOf(refused)).toMatchObject({ code: 'conflict', message: 'A Webhook with this URL already exists.' });
  expect((await call(`${sandbox().dubBaseUrl}/webhooks/${id}`, { headers: dubAuth })).status).toBe(200);
  // Used up: the next list shows it, newest first as Dub lists.
  expect(arr((await call(`${sandbox().dubBaseUrl}/webhooks`, { headers: dubAuth })).json)).toEqual([expect.objectContaining({ id, url: hookBody.url })]);
  expect(sandbox().dub.hooks()).toHaveLength(1);
});
