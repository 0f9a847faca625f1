/**
 * Our Dub Trigger in n8n's queue mode: Redis and Postgres, main + two webhook processors + one worker, each its own
 * process, with the sandbox standing in for Dub. The workflow is the one the README gives for exactly-once: Dub
 * Trigger → n8n's Remove Duplicates (items processed in previous executions, on the event id).
 * Deliveries are signed and posted straight to each processor, so the test picks which one gets what.
 * Run with `npm run test:e2e:queue`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findEntry, signDubBody, type CatalogueEntry } from '../../shared';
import { DUB_TOKEN_BUSINESS, startSandbox, type DubEnvelope, type Sandbox } from '../../sandbox';
import { nodeOutput, setupOwner, type Execution, type OwnerSession, type Workflow } from '../../scripts/n8n/api';
import { ensureN8nTools, type N8nHandle } from '../../scripts/n8n/process';
import { runSummary } from './run-summary';
import { PACKAGE_DIR, requireBuiltPackages } from './sandboxed-n8n';
import { startQueueCluster, type QueueCluster } from '../../scripts/n8n/queue';
import { DUB_NODE, dedupedDubWorkflow, eventually, inPool, REMOVE_DUPLICATES_NODE, savedHookSecret, type TriggerWorkflow } from '../../scripts/n8n/workflows';

const BURST = 1000;
const CONCURRENCY = 16;
const CRASH_BURST = 300;
/** Burst events redelivered to the processor that did not take them. */
const CROSSED = 100;
/** Remove Duplicates reads and rewrites one database row per workflow without a lock: one execution at a time. */
const WORKER_CONCURRENCY = 1;

const saleEntry: CatalogueEntry = (() => {
  const found = findEntry('dub', 'sale.created');
  if (!found) throw new Error('no catalogue entry for dub sale.created');
  return found;
})();

let idSeq = 0;
function eventId(label: string): string {
  idSeq += 1;
  // The sequence number at a fixed width and a letter as padding: no two labels and numbers can give the same id.
  return `evt_${`${label}${String(idSeq).padStart(6, '0')}`.replace(/[^A-Za-z0-9]/g, '').padEnd(25, 'x').slice(0, 25)}`;
}

const run = runSummary('n8n queue-mode end-to-end summary');

/** What one POST got back: the status, or the network error a killed processor gives. */
type Outcome = { id: string; processor: number; status: number } | { id: string; processor: number; error: string };
const answered2xx = (outcome: Outcome): boolean => 'status' in outcome && outcome.status >= 200 && outcome.status < 300;

