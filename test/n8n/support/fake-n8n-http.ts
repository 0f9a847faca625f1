import {
  NodeApiError,
  type ICredentialDataDecryptedObject,
  type IHttpRequestOptions,
  type IN8nHttpFullResponse,
  type INode,
  type JsonObject,
} from 'n8n-workflow';
import { DubApi } from '../../../n8n/dub/credentials/DubApi.credentials';
import { LinklyApi } from '../../../n8n/linkly/credentials/LinklyApi.credentials';

/**
 * A stand-in for n8n's `httpRequestWithAuthentication`, close to what n8n 2.41 does: it authenticates with the
 * credential's own `authenticate` (API keys) or signs with the OAuth token (refreshing once on a 401), honours
 * `ignoreHttpStatusErrors` and `returnFullResponse`, and throws HTTP errors with the answer attached, wrapped in a
 * NodeApiError for API-key credentials as n8n does. Requests go over real HTTP (the sandbox, or nock).
 */
export interface FakeHttpOptions {
  credentials: Record<string, ICredentialDataDecryptedObject>;
  node: INode;
  /** OAuth 2 only: what n8n's token refresh yields; absent, a refresh fails. */
  refreshAccessToken?: () => string;
}

export interface SentRequest {
  credentialType: string;
  options: IHttpRequestOptions;
}

const GENERIC_AUTH: Record<string, { authenticate: { properties: { headers?: Record<string, unknown> } } }> = {
  dubApi: new DubApi(),
  linklyApi: new LinklyApi(),
};

export function fakeN8nHttp(setup: FakeHttpOptions) {
  const sent: SentRequest[] = [];
  async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse | unknown> {
    sent.push({ credentialType, options });
    const credentials = setup.credentials[credentialType];
    if (!credentials) throw new Error(`no ${credentialType} credentials in this test`);
    if (credentialType === 'dubOAuth2Api') return oauthRequest(credentials, options);
    try {
      return await send(options, genericHeaders(credentialType, credentials));
    } catch (error) {
      throw new NodeApiError(setup.node, error as JsonObject);
    }
  }

  async function oauthRequest(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
    const tokenData = credentials.oauthTokenData as { access_token: string };
    try {
      return await send(options, { Authorization: `Bearer ${tokenData.access_token}` });
    } catch (error) {
      if (statusOf(error) !== 401 || !setup.refreshAccessToken) throw error;
      tokenData.access_token = setup.refreshAccessToken();
      return await send(options, { Authorization: `Bearer ${tokenData.access_token}` });
    }
  }

  /** n8n's plain httpRequest: no credential, HTTP errors thrown with the answer attached unless ignored. */
  async function httpRequest(options: IHttpRequestOptions): Promise<IN8nHttpFullResponse | unknown> {
    return send(options, {});
  }

  return { httpRequestWithAuthentication, httpRequest, sent };
}

function genericHeaders(credentialType: string, credentials: ICredentialDataDecryptedObject): Record<string, string> {
  const definition = GENERIC_AUTH[credentialType];
  const headers: Record<string, string> = {};
  for (const [name, template] of Object.entries(definition?.authenticate.properties.headers ?? {})) {
    headers[name] = String(template)
      .replace(/^=/, '')
      .replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_, field: string) => String(credentials[field] ?? ''));
  }
  return headers;
}

class HttpStatusError extends Error {
  constructor(readonly response: { status: number; headers: Record<string, string>; data: string }) {
    super(`Request failed with status code ${response.status}`);
  }
}

function statusOf(error: unknown): number | undefined {
  return error instanceof HttpStatusError ? error.response.status : undefined;
}

async function send(options: IHttpRequestOptions, authHeaders: Record<string, string>): Promise<IN8nHttpFullResponse | unknown> {
  const headers: Record<string, string> = { ...(options.headers as Record<string, string>), ...authHeaders };
  const url = new URL(options.url, options.baseURL);
  for (const [name, value] of Object.entries(options.qs ?? {})) url.searchParams.set(name, String(value));
  const response = await fetch(url, { method: options.method ?? 'GET', headers, body: (options.body as string | undefined) ?? null });
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => (responseHeaders[name] = value));
  const data = await response.text();
  if (rejects(response.status, options.ignoreHttpStatusErrors)) {
    throw new HttpStatusError({ status: response.status, headers: responseHeaders, data });
  }
  return options.returnFullResponse ? { statusCode: response.status, headers: responseHeaders, body: data } : data;
}

function rejects(status: number, ignore: IHttpRequestOptions['ignoreHttpStatusErrors']): boolean {
  if (status < 400) return false;
  if (ignore === true) return false;
  if (ignore && typeof ignore === 'object') return ignore.except.includes(status);
  return true;
}
