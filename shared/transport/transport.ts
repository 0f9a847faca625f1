/**
 * The one seam between the service clients and the network. Each host plugs in its own HTTP:
 * undici for the CLI and sandbox, `z.request` in Zapier, `this.helpers.httpRequest` in n8n.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  url: string;
  headers: Record<string, string>;
  /** Already serialized: the transport sends these bytes as they are. */
  body?: string;
  /** Give up when no full answer came within this long (the caller's time budget decides it). */
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  /** Resolves with any answer, whatever its status; rejects only when no answer came (network error or timeout). */
  send(request: HttpRequest): Promise<HttpResponse>;
}
