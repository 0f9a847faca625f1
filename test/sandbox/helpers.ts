/** Test helpers: JSON calls against the sandbox and a real receiver server for deliveries. */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';

export interface CallResult {
  status: number;
  headers: Record<string, string>;
  text: string;
  json: unknown;
}

export async function call(
  url: string,
  options: { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; headers?: Record<string, string>; body?: unknown; rawBody?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  let body = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await request(url, { method: options.method ?? 'GET', headers, body });
  const text = await response.body.text();
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown;
  } catch {
    json = undefined;
  }
  return { status: response.statusCode, headers: flat, text, json };
}

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Narrows unknown JSON for assertions without `any`. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`not an object: ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

export function arr(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`not an array: ${JSON.stringify(value)}`);
  return value;
}

export function errorOf(result: CallResult): { code: unknown; message: string; doc_url: unknown } {
  const error = obj(obj(result.json)['error']);
  return { code: error['code'], message: String(error['message']), doc_url: error['doc_url'] };
}

export interface ReceivedDelivery {
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Receiver {
  url: string;
  received: ReceivedDelivery[];
  close(): Promise<void>;
}

/** A webhook receiver. `respond(n)` gives the status for the n-th request (0-based) and an
 *  optional delay before answering. */
export async function startReceiver(
  respond: (index: number) => { status: number; delayMs?: number } = () => ({ status: 200 }),
  path = '/hook',
): Promise<Receiver> {
  const received: ReceivedDelivery[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const index = received.length;
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      const { status, delayMs } = respond(index);
      const answer = (): void => {
        if (!res.destroyed) res.writeHead(status).end('ok');
      };
      if (delayMs) setTimeout(answer, delayMs);
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${path}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Receivers started by a test file, each closed after the test that started it. */
export function useReceivers(): (respond?: Parameters<typeof startReceiver>[0]) => Promise<Receiver> {
  const started: Receiver[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((receiver) => receiver.close()));
  });
  return async (respond) => {
    const receiver = await startReceiver(respond);
    started.push(receiver);
    return receiver;
  };
}
