/**
 * Signing secrets the user pastes, in a real n8n: a partner's postbacks (the Dub Partner Postback Trigger, its
 * `pbsec_` secret in a Dub Signing Secret credential), and a Dub webhook added by hand (the Dub Trigger 1.2 reads its
 * secret from the same credential; a 1.1 node's old Signing Secret field still works). Deliveries come from the
 * sandbox, sent as Dub's code sends them. Run with `npm run test:e2e`.
 */
import { findEntry } from '../../shared';
import { DUB_TOKEN_BUSINESS, type DubEnvelope, type Sandbox } from '../../sandbox';
import { nodeOutput, type OwnerSession } from '../../scripts/n8n/api';
import type { N8nHandle } from '../../scripts/n8n/process';
import { DUB_NODE, DUB_POSTBACK_NODE, dubManualWorkflow, dubPostbackWorkflow, type TriggerWorkflow } from '../../scripts/n8n/workflows';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';

const run = runSummary('n8n pasted signing secrets summary');
/** Replaced once Dub has shown the secret for the workflow's URL. */
const NO_CREDENTIAL_YET = { id: '', name: '', type: 'dubSigningSecretApi' };
const sale = findEntry('dub', 'sale.created');

describe('signing secrets kept in a Dub Signing Secret credential, in a real n8n', () => {
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

  it('checks a hand-added Dub webhook against the credential (1.2), and still against the old field of a 1.1 node', async () => {
    // The hook as a user adds it in Dub's dashboard: Dub makes the secret.
    const register = async (url: string): Promise<string> => {
      const answer = await fetch(`${sandbox.dubBaseUrl}/webhooks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${DUB_TOKEN_BUSINESS}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Added by hand', url, triggers: ['sale.created'] }),
      });
      return ((await answer.json()) as { secret: string }).secret;
    };
    const inCredential = dubManualWorkflow({ credential: NO_CREDENTIAL_YET }, ['sale.created']);
    const secret = await register(n8n.webhookUrl(inCredential.webhookPath));
    const credential = await api.createCredential('dubSigningSecretApi', 'Dub webhook secret', { secret });
    inCredential.definition.nodes[0]!.credentials = { dubSigningSecretApi: { id: credential.id, name: credential.name } };
    const legacy = dubManualWorkflow({ field: '' }, ['sale.created']);
    (legacy.definition.nodes[0]!.parameters as Record<string, unknown>)['signingSecret'] = await register(n8n.webhookUrl(legacy.webhookPath));
    const ids = [await activated(inCredential), await activated(legacy)];

    const reports = await sandbox.dub.deliver({ ...(sale?.sample as DubEnvelope), id: 'evt_e2emanualsecretsale000001' });
    expect(reports.map((report) => report.statuses)).toEqual([[200], [200]]);
    for (const workflowId of ids) {
      const [execution] = await api.waitForExecutions(workflowId, 1, 60_000);
      expect(execution ? nodeOutput(execution, DUB_NODE) : []).toEqual([expect.objectContaining({ id: 'evt_e2emanualsecretsale000001', isPostback: false })]);
    }
    run.proved(`n8n ${n8n.version}: a hand-added hook's sale ran on a 1.2 node (secret in the credential) and on a 1.1 node (old field)`);
  }, 180_000);
});
