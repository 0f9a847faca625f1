/**
 * Deliveries that reach a real n8n while it is still activating the workflow. n8n serves the trigger's URL before it
 * calls create(), and saves what create() kept (Dub's signing secret, Linkly's token) only once the whole activation
 * is over. Here each service takes 15 s to answer the registration (the sandbox's slow_answer: the hook exists and
 * delivers at once), which holds that moment open: every delivery below comes while n8n has saved nothing.
 * Linkly never retries, so a refusal there would lose the click. Run with `npm run test:e2e`.
 */
import { catalogueEntry, normalizedBy } from '../support/fixtures';
import { signDubBody } from '../../shared';
import type { DubEnvelope, Sandbox } from '../../sandbox';
import { nodeOutput, type OwnerSession, type Workflow } from '../../scripts/n8n/api';
import type { N8nHandle } from '../../scripts/n8n/process';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';
import { DUB_NODE, dubEventWorkflow, eventually, LINKLY_NODE, linklyWorkflow, postTo, sandboxCredentials, savedHookSecret, waitForHookSaved, type TriggerWorkflow } from '../../scripts/n8n/workflows';

const REGISTRATION_ANSWER_DELAY_MS = 15_000;
/** Requests per service that cannot be authentic, sent one after another while nothing is saved. */
const ANONYMOUS_REQUESTS = 10;

const saleEntry = catalogueEntry('dub', 'sale.created');
const clickEntry = catalogueEntry('linkly', 'click');

const run = runSummary('n8n activation summary');

