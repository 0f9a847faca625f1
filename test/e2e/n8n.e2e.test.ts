/**
 * Our n8n packages in a real n8n (Node 24, from the tools cache; LINKHOOKS_N8N_VERSION picks which), with the sandbox
 * standing in for Dub and Linkly. Each proof asserts on both sides: what n8n ran, and what the services saw.
 * Run with `npm run test:e2e`, which builds the n8n packages into dist/n8n first and runs this on the oldest and the
 * newest tested n8n.
 */
import { catalogueEntry, normalizedBy } from '../support/fixtures';
import { outputSchemaOf } from '../../shared/normalized/output-schema-of';
import { signDubBody, URL_TOKEN_PARAM, type CatalogueEntry } from '../../shared';
import {
  DUB_LINKS,
  DUB_OAUTH_CLIENT_ID,
  DUB_OAUTH_CLIENT_SECRET,
  DUB_OAUTH_TEST_CODE,
  LINKLY_WORKSPACE_PAID,
  type DubEnvelope,
  type Sandbox,
} from '../../sandbox';
import { nodeOutput, type Execution, type OwnerSession, type Workflow } from '../../scripts/n8n/api';
import { isN8nV1, type N8nHandle } from '../../scripts/n8n/process';
import { runSummary } from './run-summary';
import { startSandboxedN8n, stopSandboxedN8n } from './sandboxed-n8n';
import { DUB_NODE, dubOAuthWorkflow, dubWorkflow, eventually, inPool, LINKLY_NODE, linklyWorkflow, postTo, sandboxCredentials, waitForHookSaved, type TriggerWorkflow } from '../../scripts/n8n/workflows';

/**
 * The throughput proof is the newest n8n's. n8n 1.x writes every execution through one SQLite connection (its pooled
 * mode times out on the write lock): 16 deliveries at a time leave some unanswered past the sender's 10 s on a busy
 * machine, so it gets 4 at a time, and fewer of them (the matrix checks it works, within CI's time).
 */
const ON_N8N_V1 = isN8nV1(process.env.LINKHOOKS_N8N_VERSION ?? '');
const BURST = ON_N8N_V1 ? 300 : 1000;
const BURST_CONCURRENCY = ON_N8N_V1 ? 4 : 16;
/** Test listens started while the workflow is active, each getting the same event as production. */
const TEST_LISTEN_ROUNDS = 5;

const saleEntry = catalogueEntry('dub', 'sale.created');
const leadEntry = catalogueEntry('dub', 'lead.created');
const clickEntry = catalogueEntry('dub', 'link.clicked');
const linklyEntry = catalogueEntry('linkly', 'click');

let idSeq = 0;
/** A Dub event id of Dub's shape (`evt_` and 25 characters), unique in this run. */
function eventId(label: string): string {
  idSeq += 1;
  // The sequence number at a fixed width and a letter as padding: no two labels and numbers can give the same id.
  return `evt_${`${label}${String(idSeq).padStart(6, '0')}`.replace(/[^A-Za-z0-9]/g, '').padEnd(25, 'x').slice(0, 25)}`;
}

/** A Linkly click of the 2026 form: its own click.id (a ULID-like id unique in this run) and a whole-second time. */
function linklyClick(clickId: string, timestamp = '2026-09-14T08:15:42Z'): Record<string, unknown> {
  const sample = linklyEntry.sample as { click: object };
  return { ...sample, timestamp, click: { ...sample.click, id: clickId } };
}

function envelope(from: CatalogueEntry, id: string): DubEnvelope {
  return { ...(from.sample as DubEnvelope), id };
}

const run = runSummary('n8n end-to-end summary');

