/**
 * Dub's partner postbacks on Zapier: static hooks whose URL Zapier shows, each delivery checked with the secret the
 * partner pasted into the Zap by the core's Dub-Signature check. Postbacks come from the sandbox, sent as Dub's code
 * sends them (test/sandbox/dub-postbacks.test.ts).
 */
import type { Bundle, ZObject } from 'zapier-platform-core';
import { dubPostbackCatalogue, type DubPostbackEventName } from '../../shared';
import { useSandbox } from '../support/sandbox';
import { useReceivers } from '../sandbox/helpers';
import { captureLogs, dubApp, dubAuth, expectPlatformChecks, runDub, zapierRawRequest } from './support';

const sandbox = useSandbox();
const receiver = useReceivers();
let logs: ReturnType<typeof captureLogs>;
beforeEach(() => (logs = captureLogs()));
afterEach(() => logs.restore());

type Operation = (z: ZObject, bundle: Bundle) => Promise<unknown>;
const operationOf = (key: string) => dubApp.triggers[key]?.operation as unknown as { perform: Operation; performList: Operation; performSubscribe?: unknown; inputFields: Array<{ key?: string; type?: string; required?: boolean }> };

async function postback(event: DubPostbackEventName) {
  const target = await receiver();
  const { secret } = sandbox().dub.postbacks.add(target.url, [event]);
  await sandbox().dub.postbacks.send(event, (dubPostbackCatalogue[event].sample as { data: unknown }).data);
  const { body, headers } = target.received[0]!;
  return { body, signature: String(headers['dub-signature']), secret };
}

function bundleOf(delivery: { body: string; signature: string }, secret: string, inputData: Record<string, unknown> = {}) {
  return {
    authData: dubAuth,
    inputData: { postback_secret: secret, ...inputData },
    rawRequest: zapierRawRequest(delivery.body, { 'Dub-Signature': delivery.signature }),
    cleanedRequest: JSON.parse(delivery.body) as unknown,
  };
}

describe('Dub partner postbacks on Zapier', () => {
  it.each(Object.values(dubPostbackCatalogue).map((entry) => [entry.event as DubPostbackEventName, entry.key] as const))(
    '%s: a static hook (no subscribe) gives one normalized item, marked as a postback, nothing unread',
    async (event, key) => {
      const operation = operationOf(key);
      expect(operation.performSubscribe).toBeUndefined();
      const delivery = await postback(event);

      const result = await runDub(operation.perform as never, bundleOf(delivery, ` ${delivery.secret} `));
      expectPlatformChecks(result);
      expect(result).toHaveLength(1);
      expect(result[0]).toMatchObject({ event, isPostback: true, unreadFields: [] });
    },
  );

  it('asks for the postback secret as a required password field', () => {
    const secret = operationOf('postback_sale_created').inputFields.find((field) => field.key === 'postback_secret');
    expect(secret).toMatchObject({ type: 'password', required: true });
  });

  it('ignores a postback not signed with the pasted secret, and says why without the secret', async () => {
    const delivery = await postback('sale.created');
    const wrong = 'pbsec_00000000000000000000000000000000';
    const result = await runDub(operationOf('postback_sale_created').perform as never, bundleOf(delivery, wrong));

    expect(result).toEqual([]);
    expect(logs.lines.join('\n')).toMatch(/Dub-Signature does not match/);
    expect(logs.lines.join('\n')).not.toContain(wrong);
  });

  it('ignores a postback of another event than the trigger\'s', async () => {
    const delivery = await postback('lead.created');
    const result = await runDub(operationOf('postback_sale_created').perform as never, bundleOf(delivery, delivery.secret));

    expect(result).toEqual([]);
    expect(logs.lines.join('\n')).toMatch(/"lead.created" event \(id evt_[^)]+\), not "sale.created"/);
  });

  it('the items follow the Output choice, like every trigger', async () => {
    const delivery = await postback('commission.created');
    const result = (await runDub(operationOf('postback_commission_created').perform as never, bundleOf(delivery, delivery.secret, { output: 'raw' }))) as unknown[];

    expect(result).toEqual([JSON.parse(delivery.body)]);
  });

  it('has no recent postbacks to offer, so Zapier shows the static sample', async () => {
    expect(await runDub(operationOf('postback_lead_created').performList as never, { authData: dubAuth, inputData: {} })).toEqual([]);
  });
});