describe('deliveries while n8n is still activating the workflow, in a real n8n', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let api: OwnerSession;
  let dub: TriggerWorkflow & { workflow: Workflow };
  let linkly: TriggerWorkflow & { workflow: Workflow };
  let activations: Promise<unknown>;

  beforeAll(async () => {
    ({ sandbox, n8n, api } = await startSandboxedN8n(run));
    const { dub: dubCredential, linkly: linklyCredential } = await sandboxCredentials(api, sandbox);
    const dubDefinition = dubEventWorkflow(dubCredential, 'sale.created', 'Sales, activated slowly');
    const linklyDefinition = linklyWorkflow(linklyCredential);
    dub = { ...dubDefinition, workflow: await api.createWorkflow(dubDefinition.definition) };
    linkly = { ...linklyDefinition, workflow: await api.createWorkflow(linklyDefinition.definition) };

    sandbox.faults.inject({ match: { provider: 'dub', method: 'POST', path: '/webhooks' }, kind: 'slow_answer', delayMs: REGISTRATION_ANSWER_DELAY_MS });
    sandbox.faults.inject({ match: { provider: 'linkly', method: 'POST' }, kind: 'slow_answer', delayMs: REGISTRATION_ANSWER_DELAY_MS });
    // Not awaited: some n8n versions answer the activation only once create() has returned.
    activations = Promise.all([api.activate(dub.workflow.id), api.activate(linkly.workflow.id)]);
    await eventually('both hooks registered', () => (sandbox.dub.hooks().length === 1 && sandbox.linkly.hooks().length === 1 ? true : undefined));
    await n8n.waitForWebhook(dub.webhookPath);
    await n8n.waitForWebhook(linkly.webhookPath);
  }, 20 * 60_000);

  afterAll(async () => {
    await activations.catch(() => undefined);
    await stopSandboxedN8n({ sandbox, n8n }, run);
  }, 60_000);

  it("runs the workflow for Dub's and Linkly's first deliveries, answered 200 at the first attempt, and still refuses forgeries", async () => {
    const sale: DubEnvelope = { ...(saleEntry.sample as DubEnvelope), id: 'evt_duringactivation000001' };
    const forgedBody = JSON.stringify({ ...sale, id: 'evt_forgedduringactivation' });

    // Requests that cannot be authentic cost nothing: not one call to either service, though nothing is saved yet.
    const listCalls = () => [...sandbox.dub.requests(), ...sandbox.linkly.requests()].filter((request) => request.method === 'GET').length;
    const callsBefore = listCalls();
    const anonymous: number[] = [];
    for (let index = 0; index < ANONYMOUS_REQUESTS; index += 1) {
      // text/plain: n8n itself answers a body it cannot parse as its content type says before the node sees it.
      anonymous.push((await postTo(n8n.webhookUrl(dub.webhookPath), 'not json', { 'content-type': 'text/plain', 'dub-signature': 'forged' })).status);
      anonymous.push((await postTo(n8n.webhookUrl(linkly.webhookPath), JSON.stringify(clickEntry.sample))).status);
    }
    expect(listCalls() - callsBefore).toBe(0);
    expect(new Set(anonymous)).toEqual(new Set([401]));

    const dubReports = await sandbox.dub.deliver(sale);
    const linklyReports = await sandbox.linkly.deliver(clickEntry.sample);
    const forged = await postTo(n8n.webhookUrl(dub.webhookPath), forgedBody, { 'dub-signature': 'a'.repeat(64) });
    const tokenless = await postTo(n8n.webhookUrl(linkly.webhookPath), JSON.stringify(clickEntry.sample));
    // Still nothing saved once all were answered: every delivery came inside the moment this file is about.
    expect(await savedHookSecret(api, dub.workflow.id, DUB_NODE)).toBeUndefined();
    expect(await savedHookSecret(api, linkly.workflow.id, LINKLY_NODE)).toBeUndefined();

    expect(dubReports.map((report) => report.statuses)).toEqual([[200]]);
    expect(linklyReports.map((report) => report.statuses)).toEqual([[200]]);
    expect([forged.status, tokenless.status]).toEqual([401, 401]);
    const dubRuns = await api.waitForExecutions(dub.workflow.id, 1, 60_000);
    expect(dubRuns.map((execution) => execution.status)).toEqual(['success']);
    expect(dubRuns.flatMap((execution) => nodeOutput(execution, DUB_NODE))).toEqual([normalizedBy(saleEntry, sale)]);
    const linklyRuns = await api.waitForExecutions(linkly.workflow.id, 1, 60_000);
    expect(linklyRuns.map((execution) => execution.status)).toEqual(['success']);
    expect(linklyRuns.flatMap((execution) => nodeOutput(execution, LINKLY_NODE))).toEqual([normalizedBy(clickEntry, clickEntry.sample)]);
    run.proved(
      `before n8n had saved either hook, ${2 * ANONYMOUS_REQUESTS} requests without a valid-looking signature or token got 401 and made no call; ` +
        'a Dub sale and a Linkly click were answered 200 at once and ran once each; a forged sale and a tokenless click got 401',
    );
  }, 120_000);

  it('keeps the hooks n8n then saves, and never registers a second', async () => {
    await activations;
    await waitForHookSaved(api, dub.workflow.id, DUB_NODE);
    await waitForHookSaved(api, linkly.workflow.id, LINKLY_NODE);

    expect(sandbox.dub.hooks()).toHaveLength(1);
    expect(sandbox.linkly.hooks()).toHaveLength(1);
    expect(await savedHookSecret(api, dub.workflow.id, DUB_NODE)).toBe(sandbox.dub.hooks()[0]?.secret);
    run.proved('once activated, n8n kept the one hook per service that had been delivering');
  }, 120_000);

  it("leaves a line in n8n's log for an authentic delivery that starts nothing (an event not chosen)", async () => {
    const secret = sandbox.dub.hooks()[0]?.secret ?? '';
    const lead = JSON.stringify({ ...(catalogueEntry('dub', 'lead.created').sample as DubEnvelope), id: 'evt_notchosen00000000000001' });

    const answer = await postTo(n8n.webhookUrl(dub.webhookPath), lead, { 'dub-signature': signDubBody(lead, secret) });

    expect(answer.status).toBe(200);
    await eventually("the line in n8n's log", () => (n8n.logTail(400).includes('started nothing for a "lead.created" delivery (id evt_notchosen00000000000001)') ? true : undefined));
    run.proved(`a signed lead.created the node was not set for: answered ${answer.status}, nothing run, one line in n8n's log naming the event and its id`);
  }, 60_000);
});
