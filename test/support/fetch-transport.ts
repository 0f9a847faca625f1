import type { Transport } from '../../shared/transport/transport';

/**
 * A transport over Node's global fetch, for unit tests: nock intercepts fetch but not undici's own dispatcher.
 * The clients cannot tell the difference; the undici transport itself is exercised against the sandbox.
 */
export const fetchTransport: Transport = {
  async send(request) {
    const response = await fetch(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body ?? null,
      signal: AbortSignal.timeout(request.timeoutMs),
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    return { status: response.status, headers, body: await response.text() };
  },
};
