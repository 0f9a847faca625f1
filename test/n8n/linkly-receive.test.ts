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

describe('Linkly Trigger: click ids and Skip Redeliveries (on by default)', () => {
  const url = `${PATH}?${URL_TOKEN_PARAM}=${TOKEN}`;
  const sample = clickEntry.sample as { timestamp: string; click: Record<string, unknown> };
  const clickAt = (timestamp: string, clickId: string | undefined) => {
    const click = { ...sample.click };
    if (clickId === undefined) delete click.id;
    else click.id = clickId;
    return { ...sample, timestamp, click };
  };
  /** Deliveries to one workflow, so that they share its redelivery memory. */
  const toOneWorkflow = () => {
    const workflow = { id: `wf-linkly-${(workflowSeq += 1)}`, name: 'Clicks' };
    return (body: unknown) =>
      webhookContext({ staticData: { hookId: 'h1', secret: TOKEN }, parameters: { options: {} }, workflow }, { body: JSON.stringify(body), url }).context;
  };

  it('two clicks on one link in the same whole second both arrive, each with its click.id', async () => {
    const deliverToWorkflow = toOneWorkflow();
    const first = await itemsFrom(deliverToWorkflow(clickAt('2026-09-14T08:15:42Z', '01K5H3Q7ZV8R2N4M6P9T1W3X5Y')));
    const second = await itemsFrom(deliverToWorkflow(clickAt('2026-09-14T08:15:42Z', '01K5H3Q7ZV8R2N4M6P9T1W3X60')));

    expect([...first, ...second].map((item) => [item.id, (item.click as IDataObject).id])).toEqual([
      ['linkly_click_01K5H3Q7ZV8R2N4M6P9T1W3X5Y', '01K5H3Q7ZV8R2N4M6P9T1W3X5Y'],
      ['linkly_click_01K5H3Q7ZV8R2N4M6P9T1W3X60', '01K5H3Q7ZV8R2N4M6P9T1W3X60'],
    ]);
  });

  it('the same click delivered twice (same click.id) is emitted once', async () => {
    const deliverToWorkflow = toOneWorkflow();
    const click = clickAt('2026-09-14T08:15:42Z', '01K5H3Q7ZV8R2N4M6P9T1W3X5Y');
    expect(await itemsFrom(deliverToWorkflow(click))).toHaveLength(1);
    expect(await itemsFrom(deliverToWorkflow(click))).toEqual([]);
  });

  it('a payload without click.id falls back to link id and timestamp as sent', async () => {
    const [item] = await itemsFrom(toOneWorkflow()(clickAt('2025-01-15T10:30:00.123456Z', undefined)));
    expect(item).toMatchObject({ id: 'linkly_12345_2025-01-15T10:30:00.123456Z', click: { id: null } });
  });
});

describe("Linkly Trigger: Linkly's link events", () => {
  const url = `${PATH}?${URL_TOKEN_PARAM}=${TOKEN}`;
  const linkCreated = findEntry('linkly', 'link.created')!;
  const linkDeleted = findEntry('linkly', 'link.deleted')!;
  const withEvents = (body: unknown, events?: string[]) =>
    webhookContext(
      {
        staticData: { hookId: 'h1', secret: TOKEN },
        parameters: { options: {}, ...(events === undefined ? {} : { events }) },
        workflow: { id: `wf-linkly-${(workflowSeq += 1)}`, name: 'Links' },
      },
      { body: JSON.stringify(body), url },
    );

  it('a click trigger (a node saved before the Events choice, or Events: Click) answers a link event 2xx and starts nothing', async () => {
    for (const events of [undefined, ['click']]) {
      const { context, refusals } = withEvents(linkCreated.sample, events);
      expect(await trigger.webhook.call(context)).toEqual({});
      expect(refusals).toEqual([]);
    }
  });

  it("Events: New Link emits the link in the shape of Dub's link events, and ignores clicks and other link events", async () => {
    expect(await itemsFrom(withEvents(linkCreated.sample, ['link.created']).context)).toEqual([linkCreated.normalizedSample()]);
    expect(await itemsFrom(withEvents(clickEntry.sample, ['link.created']).context)).toEqual([]);
    expect(await itemsFrom(withEvents(linkDeleted.sample, ['link.created']).context)).toEqual([]);
  });

  it('Events: Click and Link Deleted: both start it', async () => {
    const events = ['click', 'link.deleted'];
    expect(await itemsFrom(withEvents(clickEntry.sample, events).context)).toEqual([clickEntry.normalizedSample()]);
    expect(await itemsFrom(withEvents(linkDeleted.sample, events).context)).toEqual([linkDeleted.normalizedSample()]);
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
