/**
 * The signing secret of a Dub webhook added by hand lives in a Dub Signing Secret credential (n8n stores it
 * encrypted, apart from the workflow), never in the workflow's JSON. Nodes made before version 1.2 keep their old
 * Signing Secret field working, and are told how to move it.
 */
import { NodeHelpers, type IDataObject, type INodeParameters, type IWebhookFunctions } from 'n8n-workflow';
import { DubTrigger } from '../../n8n/dub/nodes/DubTrigger/DubTrigger.node';
import { DubSigningSecretApi } from '../../n8n/dub/credentials/DubSigningSecretApi.credentials';
import { SECRET_FIELD_WARNING } from '../../n8n/dub/nodes/DubTrigger/receive';
import { findEntry, signDubBody } from '../../shared';
import { hookContext, webhookContext } from './support/contexts';

const trigger = new DubTrigger();
const SECRET = 'whsec_0123456789abcdef0123456789abcdef';
const OLD_SECRET = 'whsec_ffffffffffffffffffffffffffffffff';
const sale = findEntry('dub', 'sale.created')!;
const body = JSON.stringify(sale.sample);
let workflowSeq = 0;

function deliver(parameters: Record<string, unknown>, credentialSecret?: string, signedWith = SECRET) {
  return webhookContext(
    {
      parameters: { authentication: 'none', events: ['sale.created'], ...parameters },
      ...(credentialSecret === undefined ? {} : { credentials: { dubSigningSecretApi: { secret: credentialSecret } } }),
      workflow: { id: `wf-secret-${(workflowSeq += 1)}`, name: 'Manual' },
    },
    { body, headers: { 'dub-signature': signDubBody(body, signedWith) } },
  );
}

async function itemsFrom(context: IWebhookFunctions): Promise<IDataObject[]> {
  const answer = await trigger.webhook.call(context);
  return (answer.workflowData?.[0] ?? []).map((item) => item.json);
}

/** The parameters n8n's editor keeps for a node of this version when it saves the workflow. */
function savedParameters(version: number, values: Record<string, unknown>): INodeParameters | null {
  const { description } = trigger;
  return NodeHelpers.getNodeParameters(description.properties, values as INodeParameters, false, false, { typeVersion: version } as never, description);
}

describe('Dub Trigger, Authentication: None: the signing secret is a credential', () => {
  it('a new node (version 1.2) has no Signing Secret field, so a saved workflow holds no secret', () => {
    expect(trigger.description.defaultVersion).toBe(1.2);
    const values = { authentication: 'none', events: ['sale.created'], signingSecret: SECRET };

    expect(savedParameters(1.2, values)).not.toHaveProperty('signingSecret');
    // A node made before keeps its field, so nothing it holds is lost.
    expect(savedParameters(1.1, values)).toHaveProperty('signingSecret', SECRET);
  });

  it('offers the Dub Signing Secret credential with Authentication: None only, tested for the form of a webhook secret', async () => {
    const entry = trigger.description.credentials?.find((credential) => credential.name === new DubSigningSecretApi().name);
    // As n8n decides whether a credential applies (the editor's slot, the run's getCredentials): None only.
    const shownFor = (authentication: string) =>
      NodeHelpers.displayParameter({ authentication }, entry!, { typeVersion: 1.2 } as never, trigger.description);
    expect(['oAuth2', 'apiKey', 'none'].map(shownFor)).toEqual([false, false, true]);
    expect(entry?.testedBy).toBe('testWebhookSecret');

    const test = trigger.methods.credentialTest.testWebhookSecret;
    const run = (secret: string) => test.call({} as never, { id: '1', name: 'Dub', type: 'dubSigningSecretApi', data: { secret } });
    expect(await run(SECRET)).toMatchObject({ status: 'OK' });
    const wrongKind = await run('pbsec_0123456789abcdef0123456789abcdef');
    expect(wrongKind).toMatchObject({ status: 'Error' });
    expect(wrongKind.message).toContain('postback secret');
    expect(wrongKind.message).not.toContain('0123456789abcdef');
  });

  it('checks deliveries against the credential', async () => {
    const { context, logged } = deliver({}, ` ${SECRET} `);

    expect(await itemsFrom(context)).toHaveLength(1);
    expect(logged).toEqual([]);
  });

  it('refuses a delivery with 401 while neither a credential nor an old field holds a secret', async () => {
    const { context, refusals } = deliver({});

    expect(await trigger.webhook.call(context)).toEqual({ noWebhookResponse: true });
    expect(refusals[0]?.status).toBe(401);
  });

  it("an older node's Signing Secret field keeps working, and n8n's log says how to move it (without the secret), once per node", async () => {
    const { context, logged } = deliver({ signingSecret: SECRET });

    expect(await itemsFrom(context)).toHaveLength(1);
    expect(logged).toEqual([`warn: ${SECRET_FIELD_WARNING}`]);
    expect(logged.join('\n')).not.toContain(SECRET);
    // The same node's next delivery is read the same way, without a second line.
    expect(await itemsFrom(context)).toHaveLength(1);
    expect(logged).toHaveLength(1);
  });

  it('once a credential is chosen it is used, whatever the old field still holds', async () => {
    const moved = deliver({ signingSecret: OLD_SECRET }, SECRET);
    expect(await itemsFrom(moved.context)).toHaveLength(1);
    expect(moved.logged).toEqual([]);

    const signedWithOld = deliver({ signingSecret: OLD_SECRET }, SECRET, OLD_SECRET);
    expect(await trigger.webhook.call(signedWithOld.context)).toEqual({ noWebhookResponse: true });
  });

  it('shows an older node, where its field is, what to do', () => {
    const notice = trigger.description.properties.find((property) => property.name === 'secretFieldNotice');
    const shown = (version: number) =>
      NodeHelpers.displayParameter({ authentication: 'none' }, notice!, { typeVersion: version } as never, trigger.description);

    expect(String(notice?.displayName)).toContain('Dub Signing Secret credential');
    expect([shown(1), shown(1.1), shown(1.2)]).toEqual([true, true, false]);
  });

  it('fails the activation, saying what to choose, while no secret is there to check deliveries with', async () => {
    const activation = (parameters: Record<string, unknown>, credentials?: Record<string, { secret: string }>) =>
      trigger.webhookMethods.default.checkExists.call(
        hookContext({ parameters: { authentication: 'none', events: ['sale.created'], ...parameters }, ...(credentials ? { credentials } : {}) }).context,
      );

    await expect(activation({})).rejects.toThrow('Choose a Dub Signing Secret credential for this node');
    await expect(activation({}, { dubSigningSecretApi: { secret: SECRET } })).resolves.toBe(true);
    // An older node whose field still holds the secret activates as before.
    await expect(activation({ signingSecret: SECRET })).resolves.toBe(true);
  });
});
