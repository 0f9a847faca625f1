import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { findEntry, signDubBody } from '../../shared';
import { answerDelivery, hookContext, webhookContext, type Answer } from './support/contexts';
import { dubApiKeyCredentials, useSandbox } from '../support/sandbox';

/**
 * Skip Redeliveries, as a user relies on it: one memory per registered hook (production and a test listen apart),
 * filled only with events the trigger emitted and n8n took over.
 */
const trigger = new DubTrigger();
const sandbox = useSandbox();
const saleEntry = findEntry('dub', 'sale.created')!;
const leadEntry = findEntry('dub', 'lead.created')!;

const PRODUCTION_URL = 'https://n8n.example.test/webhook/5b0c7f0e-0000-4000-8000-00000000aaaa/webhook';
const TEST_URL = 'https://n8n.example.test/webhook-test/5b0c7f0e-0000-4000-8000-00000000aaaa/webhook';

let workflowSeq = 0;
let idSeq = 0;
const eventId = () => `evt_memory${String((idSeq += 1)).padStart(15, '0')}`;
const saleBody = (id: string) => JSON.stringify({ ...(saleEntry.sample as object), id });

/** One workflow's Dub Trigger with its registrations: each is what n8n hands the node for that URL (own static data). */
function dubWorkflow(parameters: Record<string, unknown> = {}) {
  const workflow = { id: `wf-memory-${(workflowSeq += 1)}`, name: 'Sales' };
  const nodeParameters = { authentication: 'apiKey', events: ['sale.created'], ...parameters };
  const registration = (webhookUrl: string) => {
    const staticData: IDataObject = {};
    const setup = { workflow, parameters: nodeParameters, credentials: dubApiKeyCredentials(sandbox()), staticData, webhookUrl };
    /** A delivery to this registration's URL, signed with its secret (or `signingKey`), not answered yet. */
    const received = (body: string, signingKey?: string): IWebhookFunctions => {
      const key = signingKey ?? String(staticData.secret ?? parameters.signingSecret);
      return webhookContext(setup, { body, headers: { 'dub-signature': signDubBody(body, key) } }).context;
    };
    return {
      staticData,
      received,
      create: () => trigger.webhookMethods.default.create.call(hookContext(setup).context),
      delete: () => trigger.webhookMethods.default.delete.call(hookContext(setup).context),
      /** The same, answered as n8n would (or with `answer`): what the trigger emitted. */
      deliver(body: string, options: { answer?: Answer; signingKey?: string } = {}): Promise<IDataObject[]> {
        return emitted(received(body, options.signingKey), options.answer);
      },
    };
  };
  return { production: registration(PRODUCTION_URL), test: registration(TEST_URL) };
}

async function emitted(context: IWebhookFunctions, answer?: Answer): Promise<IDataObject[]> {
  const response = await trigger.webhook.call(context);
  answerDelivery(context, answer);
  return (response.workflowData ?? []).flat().map((item) => item.json);
}

const ids = (items: IDataObject[]) => items.map((item) => item.id);

describe('Skip Redeliveries: production and a test listen never interfere', () => {
  it('emits the same event once to production and once to a test listen, each through its own hook', async () => {
    const { production, test } = dubWorkflow();
    await production.create();
    await test.create();
    expect(sandbox().dub.hooks().map((hook) => hook.url).sort()).toEqual([PRODUCTION_URL, TEST_URL].sort());
    expect(test.staticData.secret).not.toBe(production.staticData.secret);
    const id = eventId();

    // Dub sends the same event id to both hooks, in either order.
    expect(ids(await test.deliver(saleBody(id)))).toEqual([id]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);

    // Each still skips its own redelivery.
    expect(await production.deliver(saleBody(id))).toEqual([]);
    expect(await test.deliver(saleBody(id))).toEqual([]);
  });

  it("a test listen's delete() removes only its hook and leaves production's memory and secret alone", async () => {
    const { production, test } = dubWorkflow();
    await production.create();
    await test.create();
    const productionState = { ...production.staticData };
    const id = eventId();
    await production.deliver(saleBody(id));
    await test.deliver(saleBody(id));

    await test.delete();

    expect(sandbox().dub.hooks().map((hook) => hook.url)).toEqual([PRODUCTION_URL]);
    expect(production.staticData).toEqual(productionState);
    expect(await production.deliver(saleBody(id))).toEqual([]);
    // A new listen starts with a memory of its own: the event reaches it again.
    await test.create();
    expect(ids(await test.deliver(saleBody(id)))).toEqual([id]);
  });

  it('keeps Manual registration apart too: production and test URLs have their own memories', async () => {
    const secret = 'whsec_manual0000000000000000000000';
    const { production, test } = dubWorkflow({ authentication: 'none', signingSecret: secret });
    const id = eventId();

    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
    expect(ids(await test.deliver(saleBody(id)))).toEqual([id]);
    expect(await production.deliver(saleBody(id))).toEqual([]);

    await test.delete();
    expect(await production.deliver(saleBody(id))).toEqual([]);
    expect(ids(await test.deliver(saleBody(id)))).toEqual([id]);
  });
});

describe('Skip Redeliveries: only an event that ran is remembered', () => {
  it("runs a redelivery when n8n could not take the first one over (it answered 500, so Dub retries)", async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();

    expect(ids(await production.deliver(saleBody(id), { answer: { status: 500 } }))).toEqual([id]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
    expect(await production.deliver(saleBody(id))).toEqual([]);
  });

  it('runs a redelivery when the sender hung up before n8n answered the first one', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();

    expect(ids(await production.deliver(saleBody(id), { answer: 'sender hung up' }))).toEqual([id]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
  });

  it('does not remember a forged delivery: the genuine one with the same id still runs', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();

    expect(await production.deliver(saleBody(id), { signingKey: 'whsec_guessed_by_a_forger_0000000' })).toEqual([]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
  });

  it('does not remember an event the user did not choose, or one that failed validation', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();
    const unwanted = JSON.stringify({ ...(leadEntry.sample as object), id });
    const broken = JSON.stringify({ ...(saleEntry.sample as object), id, createdAt: 42 });

    expect(await production.deliver(unwanted)).toEqual([]);
    expect(await production.deliver(broken)).toEqual([]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
  });

  it('a copy that arrives before the first was answered is not skipped (it may run twice, never not at all)', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();

    // Two copies in flight at once: neither has been answered when the other is received.
    const first = production.received(saleBody(id));
    const second = production.received(saleBody(id));
    const responses = [await trigger.webhook.call(first), await trigger.webhook.call(second)];
    answerDelivery(first);
    answerDelivery(second);

    expect(responses.map((response) => response.workflowData?.flat().length ?? 0)).toEqual([1, 1]);
    expect(await production.deliver(saleBody(id))).toEqual([]);
  });
});
