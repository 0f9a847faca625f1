import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { findEntry, URL_TOKEN_PARAM } from '../../shared';
import { LINKLY_WORKSPACE_PAID } from '../../sandbox';
import { answerDelivery, hookContext, webhookContext, WEBHOOK_URL, type NodeSetup } from './support/contexts';
import { callsTo, linklyCredentials, useSandbox } from '../support/sandbox';

const trigger = new LinklyTrigger();
const TOKEN = 'tkn_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
const clickEntry = findEntry('linkly', 'click')!;
const PATH = '/webhook/5b0c7f0e-0000-4000-8000-000000000001/webhook';

let workflowSeq = 0;

function deliver(body: unknown, url: string, options: Record<string, unknown> = {}) {
  return webhookContext(
    { staticData: { hookId: 'h1', secret: TOKEN }, parameters: { options }, workflow: { id: `wf-linkly-${(workflowSeq += 1)}`, name: 'Clicks' } },
    { body: JSON.stringify(body), url },
  );
}

async function itemsFrom(context: IWebhookFunctions): Promise<IDataObject[]> {
  const response = await trigger.webhook.call(context);
  answerDelivery(context);
  return (response.workflowData ?? []).flat().map((item) => item.json);
}

const botClick = { ...(clickEntry.sample as Record<string, unknown>), click: { ...(clickEntry.sample as { click: object }).click, bot_name: 'Googlebot' } };

describe('Linkly Trigger: receiving a click', () => {
  it('emits the normalized click for a delivery carrying our token', async () => {
    const { context } = deliver(clickEntry.sample, `${PATH}?${URL_TOKEN_PARAM}=${TOKEN}`);

    expect(await itemsFrom(context)).toEqual([clickEntry.normalizedSample()]);
  });

  it('refuses a delivery without the token with 401 and starts nothing', async () => {
    const { context, refusals } = deliver(clickEntry.sample, PATH);

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals).toEqual([{ status: 401, body: { error: expect.stringContaining(URL_TOKEN_PARAM) } }]);
  });

  it('refuses a delivery with a wrong token with 401 and starts nothing', async () => {
    const { context, refusals } = deliver(clickEntry.sample, `${PATH}?${URL_TOKEN_PARAM}=guessed`);

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });

  it('keeps bot clicks, flagged, unless asked to drop them', async () => {
    const url = `${PATH}?${URL_TOKEN_PARAM}=${TOKEN}`;

    const [kept] = await itemsFrom(deliver(botClick, url).context);
    expect(kept).toMatchObject({ click: { isBot: true, botName: 'Googlebot' } });
    const dropped = deliver(botClick, url, { dropBotClicks: true });
    expect(await itemsFrom(dropped.context)).toEqual([]);
    expect(dropped.logged).toEqual([expect.stringMatching(/^info: .*started nothing for a "click" delivery \(id \S+\): a bot's click/)]);
    expect(await itemsFrom(deliver(clickEntry.sample, url, { dropBotClicks: true }).context)).toHaveLength(1);
  });

  it.each([
    ['missing', undefined, null],
    ['renamed', 'link.clicked', '"link.clicked"'],
  ])('still emits the click when its event field is %s, the drift listed in unreadFields', async (_how, event, received) => {
    const { event: _dropped, ...rest } = clickEntry.sample as Record<string, unknown>;
    const drifted = event === undefined ? rest : { ...rest, event };

    const [item] = await itemsFrom(deliver(drifted, `${PATH}?${URL_TOKEN_PARAM}=${TOKEN}`).context);

    const expected = clickEntry.normalizedSample() as { unreadFields: unknown[] };
    expect(item).toEqual({ ...expected, unreadFields: [expect.objectContaining({ path: 'event', received })] });
  });
});

/**
 * n8n saves what create() kept (the token in the URL it registered) only once the workflow's activation is over, and
 * Linkly may deliver a click before. Linkly never retries, so a refusal would lose it: the trigger asks Linkly which
 * of its URLs are registered instead.
 */
describe('Linkly Trigger: a click before n8n has saved the hook', () => {
  const sandbox = useSandbox();
  const lifecycle = trigger.webhookMethods.default;

  async function activateWithoutSaving(): Promise<string> {
    const { context } = hookContext({ credentials: linklyCredentials(sandbox()) });
    await lifecycle.create.call(context);
    const [hook] = sandbox().linkly.hooks();
    const token = hook ? new URL(hook.url).searchParams.get(URL_TOKEN_PARAM) : null;
    if (!token) throw new Error('create() registered no tokened URL');
    return token;
  }

  function deliverUnsaved(token: string, extra: Partial<NodeSetup> = {}) {
    return webhookContext(
      { staticData: {}, credentials: linklyCredentials(sandbox()), workflow: { id: `wf-linkly-${(workflowSeq += 1)}`, name: 'Clicks' }, ...extra },
      { body: JSON.stringify(clickEntry.sample), url: `${PATH}?${URL_TOKEN_PARAM}=${token}` },
    );
  }

  it('emits the click carrying the token Linkly lists for this URL', async () => {
    const token = await activateWithoutSaving();
    const before = callsTo(sandbox(), 'linkly').length;

    expect(await itemsFrom(deliverUnsaved(token).context)).toEqual([clickEntry.normalizedSample()]);
    expect(callsTo(sandbox(), 'linkly').slice(before)).toEqual([`GET /workspace/${LINKLY_WORKSPACE_PAID}/webhooks`]);
  });

  it('still refuses a click with another token (401)', async () => {
    await activateWithoutSaving();
    const { context, refusals } = deliverUnsaved('guessed-by-a-forger-000000000000');

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals).toEqual([{ status: 401, body: { error: expect.stringContaining(`${URL_TOKEN_PARAM} in the request URL is wrong`) } }]);
  });

  it("on n8n before 2.34 a test listen's URL is unknown to webhook(): refused (401) without asking Linkly", async () => {
    const token = await activateWithoutSaving();
    const before = callsTo(sandbox(), 'linkly').length;
    const testUrl = WEBHOOK_URL.replace('/webhook/', '/webhook-test/');

    const { context, refusals } = deliverUnsaved(token, { webhookUrl: testUrl, n8n: 'before 2.34' });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
    expect(callsTo(sandbox(), 'linkly').slice(before)).toEqual([]);
  });
});
