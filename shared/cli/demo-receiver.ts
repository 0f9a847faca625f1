import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseDelivery, type DeliveryResult } from '../delivery/parse-delivery';
import type { Provider } from '../normalized/parts';

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
