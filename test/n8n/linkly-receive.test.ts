import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { LinklyTrigger } from '../../n8n/linkly/nodes/LinklyTrigger/LinklyTrigger.node';
import { findEntry, URL_TOKEN_PARAM } from '../../shared';
import { answerDelivery, webhookContext } from './support/contexts';

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
    expect(await itemsFrom(deliver(botClick, url, { dropBotClicks: true }).context)).toEqual([]);
    expect(await itemsFrom(deliver(clickEntry.sample, url, { dropBotClicks: true }).context)).toHaveLength(1);
  });
});
