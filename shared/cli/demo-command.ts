import { catalogue } from '../catalogue';
import { DUB_EVENT_NAMES } from '../dub/event-names';
import { createDubClient } from '../dub/client';
import { dubHookRegistrar } from '../dub/hook-registrar';
import { createLinklyClient } from '../linkly/client';
import { linklyHookRegistrar } from '../linkly/hook-registrar';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox } from '../sandbox';
import { createUndiciTransport } from '../transport/undici-transport';
import { startDemoReceiver } from './demo-receiver';
import { EXIT, type CliIo } from './io';

/**
 * `linkhooks demo` (npm start): the whole data flow on this machine. The sandbox stands in for Dub and Linkly,
 * hooks are registered through the real clients, every catalogue event is delivered, and each trigger's output is
 * printed. A forged delivery shows what is refused.
 */
export async function demoCommand(io: CliIo): Promise<number> {
  const sandbox = await startSandbox();
  const receiver = await startDemoReceiver();
  const transport = createUndiciTransport();
  try {
    const dub = createDubClient({ transport, token: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl });
    const linkly = createLinklyClient({ transport, apiKey: LINKLY_KEY_PAID, workspaceId: String(LINKLY_WORKSPACE_PAID), baseUrl: sandbox.linklyBaseUrl });

    const { registration: hook } = await dubHookRegistrar(dub).ensure({ url: receiver.url('dub'), triggers: [...DUB_EVENT_NAMES], name: 'linkhooks demo' });
    receiver.setSecret('dub', hook.secret);
    const { registration: linklyHook } = await linklyHookRegistrar(linkly).ensure({ receiverUrl: receiver.url('linkly'), target: {} });
    receiver.setSecret('linkly', linklyHook.token);
    io.out(`Sandbox at ${sandbox.url}\nRegistered Dub hook ${hook.id} (all ${DUB_EVENT_NAMES.length} events) and a Linkly workspace hook.\n\n`);

    for (const entry of catalogue.dub) await sandbox.dub.deliver(entry.sample as Parameters<typeof sandbox.dub.deliver>[0]);
    for (const entry of catalogue.linkly) await sandbox.linkly.deliver(entry.sample);
    await forgedDelivery(receiver.url('dub'));

    for (const { provider, status, result } of receiver.results) {
      if (result.ok) {
        io.out(`── ${provider} ${result.entry.label} (${result.event.event}) → ${status}\n${JSON.stringify(result.event, null, 2)}\n\n`);
      } else {
        io.out(`── ${provider} refused → ${status} ${result.error.kind}: ${result.error.message}\n\n`);
      }
    }
    await dubHookRegistrar(dub).remove({ id: hook.id });
    await linklyHookRegistrar(linkly).remove({ id: linklyHook.id, target: {} });
    const accepted = receiver.results.filter(({ result }) => result.ok).length;
    io.out(`${accepted} events emitted, ${receiver.results.length - accepted} refused; hooks removed (Dub ${sandbox.dub.hooks().length}, Linkly ${sandbox.linkly.hooks().length} left).\n`);
    return EXIT.ok;
  } finally {
    await receiver.close();
    await sandbox.close();
  }
}

async function forgedDelivery(url: string): Promise<void> {
  const body = JSON.stringify(catalogue.dub.find((entry) => entry.event === 'sale.created')?.sample);
  await createUndiciTransport().send({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', 'dub-signature': '0'.repeat(64) },
    body,
    timeoutMs: 5_000,
  });
}
