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
 * How the credential signs requests: with a key (n8n's `authenticate`), or with an OAuth 2 token that n8n refreshes
 * when the service answers 401 to a request it sees fail.
 */
export type CredentialKind = 'apiKey' | 'oAuth2';

/**
 * Header names whose values are secrets. n8n's credential supplies them (`authenticate`, or OAuth 2 signing with
 * token refresh), so the node never handles a key; the placeholders the core's clients set are dropped.
 */
const CREDENTIAL_HEADERS = new Set(['authorization', 'x-api-key']);

/**
 * The core's Transport over n8n's `httpRequestWithAuthentication`: every status comes back as an answer, with its
 * headers and body, for the core's clients to judge.
 *
 * An error status must not reach us as a thrown error: n8n 1.x (n8n-workflow 1.120) wraps it in a NodeApiError whose
 * `cause` (the HTTP error) is reset once constructed, keeping only the status and a JSON body, never the headers (Dub's
 * rate-limit reset) nor a text body. So n8n is asked to hand every status back (`ignoreHttpStatusErrors: true`), which
 * every supported n8n does alike. Only n8n's OAuth 2 token refresh needs a 401 to fail inside n8n, and the way to
 * except it (`{ ignore: true, except: [401] }`) is 2.x only: 1.x reads the object as `true`. So an OAuth 2 call that
 * is answered 401 is sent once more letting errors throw, on every line: n8n refreshes the token and retries (a 401
 * means the service did nothing, so asking again is safe). An error answer to that retry reaches us thrown: whole
 * on 2.x (the error's `cause`); on 1.x its status and JSON body, without headers. A refresh that fails leaves the
 * service's 401 as the answer.
 */
export function n8nTransport(context: ApiContext, credentialType: string, kind: CredentialKind): Transport {
  /** n8n's answer, or what a thrown error says of it (`undefined`: no answer came). */
  async function request(options: IHttpRequestOptions): Promise<HttpResponse | { thrown: unknown }> {
    try {
      const response = (await context.helpers.httpRequestWithAuthentication.call(context, credentialType, options)) as IN8nHttpFullResponse;
      return toHttpResponse(response.statusCode, response.headers, response.body);
    } catch (error) {
      return answerCarriedBy(error) ?? { thrown: error };
    }
  }

  /** No answer at all (network, or a token n8n could not refresh): the core says so in its own words. */
  function noAnswer(error: unknown): never {
    throw new NodeApiError(context.getNode(), error as JsonObject);
  }

  return {
    async send(sent: HttpRequest): Promise<HttpResponse> {
      const options: IHttpRequestOptions = {
        method: sent.method,
        url: sent.url,
        headers: withoutCredentialHeaders(sent.headers),
        returnFullResponse: true,
        encoding: 'text',
        json: false,
        timeout: sent.timeoutMs,
        ignoreHttpStatusErrors: true,
        ...(sent.body === undefined ? {} : { body: sent.body }),
      };
      const answer = await request(options);
      if ('thrown' in answer) return noAnswer(answer.thrown);
      if (kind !== 'oAuth2' || answer.status !== 401) return answer;
      // n8n refreshes an OAuth 2 token only on a 401 it sees fail. Without `encoding`, a JSON error body reaches the
      // error parsed, which is the only way 1.x keeps it.
      const retried = await request({ ...options, encoding: undefined, ignoreHttpStatusErrors: false });
      if (!('thrown' in retried)) return retried;
      // 1.x's error keeps the retry's status and JSON body; with no status, the refresh itself failed (n8n 2.x:
      // "needs to be reconnected"), and the service's 401 is the answer to give.
      return answerKeptByOlderN8n(retried.thrown) ?? answer;
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
  httpCode?: unknown;
  context?: { data?: unknown };
}

/**
 * The answer a thrown error carries. n8n 2.x keeps the HTTP error (axios's, with status, headers and body) as the
 * NodeApiError's `cause`; n8n 1.x keeps only `httpCode` and, when the body was JSON, `context.data`.
 */
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

/** What n8n 1.x keeps of an error answer: the status, and the body only when it was JSON. Never the headers. */
function answerKeptByOlderN8n(error: unknown): HttpResponse | undefined {
  if (!(error instanceof NodeApiError) && !(error instanceof Error && error.name === 'NodeApiError')) return undefined;
  const { httpCode, context } = error as ErrorWithResponse;
  const status = Number(httpCode);
  if (!Number.isInteger(status) || status < 400 || status > 599) return undefined;
  return toHttpResponse(status, {}, context?.data);
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
