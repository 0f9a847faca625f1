/**
 * External payouts in a real n8n: a Dub Trigger set to answer when the workflow finishes tells Dub whether the
 * payment step ran. Dub marks an external payout completed on a 2xx answer and failed once every retry was
 * answered otherwise (../shared/reference/dub.md, "payout.confirmed and external payouts"), so the answer is the
 * "paid" signal. Run with `npm run test:e2e`.
 */
import { findEntry, signDubBody } from '../../shared';
import { DUB_TOKEN_BUSINESS, type DubEnvelope, type Sandbox } from '../../sandbox';
import type { OwnerSession, Workflow } from '../../scripts/n8n/api';
import type { N8nHandle } from '../../scripts/n8n/process';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';
import { DUB_NODE, dubPayoutWorkflow, eventually, postTo, waitForHookSaved, type TriggerWorkflow } from '../../scripts/n8n/workflows';

const payoutEntry = findEntry('dub', 'payout.confirmed');
if (!payoutEntry) throw new Error('no catalogue entry for payout.confirmed');
const payoutSample = payoutEntry.sample as DubEnvelope;

function payout(id: string): DubEnvelope {
  return { ...payoutSample, id };
}

const run = runSummary('n8n external payouts summary');

describe('a Dub Trigger that answers when the workflow finishes, in a real n8n', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let api: OwnerSession;
  let paying: TriggerWorkflow & { workflow: Workflow };
  let failing: TriggerWorkflow & { workflow: Workflow };

  const hookOf = (of: TriggerWorkflow) => sandbox.dub.hooks().find((hook) => hook.url === n8n.webhookUrl(of.webhookPath));

  beforeAll(async () => {
    ({ sandbox, n8n, api } = await startSandboxedN8n(run));
    const credential = await api.createCredential('dubApi', 'Dub (sandbox)', { apiKey: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl });
    const payingDefinition = dubPayoutWorkflow(credential, 'succeeds');
    const failingDefinition = dubPayoutWorkflow(credential, 'fails');
    paying = { ...payingDefinition, workflow: await api.createWorkflow(payingDefinition.definition) };
    failing = { ...failingDefinition, workflow: await api.createWorkflow(failingDefinition.definition) };
    await api.activate(paying.workflow.id);
    await api.activate(failing.workflow.id);
    await eventually('both payout hooks', () => (hookOf(paying) && hookOf(failing) ? true : undefined));
    await n8n.waitForWebhook(paying.webhookPath);
    await n8n.waitForWebhook(failing.webhookPath);
    await waitForHookSaved(api, paying.workflow.id, DUB_NODE);
    await waitForHookSaved(api, failing.workflow.id, DUB_NODE);
  }, 20 * 60_000);

  afterAll(() => stopSandboxedN8n({ sandbox, n8n }, run), 60_000);

  it('answers 2xx only once the payment step has run, and non-2xx on every retry of a workflow that fails', async () => {
    const reports = await sandbox.dub.deliver(payout('evt_payoutpaidorrefused00001'));
    const answers = (of: TriggerWorkflow) => reports.find((report) => report.url === n8n.webhookUrl(of.webhookPath))?.statuses;

    // Dub's delivery to the paying workflow succeeded at once: Dub marks the payout completed.
    expect(answers(paying)).toEqual([200]);
    // Every attempt at the failing workflow was answered 500 and ran it again: Dub marks the payout failed.
    const failedAnswers = answers(failing) ?? [];
    expect(failedAnswers.length).toBeGreaterThan(1);
    expect(new Set(failedAnswers)).toEqual(new Set([500]));

    const failedRuns = await api.waitForExecutions(failing.workflow.id, failedAnswers.length, 60_000);
    expect(failedRuns.map((execution) => execution.status)).toEqual(failedAnswers.map(() => 'error'));
    const paidRuns = await api.waitForExecutions(paying.workflow.id, 1, 60_000);
    expect(paidRuns.map((execution) => execution.status)).toEqual(['success']);
    run.proved(`a paying workflow answered Dub [200]; a failing one answered ${failedAnswers.length} attempts with 500, each one run`);
  }, 120_000);

  it('has the execution finished by the time Dub gets the 2xx, with nothing of it in the answer', async () => {
    const body = JSON.stringify(payout('evt_payoutansweredafterrun1'));
    const hook = hookOf(paying);
    const before = (await api.executions(paying.workflow.id, { includeData: false })).length;

    const answer = await postTo(n8n.webhookUrl(paying.webhookPath), body, { 'dub-signature': signDubBody(body, hook?.secret ?? '') });

    expect(answer).toEqual({ status: 200, text: '' });
    // No waiting: the answer itself is the signal that the workflow has run.
    const after = await api.executions(paying.workflow.id, { includeData: false });
    expect(after).toHaveLength(before + 1);
    expect(after.every((execution) => execution.finished && execution.status === 'success')).toBe(true);
    run.proved('the 2xx reached Dub after the execution had finished, with an empty body');
  }, 120_000);
});
