import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { catalogue } from '../shared/catalogue';
import { DUB_EVENT_NAMES } from '../shared/dub/event-names';
import { createDubClient } from '../shared/dub/client';
import { dubHookRegistrar } from '../shared/dub/hook-registrar';
import type { DeliveryResult } from '../shared/delivery/parse-delivery';
import { parseDelivery } from '../shared/delivery/services';
import { createLinklyClient } from '../shared/linkly/client';
import { linklyHookRegistrar } from '../shared/linkly/hook-registrar';
import type { Provider } from '../shared/normalized/parts';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox } from './index';
import { createUndiciTransport } from '../shared/transport/undici-transport';
import { timerSleep } from '../shared/api/retry-policy';
import { EXIT, type CliIo } from '../shared/cli/io';

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
    const dub = createDubClient({ transport, token: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl, policy: { sleep: timerSleep } });
    const linkly = createLinklyClient({ transport, apiKey: LINKLY_KEY_PAID, workspaceId: String(LINKLY_WORKSPACE_PAID), baseUrl: sandbox.linklyBaseUrl, policy: { sleep: timerSleep } });

    const { registration: hook } = await dubHookRegistrar(dub).ensure({ url: receiver.url('dub'), triggers: [...DUB_EVENT_NAMES], name: 'linkhooks demo' });
    receiver.setSecret('dub', hook.secret);
    const { registration: linklyHook } = await linklyHookRegistrar(linkly).ensure({ receiverUrl: receiver.url('linkly'), target: {} });
    receiver.setSecret('linkly', linklyHook.token);
    io.out(`Sandbox at ${sandbox.url}\nRegistered Dub hook ${hook.id} (all ${DUB_EVENT_NAMES.length} events) and a Linkly workspace hook.\n\n`);

    for (const entry of catalogue.dub) await sandbox.dub.deliver(entry.sample as Parameters<typeof sandbox.dub.deliver>[0]);
    for (const entry of catalogue.linkly) await sandbox.linkly.deliver(entry.sample);
    await forgedDelivery(receiver.url('dub'));

    for (const { provider, status, result } of receiver.results) {
      if (result.ok && result.entry) {
        io.out(`── ${provider} ${result.entry.label} (${result.event.event}) → ${status}\n${JSON.stringify(result.event, null, 2)}\n\n`);
      } else if (result.ok) {
        io.out(`── ${provider} unknown event "${result.eventName ?? '(none)'}" → ${status}\n\n`);
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

/**
 * A stand-in for a platform's hook URL: what a Zapier or n8n trigger does with a delivery, minus the platform.
 * Verifies with the secret registered for the provider, answers at once, and keeps every result.
 */
export interface DemoReceiver {
  url(provider: Provider): string;
  setSecret(provider: Provider, secret: string): void;
  results: { provider: Provider; status: number; result: DeliveryResult }[];
  close(): Promise<void>;
}

export async function startDemoReceiver(): Promise<DemoReceiver> {
  const secrets = new Map<Provider, string>();
  const results: DemoReceiver['results'] = [];
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const provider: Provider = request.url?.startsWith('/linkly') ? 'linkly' : 'dub';
      const secret = secrets.get(provider);
      const result = parseDelivery({
        provider,
        headers: request.headers,
        body,
        url: request.url ?? '/',
        ...(secret === undefined ? {} : { secret }),
      });
      const status = result.ok ? 200 : result.error.httpStatus;
      results.push({ provider, status, result });
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: result.ok }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (provider) => `http://127.0.0.1:${port}/${provider}`,
    setSecret: (provider, secret) => void secrets.set(provider, secret),
    results,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
