import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { findEntry, signDubBody } from '../../shared';
import { saleEventSchema } from '../../shared/normalized/outputs';
import { SALE_DRIFTS, SALE_EVENT_ID, cleanSaleBody, driftedSaleBody, expectedItem } from '../support/drifts';
import { answerDelivery, hookContext, webhookContext, type NodeSetup } from './support/contexts';
import { callsTo, dubApiKeyCredentials, useSandbox } from '../support/sandbox';

const trigger = new DubTrigger();
const lifecycle = trigger.webhookMethods.default;
const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const saleEntry = findEntry('dub', 'sale.created')!;
const leadEntry = findEntry('dub', 'lead.created')!;

function withId(sample: unknown, id: string): string {
  return JSON.stringify({ ...(sample as object), id });
}

/** An automatically registered trigger (secret in static data) receiving `body`, signed with `signingKey`. */
function receive(body: string, options: { signingKey?: string | null; parameters?: Record<string, unknown>; setup?: Partial<NodeSetup> } = {}) {
  const signingKey = options.signingKey === undefined ? SECRET : options.signingKey;
  const headers: Record<string, string> = signingKey === null ? {} : { 'Dub-Signature': signDubBody(body, signingKey) };
  return webhookContext(
    {
      staticData: { hookId: 'wh_1', secret: SECRET },
      parameters: { events: ['sale.created', 'link.clicked'], ...options.parameters },
      ...options.setup,
    },
    { body, headers },
  );
}

/** What the trigger emitted, after n8n has answered the delivery (as it does once the execution is handed over). */
async function itemsFrom(context: IWebhookFunctions): Promise<IDataObject[]> {
  const response = await trigger.webhook.call(context);
  answerDelivery(context);
  return (response.workflowData ?? []).flat().map((item) => item.json);
}

let workflowSeq = 0;
/** A fresh workflow id per test, so the redelivery memory of one test never leaks into another. */
const freshWorkflow = () => ({ workflow: { id: `wf-receive-${(workflowSeq += 1)}`, name: 'Receive' } });

describe('Dub Trigger: receiving a delivery', () => {
  it('emits one item holding the normalized event for a signed delivery of a chosen event', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const { context, refusals } = receive(body, { setup: freshWorkflow() });

    expect(await itemsFrom(context)).toEqual([saleEntry.normalizedSample()]);
    expect(refusals).toEqual([]);
  });

  it('refuses an unsigned delivery with 401 and starts nothing', async () => {
    const { context, refusals } = receive(JSON.stringify(saleEntry.sample), { signingKey: null, setup: freshWorkflow() });

    const response = await trigger.webhook.call(context);

    expect(response).toEqual({ noWebhookResponse: true });
    expect(refusals).toEqual([{ status: 401, body: { error: expect.stringContaining('no Dub-Signature header') } }]);
  });

  it('refuses a delivery signed with another secret (forged) with 401 and starts nothing', async () => {
    const { context, refusals } = receive(JSON.stringify(saleEntry.sample), { signingKey: 'whsec_someone_else', setup: freshWorkflow() });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });

  it('refuses a body altered after signing', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const { context, refusals } = webhookContext(
      { staticData: { secret: SECRET }, parameters: { events: ['sale.created'] }, ...freshWorkflow() },
      { body: body.replace('"Purchased"', '"Refunded"'), headers: { 'dub-signature': signDubBody(body, SECRET) } },
    );

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });

  it('answers 400 with the reason for signed JSON that is broken, and starts nothing', async () => {
    const { context, refusals } = receive('{"id": "evt_1", "event": ', { setup: freshWorkflow() });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals).toEqual([{ status: 400, body: { error: expect.stringContaining('not valid JSON') } }]);
  });

  it("starts nothing, and refuses nothing, for an event the user did not choose, and says so in n8n's log", async () => {
    const { context, refusals, logged } = receive(JSON.stringify(leadEntry.sample), { setup: freshWorkflow() });

    expect(await trigger.webhook.call(context)).toEqual({});
    expect(refusals).toEqual([]);
    const leadId = (leadEntry.sample as { id: string }).id;
    expect(logged).toEqual([expect.stringContaining(`started nothing for a "lead.created" delivery (id ${leadId}): not one of the events chosen`)]);
  });

  it('works the same on a host whose context has no logger (the log is feature-tested)', async () => {
    const { context, refusals } = receive(JSON.stringify(leadEntry.sample), { setup: { ...freshWorkflow(), withoutLogger: true } });

    expect(await trigger.webhook.call(context)).toEqual({});
    expect(refusals).toEqual([]);
  });

});