describe('our trigger nodes in a real n8n', () => {
  let sandbox: Sandbox;
  let n8n: N8nHandle;
  let api: OwnerSession;
  let dub: TriggerWorkflow & { workflow: Workflow };
  let linkly: TriggerWorkflow & { workflow: Workflow };
  /** Executions each workflow should have by now. */
  const expected = { dub: 0, linkly: 0 };

  const dubUrl = () => n8n.webhookUrl(dub.webhookPath);
  const linklyUrl = () => n8n.webhookUrl(linkly.webhookPath);
  const dubPosts = () => sandbox.dub.requests().filter((request) => request.method === 'POST' && request.path === '/webhooks');

  async function runs(of: { workflow: Workflow }, count: number): Promise<Execution[]> {
    const executions = await api.waitForExecutions(of.workflow.id, count, 5 * 60_000);
    expect(executions).toHaveLength(count);
    expect(executions.filter((execution) => execution.status !== 'success')).toEqual([]);
    return executions;
  }

  beforeAll(async () => {
    ({ sandbox, n8n, api } = await startSandboxedN8n(run));
    const { dub: dubCredential, linkly: linklyCredential } = await sandboxCredentials(api, sandbox);
    const dubDefinition = dubWorkflow(dubCredential, DUB_LINKS.slice(0, 2).map((link) => String(link.id)));
    const linklyDefinition = linklyWorkflow(linklyCredential);
    dub = { ...dubDefinition, workflow: await api.createWorkflow(dubDefinition.definition) };
    linkly = { ...linklyDefinition, workflow: await api.createWorkflow(linklyDefinition.definition) };
  }, 20 * 60_000);

  afterAll(() => stopSandboxedN8n({ sandbox, n8n }, run), 60_000);

  it('registers hooks with the right bodies when the workflows are activated', async () => {
    await run.timed('activate', async () => {
      await api.activate(dub.workflow.id);
      await api.activate(linkly.workflow.id);
    });

    // n8n registers in the background and answers the activation regardless: judge by what the services saw.
    const [dubHook] = await eventually('the Dub hook', () => (sandbox.dub.hooks().length > 0 ? sandbox.dub.hooks() : undefined));
    expect(sandbox.dub.hooks()).toHaveLength(1);
    expect(JSON.parse(dubPosts()[0]?.body ?? '{}')).toEqual({
      name: 'n8n: Dub sales and clicks',
      url: dubUrl(),
      triggers: ['sale.created', 'link.clicked'],
      linkScope: 'links',
      linkIds: DUB_LINKS.slice(0, 2).map((link) => String(link.id)),
    });
    expect(dubHook?.url).toBe(dubUrl());

    const [linklyHook] = await eventually('the Linkly hook', () => (sandbox.linkly.hooks().length > 0 ? sandbox.linkly.hooks() : undefined));
    expect(sandbox.linkly.hooks()).toHaveLength(1);
    const registered = new URL(linklyHook?.url ?? 'http://invalid');
    expect(registered.searchParams.get(URL_TOKEN_PARAM)).toMatch(/^[A-Za-z0-9_-]{32}$/);
    registered.search = '';
    expect(registered.toString()).toBe(linklyUrl());
    expect(linklyHook).toMatchObject({ scope: 'workspace', workspaceId: LINKLY_WORKSPACE_PAID });

    await n8n.waitForWebhook(dub.webhookPath);
    await n8n.waitForWebhook(linkly.webhookPath);
    run.proved('activation registered one Dub hook (sale.created + link.clicked on 2 links) and one tokened Linkly hook');
  }, 120_000);

  it("runs the workflow with the normalized event for the services' deliveries of every selected event", async () => {
    const sale = envelope(saleEntry, eventId('sale'));
    const click = envelope(clickEntry, eventId('click'));

    for (const body of [sale, click]) {
      const reports = await sandbox.dub.deliver(body);
      expect(reports.map((report) => report.statuses)).toEqual([[200]]);
    }
    const linklyReports = await sandbox.linkly.deliver(linklyEntry.sample);
    expect(linklyReports.map((report) => report.statuses)).toEqual([[200]]);

    expected.dub += 2;
    expected.linkly += 1;
    const dubOutputs = (await runs(dub, expected.dub)).flatMap((execution) => nodeOutput(execution, DUB_NODE));
    expect(dubOutputs).toEqual(expect.arrayContaining([normalizedBy(saleEntry, sale), normalizedBy(clickEntry, click)]));
    expect(dubOutputs).toHaveLength(2);
    const linklyOutputs = (await runs(linkly, expected.linkly)).flatMap((execution) => nodeOutput(execution, LINKLY_NODE));
    expect(linklyOutputs).toEqual([normalizedBy(linklyEntry, linklyEntry.sample)]);
    run.proved('signed sale.created and link.clicked, and a tokened Linkly click, each ran once with the normalized event');
  }, 120_000);

  it("Linkly: two clicks on one link in one second both run (Skip Redeliveries on), the same click again does not, and a link event starts no click trigger", async () => {
    const first = linklyClick('01K5H3Q7ZV8R2N4M6P9T1SAME1');
    const second = linklyClick('01K5H3Q7ZV8R2N4M6P9T1SAME2');
    for (const body of [first, second, first, catalogueEntry('linkly', 'link.created').sample]) {
      expect((await sandbox.linkly.deliver(body)).map((report) => report.statuses)).toEqual([[200]]);
    }
    // The repeated click and the link event: answered 200, nothing run. The next genuine click shows nothing else ran.
    const marker = linklyClick('01K5H3Q7ZV8R2N4M6P9T1MARKR', '2026-09-14T08:15:43Z');
    expect((await sandbox.linkly.deliver(marker)).map((report) => report.statuses)).toEqual([[200]]);
    expected.linkly += 3;
    const outputs = (await runs(linkly, expected.linkly)).flatMap((execution) => nodeOutput(execution, LINKLY_NODE));
    // runs() holds the executions to exactly the count expected: the repeated click and the link event added none.
    const ranWith = (clickId: string) => outputs.filter((item) => item.id === `linkly_click_${clickId}`);
    for (const clickId of ['01K5H3Q7ZV8R2N4M6P9T1SAME1', '01K5H3Q7ZV8R2N4M6P9T1SAME2', '01K5H3Q7ZV8R2N4M6P9T1MARKR']) expect(ranWith(clickId)).toHaveLength(1);
    expect(outputs.filter((item) => item.trigger !== 'click')).toEqual([]);
    run.proved('two Linkly clicks in one second on one link each ran once; the repeated click and a link.created were answered 200 and ran nothing');
  }, 120_000);

  it('refuses a forged Dub delivery and a Linkly delivery without the token, running nothing', async () => {
    const forgedBody = JSON.stringify(envelope(saleEntry, eventId('forged')));
    const forged = await postTo(dubUrl(), forgedBody, { 'dub-signature': signDubBody(forgedBody, 'whsec_guessed_by_a_forger_0000000') });
    const unsigned = await postTo(dubUrl(), forgedBody);
    const tokenless = await postTo(linklyUrl(), JSON.stringify(linklyEntry.sample));
    const wrongToken = await postTo(`${linklyUrl()}?${URL_TOKEN_PARAM}=guessed`, JSON.stringify(linklyEntry.sample));

    expect([forged.status, unsigned.status, tokenless.status, wrongToken.status]).toEqual([401, 401, 401, 401]);
    expect(JSON.parse(forged.text)).toEqual({ error: expect.stringContaining('Dub-Signature does not match') });

    // A genuine delivery after the refusals: once it has run, nothing else may have.
    const genuine = envelope(saleEntry, eventId('afterforged'));
    await sandbox.dub.deliver(genuine);
    await sandbox.linkly.deliver(linklyClick('01K5H3Q7ZV8R2N4M6P9T1AFTER', '2026-09-14T08:16:00Z'));
    expected.dub += 1;
    expected.linkly += 1;
    const latestDub = (await runs(dub, expected.dub)).flatMap((execution) => nodeOutput(execution, DUB_NODE));
    expect(latestDub.filter((item) => item.id === genuine.id)).toHaveLength(1);
    await runs(linkly, expected.linkly);
    run.proved('forged, unsigned, tokenless and wrong-token deliveries were answered 401 and ran nothing');
  }, 120_000);

  it('runs the workflow for a signed sale.created that drifted from the catalogue, listing what did not read; a forged copy is refused', async () => {
    const drifted = envelope(saleEntry, eventId('drifted')) as DubEnvelope & { data: { customer: Record<string, unknown>; sale: Record<string, unknown> } };
    drifted.data = { ...drifted.data, customer: { ...drifted.data.customer, id: 12345 }, sale: { ...drifted.data.sale, amount: '4500', currency: null } };

    const reports = await sandbox.dub.deliver(drifted);
    expect(reports.map((report) => report.statuses)).toEqual([[200]]);
    const forgedBody = JSON.stringify({ ...drifted, id: eventId('driftforged') });
    const forged = await postTo(dubUrl(), forgedBody, { 'dub-signature': signDubBody(forgedBody, 'whsec_guessed_by_a_forger_0000000') });
    expect(forged.status).toBe(401);

    expected.dub += 1;
    const outputs = (await runs(dub, expected.dub)).flatMap((execution) => nodeOutput(execution, DUB_NODE));
    const item = outputs.find((output) => output.id === drifted.id);
    expect(item).toEqual(normalizedBy(saleEntry, drifted));
    expect(item).toMatchObject({ customer: { id: '12345' }, sale: { amount: 4500, currency: null } });
    expect(item?.['unreadFields']).toEqual([
      { path: 'data.customer.id', expected: 'text', received: '12345' },
      { path: 'data.sale.amount', expected: 'a whole number', received: '"4500"' },
      { path: 'data.sale.currency', expected: 'text', received: 'null' },
    ]);
    expect(outputSchemaOf(saleEntry.trigger).safeParse(item).success).toBe(true);
    run.proved('a drifted sale.created (customer.id a number, amount a string, currency null) was answered 200 and ran once, its unreadFields listed; its forged copy got 401');
  }, 120_000);

  it('keeps a test listen and the active workflow apart: one event sent to both hooks runs once in each', async () => {
    const [productionHook] = sandbox.dub.hooks();
    const delivered: string[] = [];
    for (let round = 1; round <= TEST_LISTEN_ROUNDS; round += 1) {
      // What the editor's "Listen for test event" sends (n8n 1.x wants the workflow with it; 2.x ignores it).
      await api.rest('POST', `/workflows/${dub.workflow.id}/run`, {
        workflowData: await api.getWorkflow(dub.workflow.id),
        triggerToStartFrom: { name: DUB_NODE },
        destinationNode: { nodeName: DUB_NODE, mode: 'inclusive' },
      });
      const testHook = await eventually('the test hook', () => sandbox.dub.hooks().find((hook) => hook.url.includes('/webhook-test/')));
      expect(testHook.secret).not.toBe(productionHook?.secret);

      // Dub sends one event to every hook that wants it, at once.
      const sale = envelope(saleEntry, eventId(`listen${round}`));
      const reports = await sandbox.dub.deliver(sale);
      expect(reports.map((report) => [report.url.includes('/webhook-test/') ? 'test' : 'production', report.statuses]).sort()).toEqual([
        ['production', [200]],
        ['test', [200]],
      ]);
      delivered.push(sale.id);
      expected.dub += 2;
      const executions = await runs(dub, expected.dub);
      const ranWith = (mode: string) => executions.filter((execution) => execution.mode === mode && nodeOutput(execution, DUB_NODE).some((item) => item.id === sale.id));
      expect(ranWith('webhook')).toHaveLength(1);
      expect(ranWith('manual')).toHaveLength(1);

      // The listen ends with its first event: its delete() removes its own hook and leaves production's as it was.
      await eventually('the test hook removed', () => (sandbox.dub.hooks().length === 1 ? true : undefined));
      expect(sandbox.dub.hooks()).toEqual([expect.objectContaining({ id: productionHook?.id, secret: productionHook?.secret, url: dubUrl() })]);
    }

    // Production still remembers what it ran: Dub redelivering those events runs nothing.
    for (const id of delivered) expect((await sandbox.dub.deliver(envelope(saleEntry, id))).map((report) => report.statuses)).toEqual([[200]]);
    const marker = envelope(saleEntry, eventId('listenmarker'));
    await sandbox.dub.deliver(marker);
    expected.dub += 1;
    const after = (await runs(dub, expected.dub)).filter((execution) => execution.mode === 'webhook').flatMap((execution) => nodeOutput(execution, DUB_NODE));
    for (const id of delivered) expect(after.filter((item) => item.id === id)).toHaveLength(1);
    expect(after.map((item) => item.id)).toContain(marker.id);
    run.proved(
      `${TEST_LISTEN_ROUNDS} test listens on the active workflow: each event sent to both hooks ran once in production and once as the test result; ` +
        "each listen removed only its own hook, and production's redeliveries stayed skipped",
    );
  }, 5 * 60_000);

  it(`runs ${BURST} deliveries sent ${BURST_CONCURRENCY} at a time exactly once each, and skips a redelivery`, async () => {
    const ids = Array.from({ length: BURST }, (_, index) => eventId(`burst${index}`));
    const reports = await run.timed(`burst of ${BURST}`, () => inPool(ids, BURST_CONCURRENCY, (id) => sandbox.dub.deliver(envelope(saleEntry, id))));
    expect(reports.flat().filter((report) => !report.delivered)).toEqual([]);

    expected.dub += BURST;
    const executions = await run.timed(`${BURST} executions`, () => runs(dub, expected.dub));
    const emitted = executions.flatMap((execution) => nodeOutput(execution, DUB_NODE)).map((item) => String(item.id));
    expect(emitted.filter((id) => ids.includes(id)).sort()).toEqual([...ids].sort());

    // Dub retries soon after a failure: the latest ids are the ones a redelivery repeats.
    const redelivered = await sandbox.dub.deliver(envelope(saleEntry, ids[BURST - 1] ?? ''));
    expect(redelivered.map((report) => report.statuses)).toEqual([[200]]);
    const marker = envelope(saleEntry, eventId('marker'));
    await sandbox.dub.deliver(marker);
    expected.dub += 1;
    const after = (await runs(dub, expected.dub)).flatMap((execution) => nodeOutput(execution, DUB_NODE)).map((item) => String(item.id));
    expect(after.filter((id) => id === ids[BURST - 1])).toHaveLength(1);
    expect(after).toContain(marker.id);
    run.proved(`${BURST} deliveries (${BURST_CONCURRENCY} at a time) gave ${BURST} executions, none lost; a redelivered id ran nothing`);
  }, 15 * 60_000);

  it('keeps the hooks working across a restart without registering any twice', async () => {
    const postsBefore = dubPosts().length;
    const linklyPostsBefore = sandbox.linkly.requests().filter((request) => request.method === 'POST').length;

    await run.timed('restart', () => n8n.restart());
    await n8n.waitForWebhook(dub.webhookPath);
    await n8n.waitForWebhook(linkly.webhookPath);

    expect(sandbox.dub.hooks()).toHaveLength(1);
    expect(sandbox.linkly.hooks()).toHaveLength(1);
    expect(dubPosts()).toHaveLength(postsBefore);
    expect(sandbox.linkly.requests().filter((request) => request.method === 'POST')).toHaveLength(linklyPostsBefore);

    const sale = envelope(saleEntry, eventId('afterrestart'));
    expect((await sandbox.dub.deliver(sale)).map((report) => report.statuses)).toEqual([[200]]);
    expect((await sandbox.linkly.deliver(linklyClick('01K5H3Q7ZV8R2N4M6P9T1RESTRT', '2026-09-14T08:17:00Z'))).map((report) => report.statuses)).toEqual([[200]]);
    expected.dub += 1;
    expected.linkly += 1;
    const outputs = (await runs(dub, expected.dub)).flatMap((execution) => nodeOutput(execution, DUB_NODE));
    expect(outputs).toContainEqual(normalizedBy(saleEntry, sale));
    await runs(linkly, expected.linkly);
    run.proved('after a restart both hooks still delivered, and no hook was registered again');
  }, 5 * 60_000);

  it('registers over OAuth2 after n8n refreshes an expired access token, and removes the hook again', async () => {
    const tokenAnswer = await fetch(`${sandbox.dubBaseUrl}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: DUB_OAUTH_TEST_CODE,
        client_id: DUB_OAUTH_CLIENT_ID,
        client_secret: DUB_OAUTH_CLIENT_SECRET,
      }),
    });
    const { refresh_token: refreshToken } = (await tokenAnswer.json()) as { refresh_token: string };
    const credential = await api.createCredential('dubOAuth2Api', 'Dub OAuth2 (sandbox)', {
      authUrl: `${sandbox.dubBaseUrl}/oauth/authorize`,
      accessTokenUrl: `${sandbox.dubBaseUrl}/oauth/token`,
      clientId: DUB_OAUTH_CLIENT_ID,
      clientSecret: DUB_OAUTH_CLIENT_SECRET,
      baseUrl: sandbox.dubBaseUrl,
      oauthTokenData: { access_token: 'dub_access_token_expired', refresh_token: refreshToken, token_type: 'Bearer' },
    });
    const leads = dubOAuthWorkflow(credential);
    const workflow = await api.createWorkflow(leads.definition);
    const hooksBefore = sandbox.dub.hooks().length;

    await api.activate(workflow.id);

    const hook = await eventually('the OAuth2 hook', () => sandbox.dub.hooks().find((candidate) => candidate.url === n8n.webhookUrl(leads.webhookPath)));
    expect(hook.triggers).toEqual(['lead.created']);
    const refreshes = sandbox.dub.requests().filter((request) => request.path === '/oauth/token' && request.body.includes('grant_type=refresh_token'));
    expect(refreshes.map((request) => request.status)).toEqual([200]);

    await n8n.waitForWebhook(leads.webhookPath);
    await waitForHookSaved(api, workflow.id, DUB_NODE);
    const lead = envelope(leadEntry, eventId('oauthlead'));
    expect((await sandbox.dub.deliver(lead)).map((report) => report.statuses)).toEqual([[200]]);
    const [execution] = await runs({ workflow }, 1);
    expect(nodeOutput(execution as Execution, DUB_NODE)).toEqual([normalizedBy(leadEntry, lead)]);

    await api.deactivate(workflow.id);
    await eventually('the OAuth2 hook removed', () => (sandbox.dub.hooks().length === hooksBefore ? true : undefined));
    run.proved('an OAuth2 connection with an expired token was refreshed by n8n, registered lead.created, ran, and was removed');
  }, 120_000);

  it('removes the hooks when the workflows are deactivated', async () => {
    const deletes = () => [...sandbox.dub.requests(), ...sandbox.linkly.requests()].filter((request) => request.method === 'DELETE');
    const deletesBefore = deletes().length;

    await api.deactivate(dub.workflow.id);
    await api.deactivate(linkly.workflow.id);

    await eventually('both hooks removed', () => (sandbox.dub.hooks().length + sandbox.linkly.hooks().length === 0 ? true : undefined));
    expect(deletes().slice(deletesBefore).map((request) => request.status)).toEqual([200, 200]);
    run.proved('deactivation removed both hooks');
  }, 120_000);
});
