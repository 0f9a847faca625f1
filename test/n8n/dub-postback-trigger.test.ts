/**
 * The Dub Partner Postback Trigger: what a partner pastes into Dub's partner dashboard. Postbacks come from the
 * sandbox, sent as Dub's code sends them (test/sandbox/dub-postbacks.test.ts), and are verified with the secret in
 * the Dub Signing Secret credential by the same core code as the Dub Trigger's webhooks.
 */
import type { IDataObject, IWebhookFunctions } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DubPostbackTrigger } from '../../n8n/dub/nodes/DubPostbackTrigger/DubPostbackTrigger.node';
import { dubPostbackCatalogue } from '../../shared';
import type { DubPostbackTrigger as PostbackEvent } from '../../sandbox';
import { useSandbox } from '../support/sandbox';
import { useReceivers } from '../sandbox/helpers';
import { webhookContext } from './support/contexts';

const trigger = new DubPostbackTrigger();
const sandbox = useSandbox();
const receiver = useReceivers();
let workflowSeq = 0;

/** A postback as the partner's URL receives it, from the sandbox; with the secret Dub showed for it. */
async function postback(event: PostbackEvent): Promise<{ body: string; headers: Record<string, string>; secret: string }> {
  const target = await receiver();
  const { secret } = sandbox().dub.postbacks.add(target.url, [event]);
  await sandbox().dub.postbacks.send(event, (dubPostbackCatalogue[event].sample as { data: unknown }).data);
  const { body, headers } = target.received[0]!;
  return { body, headers: headers as Record<string, string>, secret };
}

function receive(delivery: { body: string; headers: Record<string, string> }, secret: string | undefined, parameters: Record<string, unknown> = {}) {
  return webhookContext(
    {
      parameters,
      ...(secret === undefined ? {} : { credentials: { dubSigningSecretApi: { secret } } }),
      workflow: { id: `wf-postback-${(workflowSeq += 1)}`, name: 'Commissions to Slack' },
    },
    delivery,
  );
}

async function itemsFrom(context: IWebhookFunctions): Promise<IDataObject[]> {
  const answer = await trigger.webhook.call(context);
  return (answer.workflowData?.[0] ?? []).map((item) => item.json);
}

describe('Dub Partner Postback Trigger', () => {
  it.each(Object.keys(dubPostbackCatalogue) as PostbackEvent[])('emits a %s postback, normalized and marked as a postback, nothing unread', async (event) => {
    const delivery = await postback(event);
    const items = await itemsFrom(receive(delivery, delivery.secret, { events: [event] }).context);

    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ event, isPostback: true, unreadFields: [] });
  });

  it('refuses a postback not signed with the secret in its credential (401), and one with no credential', async () => {
    const delivery = await postback('commission.created');
    const forged = receive(delivery, 'pbsec_00000000000000000000000000000000', { events: ['commission.created'] });
    const none = receive(delivery, undefined, { events: ['commission.created'] });

    expect(await trigger.webhook.call(forged.context)).toEqual({ noWebhookResponse: true });
    expect(forged.refusals[0]?.status).toBe(401);
    expect(await trigger.webhook.call(none.context)).toEqual({ noWebhookResponse: true });
    expect(none.refusals[0]?.status).toBe(401);
  });

  it('answers an event the user did not choose and starts nothing', async () => {
    const delivery = await postback('lead.created');
    const { context, refusals } = receive(delivery, delivery.secret, { events: ['commission.created'] });

    expect(await trigger.webhook.call(context)).toEqual({});
    expect(refusals).toEqual([]);
  });

  it('asks for the Dub Signing Secret credential, tested for the form of a postback secret, and registers nothing', async () => {
    const { credentials = [], webhooks = [] } = trigger.description;
    expect(credentials).toEqual([{ name: 'dubSigningSecretApi', required: true, testedBy: 'testPostbackSecret' }]);
    expect(webhooks[0]).toMatchObject({ httpMethod: 'POST', responseMode: 'onReceived', path: 'webhook' });
    // Nothing to register: the partner pastes the URL into Dub.
    const hook = {} as never;
    expect(await trigger.webhookMethods.default.checkExists.call(hook)).toBe(true);
    expect(await trigger.webhookMethods.default.create.call(hook)).toBe(true);

    const run = (secret: string) =>
      trigger.methods.credentialTest.testPostbackSecret.call({} as never, { id: '1', name: 'Dub', type: 'dubSigningSecretApi', data: { secret } });
    expect(await run('pbsec_0123456789abcdef0123456789abcdef')).toMatchObject({ status: 'OK' });
    expect(await run('whsec_0123456789abcdef0123456789abcdef')).toMatchObject({ status: 'Error' });
  });

  it('ships in the Dub package with its credential', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'n8n', 'dub', 'package.json'), 'utf8')) as { n8n: { nodes: string[]; credentials: string[] } };
    expect(manifest.n8n.nodes).toContain('dist/nodes/DubPostbackTrigger/DubPostbackTrigger.node.js');
    expect(manifest.n8n.credentials).toContain('dist/credentials/DubSigningSecretApi.credentials.js');
  });
});
