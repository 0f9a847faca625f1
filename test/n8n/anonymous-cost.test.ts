/**
 * No anonymous cost (issue 17, item 2). While a trigger has no saved hook (the activation gap, or for good once its
 * static data is lost), a delivery is checked against the hooks the service lists, which costs a call with the user's
 * key. A request that cannot be authentic must never cause that call, and the calls that well-formed forgeries can
 * cause are bounded: one per trigger and URL per interval in a process, however the requests arrive.
 */
import type { IWebhookFunctions } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { findEntry, signDubBody, URL_TOKEN_PARAM } from '../../shared';
import { callsTo, dubApiKeyCredentials, linklyCredentials, useSandbox } from '../support/sandbox';
import { webhookContext, type NodeSetup, type Refusal } from './support/contexts';

const REQUESTS = 20;
const dub = new DubTrigger();
const linkly = new LinklyTrigger();
const saleBody = JSON.stringify(findEntry('dub', 'sale.created')!.sample);
const clickBody = JSON.stringify(findEntry('linkly', 'click')!.sample);
const PATH = '/webhook/5b0c7f0e-0000-4000-8000-000000000001/webhook';
const GENERIC_503 = 'This trigger could not check this delivery yet. Try again later.';

let workflowSeq = 0;
/** A trigger of its own per test: the lookups kept for one test's trigger never answer another's. */
const freshWorkflow = () => ({ workflow: { id: `wf-anonymous-${(workflowSeq += 1)}`, name: 'Anonymous' } });

interface Sent {
  body: string;
  headers?: Record<string, string>;
  url?: string;
}

/** One request to a trigger that has saved nothing; what it was answered, and what the node logged. */
async function send(trigger: DubTrigger | LinklyTrigger, setup: NodeSetup, request: Sent): Promise<{ refusals: Refusal[]; logged: string[] }> {
  const { context, refusals, logged } = webhookContext({ staticData: {}, ...setup }, request);
  await trigger.webhook.call(context as IWebhookFunctions);
  return { refusals, logged };
}

async function sequentially(times: number, one: () => Promise<{ refusals: Refusal[]; logged: string[] }>) {
  const answers: Array<{ refusals: Refusal[]; logged: string[] }> = [];
  for (let index = 0; index < times; index += 1) answers.push(await one());
  return answers;
}

describe('Dub Trigger with no saved hook: what anonymous requests cost', () => {
  const sandbox = useSandbox();
  const setup = (extra: Partial<NodeSetup> = {}): NodeSetup => ({
    credentials: dubApiKeyCredentials(sandbox()),
    parameters: { authentication: 'apiKey', events: ['sale.created'] },
    ...freshWorkflow(),
    ...extra,
  });

  it.each([
    ['no Dub-Signature and a body that is not JSON', { body: 'not json at all' }, 401],
    ['no Dub-Signature on a JSON body', { body: saleBody }, 401],
    ['a Dub-Signature that is not 64 hex digits', { body: saleBody, headers: { 'dub-signature': 'sha256=forged' } }, 401],
    ['a Dub-Signature one digit short', { body: saleBody, headers: { 'dub-signature': 'a'.repeat(63) } }, 401],
    ['a well-formed Dub-Signature on a body that is not JSON', { body: '<html>', headers: { 'dub-signature': 'a'.repeat(64) } }, 400],
  ])(`${REQUESTS} sequential requests with %s: refused, and not one call to Dub`, async (_case, request, status) => {
    const trigger = setup();
    const answers = await sequentially(REQUESTS, () => send(dub, trigger, request));

    expect(callsTo(sandbox(), 'dub')).toEqual([]);
    expect(answers.map(({ refusals }) => refusals.map((refusal) => refusal.status))).toEqual(Array(REQUESTS).fill([status]));
  });

  it(`${REQUESTS} sequential forgeries in Dub's form (signed with a guessed secret): one call to Dub for all of them`, async () => {
    const trigger = setup();
    const forged = { body: saleBody, headers: { 'dub-signature': signDubBody(saleBody, 'whsec_guessed_by_a_forger_0000000') } };

    const answers = await sequentially(REQUESTS, () => send(dub, trigger, forged));

    expect(callsTo(sandbox(), 'dub')).toEqual(['GET /webhooks']);
    expect(answers.every(({ refusals }) => refusals.length === 1 && refusals[0]?.status === 401)).toBe(true);
  });

  it(`${REQUESTS} concurrent forgeries in Dub's form: one call to Dub`, async () => {
    const trigger = setup();
    const forged = { body: saleBody, headers: { 'dub-signature': signDubBody(saleBody, 'whsec_guessed_by_a_forger_0000000') } };

    await Promise.all(Array.from({ length: REQUESTS }, () => send(dub, trigger, forged)));

    expect(callsTo(sandbox(), 'dub')).toEqual(['GET /webhooks']);
  });

  it("when Dub cannot be asked: one call, a generic 503 to every caller (no Dub text, no base URL), one line in n8n's log", async () => {
    const revokedKey = 'dub_revokedKey0123456789abcdef';
    const trigger = setup({ credentials: dubApiKeyCredentials(sandbox(), revokedKey) });
    const forged = { body: saleBody, headers: { 'dub-signature': signDubBody(saleBody, 'whsec_guessed_by_a_forger_0000000') } };

    const answers = await sequentially(REQUESTS, () => send(dub, trigger, forged));

    expect(callsTo(sandbox(), 'dub')).toEqual(['GET /webhooks']);
    expect(answers.map(({ refusals }) => refusals)).toEqual(Array(REQUESTS).fill([{ status: 503, body: { error: GENERIC_503 } }]));
    const logged = answers.flatMap((answer) => answer.logged);
    expect(logged).toEqual([expect.stringMatching(/^warn: .*could not be read to check deliveries.*API key/i)]);
    expect(JSON.stringify(answers)).not.toContain(revokedKey);
    expect(JSON.stringify(answers.map(({ refusals }) => refusals))).not.toContain(sandbox().dubBaseUrl);
  });
});

describe('Linkly Trigger with no saved hook: what anonymous requests cost', () => {
  const sandbox = useSandbox();
  const setup = (): NodeSetup => ({ credentials: linklyCredentials(sandbox()), ...freshWorkflow() });

  it.each([
    ['no token in the URL', { body: clickBody, url: PATH }, 401],
    ['an empty token', { body: clickBody, url: `${PATH}?${URL_TOKEN_PARAM}=` }, 401],
    ['a token on a body that is not JSON', { body: 'click!', url: `${PATH}?${URL_TOKEN_PARAM}=guessed` }, 400],
  ])(`${REQUESTS} sequential requests with %s: refused, and not one call to Linkly`, async (_case, request, status) => {
    const trigger = setup();
    const answers = await sequentially(REQUESTS, () => send(linkly, trigger, request));

    expect(callsTo(sandbox(), 'linkly')).toEqual([]);
    expect(answers.map(({ refusals }) => refusals.map((refusal) => refusal.status))).toEqual(Array(REQUESTS).fill([status]));
  });

  it(`${REQUESTS} sequential requests with a guessed token: one call to Linkly for all of them`, async () => {
    const trigger = setup();

    await sequentially(REQUESTS, () => send(linkly, trigger, { body: clickBody, url: `${PATH}?${URL_TOKEN_PARAM}=guessed-by-a-forger-000000000000` }));

    expect(callsTo(sandbox(), 'linkly')).toHaveLength(1);
  });
});
