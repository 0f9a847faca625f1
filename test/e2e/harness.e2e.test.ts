import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setupOwner, type N8nApi } from '../../scripts/n8n/api';
import { ensureN8nTools, startN8n, type N8nHandle } from '../../scripts/n8n/process';

const DELIVERIES = 20;

describe('n8n harness', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'linkhooks-harness-'));
  const extensions = path.join(tmp, 'extensions');
  const userFolder = path.join(tmp, 'user');
  let n8n: N8nHandle | undefined;
  let api: N8nApi;
  const timings: Record<string, number> = {};
  const timed = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
    const started = Date.now();
    try {
      return await fn();
    } finally {
      timings[label] = Date.now() - started;
    }
  };

  beforeAll(async () => {
    fs.mkdirSync(extensions);
    await timed('tools', ensureN8nTools);
    n8n = await timed('start', () => startN8n({ customExtensionsDir: extensions, userFolder }));
    api = await timed('setup', () => setupOwner(n8n!));
  }, 15 * 60_000);

  afterAll(async () => {
    await n8n?.stop();
    if (!process.env.N8N_E2E_KEEP_FOLDERS) fs.rmSync(tmp, { recursive: true, force: true });
    process.stderr.write(`harness timings (ms): ${JSON.stringify(timings)}\n`);
  });

  it('runs a webhook workflow once per delivery and keeps it across a restart', async () => {
    const handle = n8n!;
    const webhookPath = `harness-${randomUUID()}`;
    const workflow = await api.createWorkflow({
      name: 'harness webhook',
      nodes: [
        {
          name: 'Webhook',
          type: 'n8n-nodes-base.webhook',
          typeVersion: 2,
          position: [0, 0],
          webhookId: randomUUID(),
          parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived' },
        },
      ],
      connections: {},
    });
    await timed('activate', () => api.activate(workflow.id));
    await timed('webhook-live', () => handle.waitForWebhook(webhookPath));

    await timed('deliver', async () => {
      for (let i = 0; i < DELIVERIES; i++) {
        const res = await fetch(handle.webhookUrl(webhookPath), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ seq: i }),
        });
        expect(res.status).toBe(200);
      }
    });
    const executions = await timed('executions', () => api.waitForExecutions(workflow.id, DELIVERIES, 30_000));
    expect(executions).toHaveLength(DELIVERIES);
    expect(executions.every((e) => e.status === 'success')).toBe(true);
    const seqs = executions.map((e) => {
      const body = e.data?.resultData?.runData?.Webhook?.[0]?.data?.main?.[0]?.[0]?.json.body as { seq: number };
      return body.seq;
    });
    expect(seqs.sort((a, b) => a - b)).toEqual([...Array(DELIVERIES).keys()]);

    const deactivated = await api.deactivate(workflow.id);
    expect(deactivated.active).toBe(false);

    await timed('restart', () => handle.restart());
    const again = await api.getWorkflow(workflow.id);
    expect(again.name).toBe('harness webhook');
    expect(again.active).toBe(false);
    expect(await api.executions(workflow.id, { includeData: false })).toHaveLength(DELIVERIES);
  }, 120_000);
});
