import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { findEntry, signDubBody } from '../../shared';
import { DUB_TOKEN_BUSINESS } from '../../sandbox';
import { PROCESS_REDELIVERY_MEMORY_CAP, RedeliveryMemories, rememberedIdsInProcess } from '../../n8n/common/redelivery-memory';
import { answerDelivery, hookContext, N8N_LINES, webhookContext, type Answer, type N8nLine } from './support/contexts';
import { dubApiKeyCredentials, useSandbox } from '../support/sandbox';

/**
 * Skip Redeliveries, as a user relies on it: one memory per registered hook (production and a test listen apart),
 * filled only with events the trigger emitted and n8n took over, and bounded however often workflows are activated
 * again. On every n8n line: n8n before 2.34 cannot say which URL served a request.
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
function dubWorkflow(parameters: Record<string, unknown> = {}, n8n: N8nLine = '2.34 and later') {
  const workflow = { id: `wf-memory-${(workflowSeq += 1)}`, name: 'Sales' };
  const nodeParameters: Record<string, unknown> = { authentication: 'apiKey', events: ['sale.created'], ...parameters };
  const registration = (webhookUrl: string) => {
    const staticData: IDataObject = {};
    const setup = { workflow, parameters: nodeParameters, credentials: dubApiKeyCredentials(sandbox()), staticData, webhookUrl, n8n };
    /** A delivery to this registration's URL, signed with its secret (or `signingKey`), not answered yet. */
    const received = (body: string, signingKey?: string): IWebhookFunctions => {
      const key = signingKey ?? String(staticData.secret ?? nodeParameters.signingSecret);
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
  return { production: registration(PRODUCTION_URL), test: registration(TEST_URL), parameters: nodeParameters };
}

async function emitted(context: IWebhookFunctions, answer?: Answer): Promise<IDataObject[]> {
  const response = await trigger.webhook.call(context);
  answerDelivery(context, answer);
  return (response.workflowData ?? []).flat().map((item) => item.json);
}

const ids = (items: IDataObject[]) => items.map((item) => item.id);

describe.each(N8N_LINES)('Skip Redeliveries on n8n %s: production and a test listen never interfere', (n8n) => {
  it('emits the same event once to production and once to a test listen, each through its own hook', async () => {
    const { production, test } = dubWorkflow({}, n8n);
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
    const { production, test } = dubWorkflow({}, n8n);
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
    const { production, test } = dubWorkflow({ authentication: 'none', signingSecret: secret }, n8n);
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

  it('does not remember an event the user did not choose, or a forged copy', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();
    const unwanted = JSON.stringify({ ...(leadEntry.sample as object), id });

    expect(await production.deliver(unwanted)).toEqual([]);
    expect(await production.deliver(saleBody(id), { signingKey: 'whsec_forger' })).toEqual([]);
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
  });

  it('remembers a drifted delivery it emitted: its clean redelivery is skipped like any other', async () => {
    const { production } = dubWorkflow();
    await production.create();
    const id = eventId();
    const drifted = JSON.stringify({ ...(saleEntry.sample as object), id, createdAt: 42 });

    expect(ids(await production.deliver(drifted))).toEqual([id]);
    expect(await production.deliver(saleBody(id))).toEqual([]);
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

/** Deletes a Dub hook as n8n's main process does on deactivation, out of this (webhook processor's) sight. */
async function deleteInDub(hookId: string): Promise<void> {
  const response = await fetch(`${sandbox().dubBaseUrl}/webhooks/${hookId}`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${DUB_TOKEN_BUSINESS}` },
  });
  expect(response.status).toBe(200);
}

describe('Skip Redeliveries: bounded memory', () => {
  const EVENTS_PER_ACTIVATION = 100;

  it("drops a node's memory when its hook changes: 50 activations of 100 events each leave only the last hook's", async () => {
    const { production } = dubWorkflow({ options: { redeliveryMemory: EVENTS_PER_ACTIVATION } });
    const before = rememberedIdsInProcess();
    let lastIds: string[] = [];
    for (let activation = 1; activation <= 50; activation += 1) {
      // Deactivated and activated again on main: Dub's hook deleted there, a new one created. A webhook processor sees
      // only the new hook id and secret in the static data; it never runs delete().
      const previous = production.staticData.hookId;
      if (previous !== undefined) await deleteInDub(String(previous));
      await production.create();
      expect(production.staticData.hookId).not.toBe(previous);
      lastIds = Array.from({ length: EVENTS_PER_ACTIVATION }, eventId);
      for (const id of lastIds) await production.deliver(saleBody(id));
    }

    expect(rememberedIdsInProcess() - before).toBe(EVENTS_PER_ACTIVATION);
    // The memory held is the current hook's, whole: every one of its events is still skipped.
    for (const id of lastIds) expect(await production.deliver(saleBody(id))).toEqual([]);
  }, 60_000);

  it('starts an empty memory when a new signing secret is pasted for a webhook added by hand', async () => {
    const { production, parameters } = dubWorkflow({ authentication: 'none', signingSecret: 'whsec_manualfirst0000000000000000' });
    const id = eventId();
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
    expect(await production.deliver(saleBody(id))).toEqual([]);

    // The user replaced the webhook in Dub's dashboard and pasted its secret: the new webhook's events all run.
    parameters.signingSecret = 'whsec_manualsecond000000000000000';
    expect(ids(await production.deliver(saleBody(id)))).toEqual([id]);
    expect(await production.deliver(saleBody(id))).toEqual([]);
  });

  it('never holds more than its cap in all, however many hooks come and go, and keeps the one in use', () => {
    const memories = new RedeliveryMemories(1_000);
    let largest = 0;
    // 30 nodes, each re-activated 20 times (a new hook each time), 100 events per hook: 60,000 ids offered.
    for (let activation = 0; activation < 20; activation += 1) {
      for (let node = 0; node < 30; node += 1) {
        const key = `wf-${node}:node:production`;
        const memory = memories.open(key, `hook:${node}-${activation}`, 500);
        for (let event = 0; event < 100; event += 1) {
          memories.remember(key, memory, `evt_${node}_${activation}_${event}`);
          largest = Math.max(largest, memories.size);
        }
      }
    }
    expect(largest).toBe(1_000);
    // The node delivered to last keeps its whole memory; the least recently used went first.
    const last = memories.memoryOf('wf-29:node:', 'production');
    expect(last?.ids.size).toBe(100);
    expect(memories.memoryOf('wf-0:node:', 'production')).toBeUndefined();
  });

  it('caps one memory at the process cap, whatever Redelivery Memory says', () => {
    const memories = new RedeliveryMemories(PROCESS_REDELIVERY_MEMORY_CAP);
    expect(memories.open('wf:node:production', 'hook:1', 10 * PROCESS_REDELIVERY_MEMORY_CAP).ids.capacity).toBe(PROCESS_REDELIVERY_MEMORY_CAP);
  });
});
