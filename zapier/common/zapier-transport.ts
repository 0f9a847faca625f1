import type { HttpRequestOptions, ZObject } from 'zapier-platform-core';
import type { HttpRequest, HttpResponse, Transport } from '../../shared';

type ZapierRequest = HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean };

interface HeaderList {
  forEach(visit: (value: string, name: string) => void): void;
}

/**
 * The core's transport over `z.request`, so every call shows in Zapier's logs with secrets scrubbed. Statuses are
 * left to the core's clients: no throw for 4xx/5xx, and 429 reaches them too (Zapier would otherwise throw before
 * the core could read Dub's rate-limit headers). No app turns on OAuth's autoRefresh, which would throw a bare
 * RefreshAuthError for every 401 and drop the answer (Dub's reason) with it.
 */
export function zapierTransport(z: ZObject): Transport {
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const options: ZapierRequest = {
        url: request.url,
        method: request.method,
        headers: request.headers,
        ...(request.body === undefined ? {} : { body: request.body }),
        skipThrowForStatus: true,
        throwForThrottlingEarly: false,
        timeout: request.timeoutMs,
      };
      const response = await z.request(options);
      return { status: response.status, headers: plainHeaders(response.headers), body: response.content };
    },
  };
}

function plainHeaders(headers: HeaderList): Record<string, string> {
  const plain: Record<string, string> = {};
  headers.forEach((value, name) => {
    plain[name.toLowerCase()] = value;
  });
  return plain;
}