describe('our Dub Trigger in n8n queue mode (Redis, Postgres, main + 2 webhook processors + worker)', () => {
  let sandbox: Sandbox;
  let cluster: QueueCluster;
  let api: OwnerSession;
  let dub: TriggerWorkflow & { workflow: Workflow };
  let secret = '';
  /** The burst's event ids; the even ones went to the first processor. */
  let burstIds: string[] = [];

  const processorUrl = (processor: N8nHandle) => processor.webhookUrl(dub.webhookPath);

  /** Signs `id`'s sale.created as Dub would for our hook and posts it to processor `index`. */
  async function post(id: string, index: number): Promise<Outcome> {
    const body = JSON.stringify({ ...(saleEntry.sample as DubEnvelope), id });
    const processor = cluster.processors[index] as N8nHandle;
    try {
      const response = await fetch(processorUrl(processor), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'dub-signature': signDubBody(body, secret) },
        body,
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      return { id, processor: index, status: response.status };
    } catch (error) {
      return { id, processor: index, error: error instanceof Error ? `${error.message} ${String(error.cause ?? '')}` : String(error) };
    }
  }

  /**
   * Every finished execution of the workflow, once none is left to run. An execution a killed processor created but
   * never enqueued stays "new" for ever: those are left out once nothing has finished for 30 s.
   */
  async function settledExecutions(atLeast: number): Promise<Execution[]> {
    await api.waitForExecutions(dub.workflow.id, atLeast, 10 * 60_000);
    let finished = -1;
    let unchangedSince = Date.now();
    for (;;) {
      const all = await api.executions(dub.workflow.id, { includeData: false });
      const done = all.filter((execution) => execution.stoppedAt !== null).length;
      if (done !== finished) {
        finished = done;
        unchangedSince = Date.now();
      } else if (done === all.length || Date.now() - unchangedSince > 30_000) {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    return (await api.executions(dub.workflow.id, { includeData: true })).filter((execution) => execution.stoppedAt !== null);
  }

  /** How many times each id came out of the trigger, and out of Remove Duplicates, over all executions. */
  function passes(executions: Execution[]): { trigger: Map<string, number>; deduped: Map<string, number> } {
    const count = (nodeName: string) => {
      const counts = new Map<string, number>();
      for (const execution of executions) {
        for (const item of nodeOutput(execution, nodeName)) counts.set(String(item.id), (counts.get(String(item.id)) ?? 0) + 1);
      }
      return counts;
    };
    return { trigger: count(DUB_NODE), deduped: count(REMOVE_DUPLICATES_NODE) };
  }

  beforeAll(async () => {
    requireBuiltPackages('npm run test:e2e:queue');
    await run.timed('tools', ensureN8nTools);
    sandbox = await startSandbox();
    cluster = await run.timed('cluster start', () => startQueueCluster({ customExtensionsDir: PACKAGE_DIR, workerConcurrency: WORKER_CONCURRENCY }));
    api = await setupOwner(cluster.main);
    const credential = await api.createCredential('dubApi', 'Dub (sandbox)', { apiKey: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl });
    const definition = dedupedDubWorkflow(credential);
    dub = { ...definition, workflow: await api.createWorkflow(definition.definition) };
  }, 25 * 60_000);

  afterAll(async () => {
    await cluster?.stop();
    await sandbox?.close();
    run.print(cluster?.describe() ?? []);
  }, 120_000);

  it('registers exactly one hook, from main, for the URL the processors serve', async () => {
    await api.activate(dub.workflow.id);

    const [hook] = await eventually('the Dub hook', () => (sandbox.dub.hooks().length > 0 ? sandbox.dub.hooks() : undefined));
    secret = hook?.secret ?? '';
    expect(hook?.url).toBe(`${cluster.publicWebhookBase}webhook/${dub.webhookPath}`);
    for (const processor of cluster.processors) await processor.waitForWebhook(dub.webhookPath, 'POST', 60_000);
    // Nothing registers twice, also once the processors have loaded the workflow.
    expect(sandbox.dub.requests().filter((request) => request.method === 'POST' && request.path === '/webhooks')).toHaveLength(1);
    expect(sandbox.dub.hooks()).toHaveLength(1);
    run.proved('activation on main registered exactly one Dub hook, for the processors\' URL');
  }, 3 * 60_000);

  it(`runs ${BURST} deliveries spread over both processors, ${CONCURRENCY} at a time, exactly once each on the worker`, async () => {
    const ids = Array.from({ length: BURST }, (_, index) => eventId(`burst${index}`));
    burstIds = ids;
    const outcomes = await run.timed(`burst of ${BURST}`, () => inPool(ids, CONCURRENCY, (id) => post(id, ids.indexOf(id) % 2)));
    expect(outcomes.filter((outcome) => !answered2xx(outcome))).toEqual([]);

    const executions = await run.timed(`${BURST} executions`, () => settledExecutions(BURST));
    expect(executions).toHaveLength(BURST);
    expect(executions.filter((execution) => execution.status !== 'success' || execution.mode !== 'webhook')).toEqual([]);
    const { trigger, deduped } = passes(executions);
    expect([...trigger.keys()].sort()).toEqual([...ids].sort());
    expect([...trigger.values()].every((times) => times === 1)).toBe(true);
    expect([...deduped.keys()].sort()).toEqual([...ids].sort());
    // The worker ran them (the processors only enqueue).
    const workerLog = fs.readFileSync(path.join(cluster.worker.userFolder, 'n8n.log'), 'utf8');
    const runByWorker = new Set([...workerLog.matchAll(/Worker started execution (\d+)/g)].map((match) => match[1]));
    expect(executions.filter((execution) => !runByWorker.has(execution.id))).toEqual([]);
    run.proved(`${BURST} signed deliveries over 2 webhook processors (${CONCURRENCY} at a time) → ${BURST} executions on the worker, none lost, none doubled`);
  }, 20 * 60_000);

  it('handles redeliveries as Skip Redeliveries promises; Remove Duplicates passes each event once', async () => {
    const before = (await api.executions(dub.workflow.id, { includeData: false })).length;
    const [sameProcessor, otherProcessor, afterRestart] = [eventId('redeliver'), eventId('redeliver'), eventId('redeliver')];
    for (const id of [sameProcessor, otherProcessor, afterRestart]) expect(answered2xx(await post(id, 0))).toBe(true);
    await settledExecutions(before + 3);

    // The processor that ran it remembers it: nothing runs.
    expect(answered2xx(await post(sameProcessor, 0))).toBe(true);
    // The other processor has its own memory: the trigger emits it again, and Remove Duplicates stops it. The same for
    // burst events the first processor took, all recorded while the worker was busy.
    expect(answered2xx(await post(otherProcessor, 1))).toBe(true);
    const crossed = burstIds.filter((_, index) => index % 2 === 0).slice(0, CROSSED);
    expect((await inPool(crossed, CONCURRENCY, (id) => post(id, 1))).filter((outcome) => !answered2xx(outcome))).toEqual([]);
    // A restart empties the memory: the same.
    await run.timed('processor restart', () => (cluster.processors[0] as N8nHandle).restart());
    await (cluster.processors[0] as N8nHandle).waitForWebhook(dub.webhookPath, 'POST', 60_000);
    expect(answered2xx(await post(afterRestart, 0))).toBe(true);

    const executions = await settledExecutions(before + 5 + CROSSED);
    expect(executions).toHaveLength(before + 5 + CROSSED);
    const { trigger, deduped } = passes(executions);
    expect([sameProcessor, otherProcessor, afterRestart].map((id) => [trigger.get(id), deduped.get(id)])).toEqual([
      [1, 1],
      [2, 1],
      [2, 1],
    ]);
    expect(crossed.filter((id) => trigger.get(id) !== 2 || deduped.get(id) !== 1)).toEqual([]);
    run.proved(
      'a redelivery to the processor that ran it ran nothing; to the other processor (1 + ' +
        `${CROSSED} burst events), and after a processor restart, the trigger ran it again and Remove Duplicates passed it on only once`,
    );
  }, 10 * 60_000);

  it('loses nothing a processor answered 2xx when it is killed (SIGKILL) mid-burst; the retries of the rest pass once', async () => {
    const before = await api.executions(dub.workflow.id, { includeData: false });
    const ids = Array.from({ length: CRASH_BURST }, (_, index) => eventId(`crash${index}`));
    const victim = cluster.processors[1] as N8nHandle;
    let sent = 0;
    let crashed: Promise<void> | undefined;
    const outcomes = await run.timed(`crash burst of ${CRASH_BURST}`, () =>
      inPool(ids, CONCURRENCY, async (id) => {
        sent += 1;
        if (sent === Math.floor(CRASH_BURST / 3)) crashed = victim.crash();
        return post(id, ids.indexOf(id) % 2);
      }),
    );
    await crashed;
    const refused = outcomes.filter((outcome) => !answered2xx(outcome));
    // A crash answers nothing: every failure is a network error, to the killed processor.
    expect(refused.filter((outcome) => 'status' in outcome || outcome.processor !== 1)).toEqual([]);
    expect(refused.length).toBeGreaterThan(0);

    // The sender (Dub retries anything without a 2xx) tries again; the processor left takes them.
    const retries = await run.timed('retries', () => inPool(refused, CONCURRENCY, (outcome) => post(outcome.id, 0)));
    expect(retries.filter((outcome) => !answered2xx(outcome))).toEqual([]);

    const executions = (await settledExecutions(before.length + CRASH_BURST)).filter((execution) => !before.some((old) => old.id === execution.id));
    const { trigger, deduped } = passes(executions);
    // Nothing answered 2xx is lost, nothing retried is lost, and Remove Duplicates passes each event exactly once.
    expect(ids.filter((id) => (deduped.get(id) ?? 0) !== 1)).toEqual([]);
    const ranTwice = ids.filter((id) => (trigger.get(id) ?? 0) > 1);
    // Only an event the killed processor had enqueued without answering can have run twice.
    expect(ranTwice.filter((id) => !refused.some((outcome) => outcome.id === id))).toEqual([]);
    run.proved(
      `webhook processor 2 killed with SIGKILL during a burst of ${CRASH_BURST}: every 2xx-answered delivery ran; ` +
        `${refused.length} got no answer and were retried to processor 1 (${ranTwice.length} of them had been enqueued before the kill ` +
        'and ran twice in the trigger); Remove Duplicates passed each of the ' +
        `${CRASH_BURST} events exactly once`,
    );
  }, 20 * 60_000);

  it("recovers what Dub could not deliver: main's check replaces the hook Dub disabled, the processors run each event once", async () => {
    const [before] = sandbox.dub.hooks();
    const hookUrl = String(before?.url);
    const patch = async (url: string) => {
      const response = await fetch(`${sandbox.dubBaseUrl}/webhooks/${String(before?.id)}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${DUB_TOKEN_BUSINESS}`, 'content-type': 'application/json' },
        body: JSON.stringify({ url }),
      });
      expect(response.status).toBe(200);
    };
    const executionsBefore = (await api.executions(dub.workflow.id, { includeData: false })).length;
    // Dub cannot reach the processors while four events come (a tunnel gone): it disables the hook.
    await patch('http://127.0.0.1:9/unreachable');
    const lost = [1, 2, 3, 4].map((n) => eventId(`recover${n}`));
    for (const id of lost) await sandbox.dub.deliver({ ...(saleEntry.sample as DubEnvelope), id });
    await patch(hookUrl);
    expect(sandbox.dub.hooks().find((hook) => hook.id === before?.id)?.disabledAt).toEqual(expect.any(String));

    await api.waitForExecutions(dub.workflow.id, executionsBefore + lost.length, 180_000);
    const executions = await api.executions(dub.workflow.id, { includeData: true });
    const ran = executions.flatMap((execution) => nodeOutput(execution, DUB_NODE)).map((item) => String(item['id']));
    expect(lost.map((id) => ran.filter((ranId) => ranId === id).length)).toEqual([1, 1, 1, 1]);
    expect(sandbox.dub.hooks().map((hook) => [hook.url, hook.disabledAt])).toEqual([[hookUrl, null]]);
    secret = sandbox.dub.hooks()[0]?.secret ?? secret;
    // The check's checkpoint, received by a webhook processor, which saves it: what n8n saved is the live hook.
    await eventually('the live hook saved', async () => ((await savedHookSecret(api, dub.workflow.id, DUB_NODE)) === secret ? true : undefined), 60_000);
    run.proved("main's check (leader) replaced the hook Dub disabled; the 4 events it could not deliver ran once each, through the webhook processors, on the worker; the live hook is saved");
  }, 300_000);

  it('removes the hook when the workflow is deactivated', async () => {
    await api.deactivate(dub.workflow.id);
    await eventually('the hook removed', () => (sandbox.dub.hooks().length === 0 ? true : undefined), 60_000);
    // The recovery's deletion of the hook Dub had disabled (200); at deactivation, the id n8n had saved, the live hook
    // the check's checkpoint recorded (200).
    expect(sandbox.dub.requests().filter((request) => request.method === 'DELETE').map((request) => request.status)).toEqual([200, 200]);
    run.proved('deactivation on main removed the hook');
  }, 2 * 60_000);
});
