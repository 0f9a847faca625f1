import type { HttpRequestOptions, ZObject } from 'zapier-platform-core';
import type { HttpRequest, HttpResponse, Transport } from '../../shared';

type ZapierRequest = HttpRequestOptions & { url: string; throwForThrottlingEarly: boolean };

interface HeaderList {
  forEach(visit: (value: string, name: string) => void): void;
}

/**
 * The core's transport over `z.request`, so every call shows in Zapier's logs with secrets scrubbed. Statuses are
 * left to the core's clients: no throw for 4xx/5xx, and 429 reaches them too (Zapier would otherwise throw before
 * the core could read Dub's rate-limit headers).
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
      try {
        const response = await z.request(options);
        return { status: response.status, headers: plainHeaders(response.headers), body: response.content };
      } catch (error) {
        // With OAuth autoRefresh Zapier turns a 401 into RefreshAuthError before any code sees the answer; hand the
        // core the 401 it stands for, so its message and the error mapping stay the same everywhere.
        if (isRefreshAuthError(error)) return { status: 401, headers: {}, body: '' };
        throw error;
      }
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

function isRefreshAuthError(error: unknown): boolean {
  return error instanceof Error && error.name === 'RefreshAuthError';
}
