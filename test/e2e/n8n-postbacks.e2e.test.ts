/**
 * A partner's postbacks in a real n8n: the Dub Partner Postback Trigger, its `pbsec_` secret in a Dub Signing Secret
 * credential. Postbacks come from the sandbox, sent as Dub's code sends them. Run with `npm run test:e2e`.
 */
import type { Sandbox } from '../../sandbox';
import { nodeOutput, type OwnerSession } from '../../scripts/n8n/api';
import type { N8nHandle } from '../../scripts/n8n/process';
import { DUB_POSTBACK_NODE, dubPostbackWorkflow, type TriggerWorkflow } from '../../scripts/n8n/workflows';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';

const run = runSummary('n8n partner postbacks summary');
/** Replaced once Dub has shown the secret for the workflow's URL. */
const NO_CREDENTIAL_YET = { id: '', name: '', type: 'dubSigningSecretApi' };

describe('Dub partner postbacks in a real n8n', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let api: OwnerSession;

  beforeAll(async () => {
    ({ sandbox, n8n, api } = await startSandboxedN8n(run));
  }, 20 * 60_000);

  afterAll(() => stopSandboxedN8n({ sandbox, n8n }, run), 60_000);

  async function activated(workflow: TriggerWorkflow): Promise<string> {
    const created = await api.createWorkflow(workflow.definition);
    await api.activate(created.id);
    await n8n.waitForWebhook(workflow.webhookPath);
    return created.id;
  }

  it("runs a partner's signed postback once, normalized and marked as a postback, and starts nothing for a forged one", async () => {
    // The URL comes first (the partner pastes it into Dub), the secret Dub then shows goes into the credential.
    const workflow = dubPostbackWorkflow(NO_CREDENTIAL_YET, ['commission.created']);
    const url = n8n.webhookUrl(workflow.webhookPath);
    const postback = sandbox.dub.postbacks.add(url, ['commission.created']);
    const credential = await api.createCredential('dubSigningSecretApi', 'Dub postback secret', { secret: postback.secret });
    const node = workflow.definition.nodes[0]!;
    node.credentials = { dubSigningSecretApi: { id: credential.id, name: credential.name } };
    const workflowId = await activated(workflow);

    // The partner's view of a commission (Dub's postback schemas): no partner, here no link or customer either.
    const data = { id: 'cm_e2e_postback', type: 'custom', amount: 4900, earnings: 980, currency: 'eur', status: 'pending', description: null, quantity: 1, createdAt: '2026-12-06T10:00:00.000Z', link: null, customer: null };
    const [report] = await sandbox.dub.postbacks.send('commission.created', data);
    expect(report?.statuses).toEqual([200]);

    const [execution] = await api.waitForExecutions(workflowId, 1, 60_000);
    const [item] = execution ? nodeOutput(execution, DUB_POSTBACK_NODE) : [];
    expect(item).toMatchObject({ event: 'commission.created', isPostback: true, partner: null, unreadFields: [], commission: { id: 'cm_e2e_postback', earnings: 980, currency: 'EUR' } });

    // A postback another partner's secret signed: 401, and no second execution.
    const other = sandbox.dub.postbacks.add(url, ['commission.created']);
    sandbox.dub.postbacks.disable(postback.id);
    const [forged] = await sandbox.dub.postbacks.send('commission.created', data);
    expect(forged?.statuses[0]).toBe(401);
    sandbox.dub.postbacks.disable(other.id);
    expect(await api.executions(workflowId, { includeData: false })).toHaveLength(1);
    run.proved(`n8n ${n8n.version}: a signed postback ran once as a postback commission; one signed with another secret was answered ${forged?.statuses[0]}`);
  }, 180_000);
});
