import { request } from 'undici';
import type { HttpRequest, HttpResponse, Transport } from './transport';

/** The transport used outside the platforms (CLI, sandbox demo, tests). */
export function createUndiciTransport(options: { timeoutMs?: number } = {}): Transport {
  const timeoutMs = options.timeoutMs ?? 30_000;
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      const response = await request(req.url, {
        method: req.method,
        headers: req.headers,
        body: req.body,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
      });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: await response.body.text() };
    },
  };
}
