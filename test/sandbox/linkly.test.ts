import { useSandbox } from '../support/sandbox';
import {
  LINKLY_KEY_FREE,
  LINKLY_KEY_PAID,
  LINKLY_WORKSPACE_FREE,
  LINKLY_WORKSPACE_PAID,
  startSandbox,
} from '../../sandbox';
import { arr, bearer, call, obj, useReceivers } from './helpers';

const sandbox = useSandbox({ linklyTimeoutMs: 300 });
const receiver = useReceivers();

const paid = bearer(LINKLY_KEY_PAID);
const workspaceHooks = (): string => `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`;

function clickPayload(linkId: number): Record<string, unknown> {
  return {
    event: 'click',
    timestamp: '2026-08-01T10:30:00.123456Z',
    link: { id: linkId, name: 'Spring campaign', workspace_id: LINKLY_WORKSPACE_PAID },
    click: { country: 'US', platform: 'desktop', browser_name: 'Chrome', bot_name: null, params: { utm_source: 'x' } },
  };
}

describe('Linkly authentication', () => {
  test('accepts Authorization: Bearer; X-API-KEY with X-WORKSPACE-ID only where it answers as the older API', async () => {
    expect((await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: paid })).status).toBe(200);
    const headers = { 'x-api-key': LINKLY_KEY_PAID, 'x-workspace-id': String(LINKLY_WORKSPACE_PAID) };
    expect((await call(workspaceHooks(), { headers })).status).toBe(401);
    const legacy = await startSandbox({ linklyApi: 'legacy' });
    try {
      const result = await call(`${legacy.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { headers });
      expect([result.status, result.json]).toEqual([200, { webhooks: [] }]);
      const mismatch = await call(`${legacy.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { headers: { ...headers, 'x-workspace-id': '99' } });
      expect(mismatch.status).toBe(404);
    } finally {
      await legacy.close();
    }
  });

  test('a key in the query string works, and the recorded request shows it was sent', async () => {
    const result = await call(`${workspaceHooks()}?api_key=${LINKLY_KEY_PAID}`);
    expect(result.status).toBe(200);
    expect(sandbox().linkly.requests()[0]?.query).toEqual({ api_key: LINKLY_KEY_PAID });
  });

  test('Basic authentication is not one of Linkly\'s ways', async () => {
    const basic = `Basic ${Buffer.from(`${LINKLY_KEY_PAID}:`).toString('base64')}`;
    expect((await call(workspaceHooks(), { headers: { authorization: basic } })).status).toBe(401);
  });

  test('another workspace is 404; a free plan is 403 on webhooks', async () => {
    const other = await call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_FREE}/webhooks`, { headers: paid });
    expect(other.status).toBe(404);
    const free = await call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_FREE}/webhooks`, {
      method: 'POST',
      headers: bearer(LINKLY_KEY_FREE),
      body: { url: 'https://hooks.example/free' },
    });
    expect(free.status).toBe(403);
    expect(String(obj(free.json)['error'])).toMatch(/paid/);
    expect(sandbox().linkly.hooks()).toHaveLength(0);
  });
});

describe('Linkly webhook lists', () => {
  test('subscribe answers {id, url} by default; the list holds URLs; subscribing twice keeps one entry', async () => {
    const url = 'https://hooks.example/linkly?secret=s3cr3t';
    const created = await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url } });
    expect(created.status).toBe(201);
    const body = obj(created.json);
    expect(body).toEqual({ id: expect.any(String), url });
    const again = await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url } });
    expect(obj(again.json)['id']).toBe(body['id']);
    expect((await call(workspaceHooks(), { headers: paid })).json).toEqual([{ id: url }]);
  });

  test('without an id in the answer, the hook is known by its URL until the answer changes back', async () => {
    sandbox().linkly.setPostAnswer('without-id');
    const url = 'https://hooks.example/by-url';
    const created = await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url } });
    expect(created.json).toEqual({ url });
    expect(sandbox().linkly.hooks()[0]?.id).toBe(url);
    sandbox().linkly.setPostAnswer('with-id');
    expect(obj((await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: 'https://hooks.example/2' } })).json)).toHaveProperty('id');
  });

  test('reset() restores the answer chosen at start', async () => {
    const quiet = await startSandbox({ linklyPostAnswer: 'without-id' });
    try {
      quiet.linkly.setPostAnswer('with-id');
      quiet.reset();
      const created = await call(`${quiet.linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/webhooks`, { method: 'POST', headers: paid, body: { url: 'https://hooks.example/q' } });
      expect(created.json).toEqual({ url: 'https://hooks.example/q' });
    } finally {
      await quiet.close();
    }
  });

  test('rejects a body without an http(s) url', async () => {
    expect((await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: 'javascript:alert(1)' } })).status).toBe(400);
    expect((await call(workspaceHooks(), { method: 'POST', headers: paid, body: {} })).status).toBe(400);
  });

  test('delete accepts the URL, URL-encoded, as well as the id; unknown is 404', async () => {
    const byUrl = 'https://hooks.example/a/b?secret=x&y=1';
    const byId = 'https://hooks.example/c';
    await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: byUrl } });
    const second = obj((await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: byId } })).json);

    const deleted = await call(`${workspaceHooks()}/${encodeURIComponent(byUrl)}`, { method: 'DELETE', headers: paid });
    expect(deleted.status).toBe(200);
    expect((await call(`${workspaceHooks()}/${String(second['id'])}`, { method: 'DELETE', headers: paid })).status).toBe(200);
    expect((await call(workspaceHooks(), { headers: paid })).json).toEqual([]);

    const again = await call(`${workspaceHooks()}/${encodeURIComponent(byUrl)}`, { method: 'DELETE', headers: paid });
    expect(again.status).toBe(404);
  });

  test('link-level lists live under /link/{id}/webhooks; links of other workspaces are 404', async () => {
    const linkHooks = `${sandbox().linklyBaseUrl}/link/101/webhooks`;
    const created = await call(linkHooks, { method: 'POST', headers: paid, body: { url: 'https://hooks.example/link101' } });
    expect(created.status).toBe(201);
    expect((await call(linkHooks, { headers: paid })).json).toEqual([{ id: 'https://hooks.example/link101' }]);
    expect((await call(workspaceHooks(), { headers: paid })).json).toEqual([]);
    expect(sandbox().linkly.hooks()[0]).toMatchObject({ scope: 'link', linkId: 101, workspaceId: LINKLY_WORKSPACE_PAID });
    expect((await call(`${sandbox().linklyBaseUrl}/link/201/webhooks`, { headers: paid })).status).toBe(404);
    expect((await call(`${sandbox().linklyBaseUrl}/link/999/webhooks`, { headers: paid })).status).toBe(404);
    const gone = await call(`${linkHooks}/${encodeURIComponent('https://hooks.example/link101')}`, { method: 'DELETE', headers: paid });
    expect(gone.status).toBe(200);
  });
});

