import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as it reached the catcher: what Zapier's hook endpoint would have received. */
export interface CaughtRequest {
  method: string;
  path: string;
  querystring: string;
  /** Header names in lower case, as Node gives them. */
  headers: Record<string, string>;
  body: string;
}

export interface HookCatcher {
  url: string;
  caught: CaughtRequest[];
  close(): Promise<void>;
}

/** A local HTTP server standing in for hooks.zapier.com: it records every request and answers 200 at once. */
export async function startHookCatcher(): Promise<HookCatcher> {
  const caught: CaughtRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://catcher.invalid');
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
      }
      caught.push({ method: req.method ?? '', path: url.pathname, querystring: url.search.replace(/^\?/, ''), headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"success"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    caught,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