/**
 * n8n saves what create() kept (the hook's id and secret) only once the workflow's activation is over, and Dub may
 * deliver before: the trigger then asks Dub for the hook at the URL the delivery came to, instead of refusing it.
 */
describe('Dub Trigger: a delivery before n8n has saved the hook', () => {
  const sandbox = useSandbox();
  const credentials = () => dubApiKeyCredentials(sandbox());

  /** Activation as n8n runs it, except that what create() kept is not saved yet: the delivery sees empty static data. */
  async function activateWithoutSaving(extra: Partial<NodeSetup> = {}): Promise<string> {
    const { context } = hookContext({ credentials: credentials(), parameters: { authentication: 'apiKey', events: ['sale.created'] }, ...extra });
    await lifecycle.create.call(context);
    const [hook] = sandbox().dub.hooks();
    if (!hook) throw new Error('create() registered nothing');
    return hook.secret;
  }

  function deliverUnsaved(body: string, signingKey: string, extra: Partial<NodeSetup> = {}) {
    return webhookContext(
      { staticData: {}, credentials: credentials(), parameters: { authentication: 'apiKey', events: ['sale.created'] }, ...freshWorkflow(), ...extra },
      { body, headers: { 'dub-signature': signDubBody(body, signingKey) } },
    );
  }

  it("emits the event signed with the secret Dub lists for this URL, having asked Dub once", async () => {
    const secret = await activateWithoutSaving();
    const body = JSON.stringify(saleEntry.sample);
    const before = callsTo(sandbox(), 'dub').length;

    const { context, refusals } = deliverUnsaved(body, secret);

    expect(await itemsFrom(context)).toEqual([saleEntry.normalizedSample()]);
    expect(refusals).toEqual([]);
    expect(callsTo(sandbox(), 'dub').slice(before)).toEqual(['GET /webhooks']);
  });

  it('still refuses a forged delivery (401), and one to a URL Dub has no hook for', async () => {
    const secret = await activateWithoutSaving();
    const body = JSON.stringify(saleEntry.sample);

    const forged = deliverUnsaved(body, 'whsec_guessed_by_a_forger_0000000');
    expect(await trigger.webhook.call(forged.context)).toEqual({ noWebhookResponse: true });
    expect(forged.refusals).toEqual([{ status: 401, body: { error: expect.stringContaining('Dub-Signature does not match') } }]);

    const elsewhere = deliverUnsaved(body, secret, { webhookUrl: 'https://n8n.example.test/webhook/another-node/webhook' });
    expect(await trigger.webhook.call(elsewhere.context)).toEqual({ noWebhookResponse: true });
    expect(elsewhere.refusals).toEqual([{ status: 401, body: { error: expect.stringContaining('lists no hook') } }]);
  });

  it("answers 503 when Dub cannot be asked (Dub retries it), Dub's reason going to n8n's log, never showing the key", async () => {
    const secret = await activateWithoutSaving();
    const body = JSON.stringify(saleEntry.sample);
    const revokedKey = 'dub_revoked_key_0000000000000000';

    const { context, refusals, logged } = deliverUnsaved(body, secret, { credentials: dubApiKeyCredentials(sandbox(), revokedKey) });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    // Whoever sent it gets no service text and no base URL; the reason is in n8n's log, without the key.
    expect(refusals).toEqual([{ status: 503, body: { error: 'This trigger could not check this delivery yet. Try again later.' } }]);
    expect(logged).toEqual([expect.stringMatching(/^warn: .*could not be read to check deliveries .*API key/i)]);
    expect(JSON.stringify([refusals, logged])).not.toContain(revokedKey);
  });

  it('does not ask Dub for a hook added by hand: without a pasted secret it refuses (401)', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const before = callsTo(sandbox(), 'dub').length;

    const { context, refusals } = deliverUnsaved(body, SECRET, { parameters: { authentication: 'none', events: ['sale.created'] } });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
    expect(callsTo(sandbox(), 'dub').slice(before)).toEqual([]);
  });
});