describe('Linkly delivery', () => {
  test('one unsigned POST to workspace hooks and to the clicked link hooks; no retry', async () => {
    const workspace = await receiver(() => ({ status: 500 }));
    const link101 = await receiver();
    const link102 = await receiver();
    await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: workspace.url } });
    await call(`${sandbox().linklyBaseUrl}/link/101/webhooks`, { method: 'POST', headers: paid, body: { url: link101.url } });
    await call(`${sandbox().linklyBaseUrl}/link/102/webhooks`, { method: 'POST', headers: paid, body: { url: link102.url } });

    const payload = clickPayload(101);
    const reports = await sandbox().linkly.deliver(payload);
    expect(reports).toHaveLength(2);
    const failed = reports.find((report) => report.url === workspace.url);
    expect(failed).toMatchObject({ attempts: 1, statuses: [500], delivered: false });
    expect(reports.find((report) => report.url === link101.url)).toMatchObject({ attempts: 1, statuses: [200], delivered: true });
    expect(workspace.received).toHaveLength(1);
    expect(link102.received).toHaveLength(0);

    const delivery = link101.received[0];
    expect(delivery?.body).toBe(JSON.stringify(payload));
    expect(delivery?.headers['content-type']).toBe('application/json');
    expect(Object.keys(delivery?.headers ?? {}).some((name) => name.includes('signature'))).toBe(false);
  });

  test('a receiver slower than the timeout loses the click', async () => {
    const slow = await receiver(() => ({ status: 200, delayMs: 1_000 }));
    await call(workspaceHooks(), { method: 'POST', headers: paid, body: { url: slow.url } });
    const [report] = await sandbox().linkly.deliver(clickPayload(102));
    expect(report).toMatchObject({ attempts: 1, statuses: [null], delivered: false });
    expect(report?.error).toMatch(/300 ms/);
  });
});

describe('Linkly read endpoints', () => {
  test('workspaces, links export and clicks export are scoped to the key', async () => {
    expect(arr((await call(`${sandbox().linklyBaseUrl}/workspaces`, { headers: paid })).json)).toEqual([
      expect.objectContaining({ id: LINKLY_WORKSPACE_PAID }),
    ]);
    const links = arr((await call(`${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/links/export`, { headers: paid })).json);
    expect(links.map((item) => obj(item)['id'])).toEqual([101, 102, 103]);

    const clicksUrl = `${sandbox().linklyBaseUrl}/workspace/${LINKLY_WORKSPACE_PAID}/clicks/export`;
    const clicks = arr((await call(`${clicksUrl}?format=json`, { headers: paid })).json);
    expect(clicks.length).toBeGreaterThan(0);
    expect(clicks.every((item) => [101, 102, 103].includes(Number(obj(item)['link_id'])))).toBe(true);
    const humans = arr((await call(`${clicksUrl}?format=json&bots=exclude`, { headers: paid })).json);
    expect(humans.every((item) => obj(item)['bot'] === null)).toBe(true);
    const one = arr((await call(`${clicksUrl}?format=json&link_id=103`, { headers: paid })).json);
    expect(one.every((item) => obj(item)['link_id'] === 103)).toBe(true);
    expect((await call(`${clicksUrl}?format=csv`, { headers: paid })).status).toBe(400);
  });
});
