import { request } from 'undici';
import type { HttpRequest, HttpResponse, Transport } from './transport';

/** The transport used outside the platforms (CLI, demos, tests). */
export function createUndiciTransport(): Transport {
  return {
    async send(req: HttpRequest): Promise<HttpResponse> {
      // One deadline for the whole exchange, body included: a server that trickles its answer is as late as a silent one.
      const signal = AbortSignal.timeout(req.timeoutMs);
      const response = await request(req.url, { method: req.method, headers: req.headers, body: req.body, signal });
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(response.headers)) {
        if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
      }
      return { status: response.statusCode, headers, body: await response.body.text() };
    },
  };
}