describe('Dub Trigger: a drifted sale.created (one field changed by Dub) still runs the workflow', () => {
  const cleanItem = async () => (await itemsFrom(receive(cleanSaleBody(), { setup: freshWorkflow() }).context))[0];

  it('a clean delivery carries unreadFields, empty, so a workflow can rely on it', async () => {
    expect((await cleanItem())?.['unreadFields']).toEqual([]);
  });

  it.each(SALE_DRIFTS)('$name: answered 2xx, one item with the event id, its fields and what did not read', async (drift) => {
    const clean = saleEventSchema.parse(await cleanItem());
    const { context, refusals } = receive(driftedSaleBody(drift), { setup: freshWorkflow() });

    const response = await trigger.webhook.call(context);
    answerDelivery(context);

    expect(refusals).toEqual([]);
    expect(response.noWebhookResponse).toBeUndefined();
    const items = (response.workflowData ?? []).flat().map((item) => item.json);
    expect(items).toEqual([expectedItem(clean, drift)]);
    expect(items[0]?.['id']).toBe(SALE_EVENT_ID);
    expect(saleEventSchema.safeParse(items[0]).success).toBe(true);
  });

  it.each(SALE_DRIFTS)('$name: a forged copy is still refused with 401', async (drift) => {
    const { context, refusals } = receive(driftedSaleBody(drift), { signingKey: 'whsec_forger', setup: freshWorkflow() });

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals).toEqual([{ status: 401, body: { error: expect.stringContaining('Dub-Signature does not match') } }]);
  });

  it('keeps the drifted payload whole under raw with Output: Normalized and Raw', async () => {
    const body = driftedSaleBody(SALE_DRIFTS[0]!);
    const [item] = await itemsFrom(receive(body, { setup: freshWorkflow(), parameters: { options: { output: 'both' } } }).context);

    expect(item?.['raw']).toEqual(JSON.parse(body));
    expect(item?.['unreadFields']).toEqual([SALE_DRIFTS[0]!.unread]);
  });

  it('reads a body that starts with a byte-order mark (verified on the bytes received)', async () => {
    const body = `\uFEFF${cleanSaleBody()}`;
    const items = await itemsFrom(receive(body, { setup: freshWorkflow() }).context);

    expect(items).toHaveLength(1);
    expect(items[0]?.['unreadFields']).toEqual([]);
  });
});

describe("Dub Trigger: issue 17's deep lead.created (metadata 4,900 levels deep, 9,800 characters, one drifted field)", () => {
  const lead = structuredClone(leadEntry.sample) as { data: { eventName: unknown; metadata: unknown } };
  lead.data.eventName = 5.5;
  lead.data.metadata = { plan: 'DEEP' };
  const body = JSON.stringify(lead).replace('"DEEP"', `${'['.repeat(4_900)}${']'.repeat(4_900)}`);

  it.each(['normalized', 'both'])('Output %s: answered 2xx, one item n8n can copy and save', async (output) => {
    const { context, refusals } = receive(body, { setup: freshWorkflow(), parameters: { events: ['lead.created'], options: { output } } });

    const items = await itemsFrom(context);

    expect(refusals).toEqual([]);
    expect(items).toHaveLength(1);
    // What n8n does with an item: copy it (deepCopy, structuredClone) and serialize it for the execution's data.
    expect(() => JSON.stringify(items)).not.toThrow();
    expect(() => structuredClone(items)).not.toThrow();
    expect((items[0]?.['unreadFields'] as { path: string }[]).map((field) => field.path)).toContain('data.eventName');
  });
});

describe('Dub Trigger: an event this package does not know yet', () => {
  const newEvent = JSON.stringify({ id: 'evt_new_0000000000000000001', event: 'customer.updated', createdAt: '2026-11-02T10:00:00.000Z', data: { id: 'cus_1', email: 'a@example.com' } });

  it('Manual registration (the user chose it in Dub): one item, the payload as Dub sent it, its event listed as unread', async () => {
    const { context, refusals } = webhookContext(
      { parameters: { authentication: 'none', signingSecret: SECRET, events: ['sale.created'] }, ...freshWorkflow() },
      { body: newEvent, headers: { 'dub-signature': signDubBody(newEvent, SECRET) } },
    );

    // unreadFields is not empty, so the README's IF on its length routes an event nothing normalized.
    const unread = [{ path: 'event', expected: 'an event this package knows', received: '"customer.updated"' }];
    expect(await itemsFrom(context)).toEqual([{ ...JSON.parse(newEvent), unreadFields: unread }]);
    expect(refusals).toEqual([]);
  });

  it("automatic registration (Dub sends only the events registered): answered 2xx, nothing started, a line in n8n's log", async () => {
    const { context, refusals, logged } = receive(newEvent, { setup: freshWorkflow() });

    expect(await trigger.webhook.call(context)).toEqual({});
    expect(refusals).toEqual([]);
    expect(logged).toEqual([expect.stringMatching(/^info: .*started nothing for a "customer\.updated" delivery \(id evt_new_0000000000000000001\)/)]);
  });

  it('a forged one is refused with 401 either way', async () => {
    const { context, refusals } = webhookContext(
      { parameters: { authentication: 'none', signingSecret: SECRET, events: ['sale.created'] }, ...freshWorkflow() },
      { body: newEvent, headers: { 'dub-signature': signDubBody(newEvent, 'whsec_forger') } },
    );

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });
});

