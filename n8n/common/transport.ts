import {
  NodeApiError,
  type IDataObject,
  type IHookFunctions,
  type IWebhookFunctions,
  type IHttpRequestOptions,
  type ILoadOptionsFunctions,
  type IN8nHttpFullResponse,
  type ITriggerFunctions,
  type JsonObject,
} from 'n8n-workflow';
import type { HttpRequest, HttpResponse, Transport } from '../../shared';

/**
 * The contexts that may call a service: lifecycle hooks, parameter pickers, a delivery that came before n8n saved
 * what create() kept, and a trigger's periodic check of its hook (Dub's recovery).
 */
export type ApiContext = IHookFunctions | ILoadOptionsFunctions | IWebhookFunctions | ITriggerFunctions;

/**
 * Header names whose values are secrets. n8n's credential supplies them (`authenticate`, or OAuth 2 signing with
 * token refresh), so the node never handles a key; the placeholders the core's clients set are dropped.
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);

/**
 * The core's Transport over n8n's `httpRequestWithAuthentication`. Every status comes back as an answer for the
 * core's clients to judge. n8n must see a 401 as an error to refresh an OAuth 2 token and retry, and the way to
 * ignore every other error status (`ignoreHttpStatusErrors: { except: [401] }`) is 2.x only: n8n 1.x takes a boolean,
 * reads the object as `true`, and would hand the 401 back without refreshing. So every error status is let through as
 * an error (what every supported n8n does the same way) and the answer is read back from the error.
 */
export function n8nTransport(context: ApiContext, credentialType: string): Transport {
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const options: IHttpRequestOptions = {
        method: request.method,
        url: request.url,
        headers: withoutCredentialHeaders(request.headers),
        returnFullResponse: true,
        encoding: 'text',
        json: false,
        timeout: request.timeoutMs,
        ...(request.body === undefined ? {} : { body: request.body }),
      };
      try {
        const response = (await context.helpers.httpRequestWithAuthentication.call(
          context,
          credentialType,
          options,
        )) as IN8nHttpFullResponse;
        return toHttpResponse(response.statusCode, response.headers, response.body);
      } catch (error) {
        const answered = answerCarriedBy(error);
        if (answered) return answered;
        // No answer at all (network): the core turns this into its own "could not reach" message.
        throw new NodeApiError(context.getNode(), error as JsonObject);
      }
    },
  };
}

/**
 * The core's Transport over n8n's plain `httpRequest` (no credential): for a trigger posting to its own webhook URL
 * (Dub's recovery sends undelivered events there). Every status comes back as an answer.
 */
export function n8nPlainTransport(context: ITriggerFunctions): Transport {
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const options: IHttpRequestOptions = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        returnFullResponse: true,
        encoding: 'text',
        json: false,
        timeout: request.timeoutMs,
        ...(request.body === undefined ? {} : { body: request.body }),
      };
      try {
        const response = (await context.helpers.httpRequest(options)) as IN8nHttpFullResponse;
        return toHttpResponse(response.statusCode, response.headers, response.body);
      } catch (error) {
        const answered = answerCarriedBy(error);
        if (answered) return answered;
        throw error instanceof Error ? error : new Error(String(error));
      }
    },
  };
}

function withoutCredentialHeaders(headers: Record<string, string>): IDataObject {
  const kept: IDataObject = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

interface ErrorWithResponse {
  response?: { status?: unknown; headers?: unknown; data?: unknown };
  cause?: unknown;
}

/** n8n throws HTTP errors with the answer attached (axios's error), sometimes wrapped once more (NodeApiError's cause). */
function answerCarriedBy(error: unknown): HttpResponse | undefined {
  for (let current: unknown = error, depth = 0; current && typeof current === 'object' && depth < 3; depth += 1) {
    const { response, cause } = current as ErrorWithResponse;
    if (response && typeof response.status === 'number') {
      return toHttpResponse(response.status, response.headers, response.data);
    }
    current = cause;
  }
  return undefined;
}

function toHttpResponse(status: number, headers: unknown, body: unknown): HttpResponse {
  return { status, headers: lowerCaseHeaders(headers), body: bodyText(body) };
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  if (!headers || typeof headers !== 'object') return result;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    result[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return result;
}

/** The core parses bodies itself; n8n may hand over text, bytes or (despite `encoding`) parsed JSON. */
function bodyText(body: unknown): string {
  if (body === undefined || body === null) return '';
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return new TextDecoder().decode(body);
  return JSON.stringify(body);
}