describe('Dub Trigger: Manual registration', () => {
  const manual = { authentication: 'none', signingSecret: ` ${SECRET} ` };

  it('checks deliveries against the pasted secret, not anything stored', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const { context } = webhookContext(
      { staticData: { secret: 'whsec_stale' }, parameters: { ...manual, events: ['sale.created'] }, ...freshWorkflow() },
      { body, headers: { 'dub-signature': signDubBody(body, SECRET) } },
    );

    expect(await itemsFrom(context)).toHaveLength(1);
  });

  it('refuses deliveries until a secret is pasted', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const { context, refusals } = webhookContext(
      { parameters: { authentication: 'none', signingSecret: '', events: ['sale.created'] }, ...freshWorkflow() },
      { body, headers: { 'dub-signature': signDubBody(body, SECRET) } },
    );

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });
});

describe('Dub Trigger: options', () => {
  it("drops a redelivery of an event it has just emitted, with a line in n8n's log", async () => {
    const setup = freshWorkflow();
    const body = withId(saleEntry.sample, 'evt_redelivered_00000000001');

    expect(await itemsFrom(receive(body, { setup }).context)).toHaveLength(1);
    const again = receive(body, { setup });
    expect(await itemsFrom(again.context)).toEqual([]);
    expect(again.logged).toEqual([expect.stringContaining('started nothing for a "sale.created" delivery (id evt_redelivered_00000000001): a redelivery')]);
  });

  it('emits every redelivery when Skip Redeliveries is off', async () => {
    const setup = freshWorkflow();
    const body = withId(saleEntry.sample, 'evt_redelivered_00000000002');
    const parameters = { options: { skipRedeliveries: false } };

    expect(await itemsFrom(receive(body, { setup, parameters }).context)).toHaveLength(1);
    expect(await itemsFrom(receive(body, { setup, parameters }).context)).toHaveLength(1);
  });

  it('remembers only as many event ids as the Redelivery Memory allows, forgetting the oldest', async () => {
    const setup = freshWorkflow();
    const parameters = { options: { redeliveryMemory: 2 } };
    const deliver = async (id: string) => (await itemsFrom(receive(withId(saleEntry.sample, id), { setup, parameters }).context)).length;

    expect([await deliver('evt_a'), await deliver('evt_b'), await deliver('evt_c')]).toEqual([1, 1, 1]);
    expect(await deliver('evt_c')).toBe(0);
    expect(await deliver('evt_a')).toBe(1);
  });

  it('keeps the memories of two workflows apart', async () => {
    const body = withId(saleEntry.sample, 'evt_shared_id_000000000003');

    expect(await itemsFrom(receive(body, { setup: freshWorkflow() }).context)).toHaveLength(1);
    expect(await itemsFrom(receive(body, { setup: freshWorkflow() }).context)).toHaveLength(1);
  });

  it('emits the delivery exactly as received with Output: Raw', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const items = await itemsFrom(receive(body, { setup: freshWorkflow(), parameters: { options: { output: 'raw' } } }).context);

    expect(items).toEqual([JSON.parse(body)]);
  });

  it('emits the normalized fields with the raw delivery beside them with Output: Normalized and Raw', async () => {
    const body = JSON.stringify(saleEntry.sample);
    const items = await itemsFrom(receive(body, { setup: freshWorkflow(), parameters: { options: { output: 'both' } } }).context);

    expect(items).toEqual([{ ...saleEntry.normalizedSample(), raw: JSON.parse(body) }]);
  });
});
