import axios, { AxiosError, type AxiosResponse, type ResponseType } from 'axios';
import { NodeApiError as NodeApiErrorOfN8n2 } from 'n8n-workflow';
import { NodeApiError as NodeApiErrorOfN8n1 } from 'n8n-workflow-oldest';
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, IN8nHttpFullResponse, INode, JsonObject } from 'n8n-workflow';
import { DubApi } from '../../../n8n/dub/credentials/DubApi.credentials';
import { LinklyApi } from '../../../n8n/linkly/credentials/LinklyApi.credentials';

/**
 * A stand-in for n8n's `httpRequestWithAuthentication`, after n8n-core's own code on each supported line (2.41.1:
 * request-helpers/authentication.ts and oauth.ts over @n8n/backend-network's httpRequest; 1.122.48, the core of n8n
 * 1.123.x: request-helper-functions.ts). Requests go through axios, as n8n's do, over real HTTP (the sandbox, or nock).
 *
 * What differs between the lines, and is kept here as each does it:
 * - `ignoreHttpStatusErrors`: 2.x honours `{ ignore: true, except: [...] }`; 1.x takes any truthy value as `true`.
 * - a thrown error answer is axios's error, wrapped in that line's own NodeApiError class (the real one, from the
 *   `n8n-workflow` or `n8n-workflow-oldest` devDependency): 2.x keeps axios's error as `cause`, 1.x loses it.
 * - OAuth 2: a thrown 401 makes n8n refresh the token and send once more; a generic credential's thrown 401 is sent
 *   once more after its pre-authentication (n8n runs it whether or not the credential has any).
 */
export type N8nHttpLine = 'n8n 2.x' | 'n8n 1.x';
export const N8N_HTTP_LINES: N8nHttpLine[] = ['n8n 2.x', 'n8n 1.x'];

export interface FakeHttpOptions {
  credentials: Record<string, ICredentialDataDecryptedObject>;
  node: INode;
  /** OAuth 2 only: what n8n's token refresh yields; absent, a refresh fails. */
  refreshAccessToken?: () => string;
  /** Which n8n's helper to behave as; the newest by default. */
  line?: N8nHttpLine;
}

export interface SentRequest {
  credentialType: string;
  options: IHttpRequestOptions;
}

const GENERIC_AUTH: Record<string, { authenticate: { properties: { headers?: Record<string, unknown> } } }> = {
  dubApi: new DubApi(),
  linklyApi: new LinklyApi(),
};

/** Each line's NodeApiError, as its httpRequestWithAuthentication wraps whatever failed. */
export function nodeApiErrorOf(line: N8nHttpLine, node: INode, error: unknown): Error {
  // The two packages declare the same INode apart; the node is the same plain object for both.
  if (line === 'n8n 1.x') return new NodeApiErrorOfN8n1(node as ConstructorParameters<typeof NodeApiErrorOfN8n1>[0], error as JsonObject);
  return new NodeApiErrorOfN8n2(node, error as JsonObject);
}

/** What @n8n/client-oauth2 throws when the token endpoint refuses a refresh (its AuthError: no HTTP status). */
class TokenRefreshRefused extends Error {
  override readonly name = 'AuthError';
  readonly code = 'EAUTH';
  readonly body = { error: 'invalid_grant' };

  constructor() {
    super('The provided authorization grant (e.g., authorization code, resource owner credentials) or refresh token is invalid, expired, revoked...');
  }
}

export function fakeN8nHttp(setup: FakeHttpOptions) {
  const line = setup.line ?? 'n8n 2.x';
  const sent: SentRequest[] = [];

  async function httpRequestWithAuthentication(credentialType: string, options: IHttpRequestOptions): Promise<IN8nHttpFullResponse | unknown> {
    sent.push({ credentialType, options });
    const credentials = setup.credentials[credentialType];
    if (!credentials) throw new Error(`no ${credentialType} credentials in this test`);
    try {
      if (credentialType === 'dubOAuth2Api') return await oauthRequest(credentials, options);
      const headers = genericHeaders(credentialType, credentials);
      try {
        return await send(line, options, headers);
      } catch (error) {
        // n8n sends once more after a thrown 401, having run the credential's pre-authentication (none here).
        if (!(error instanceof AxiosError) || error.response?.status !== 401) throw error;
        return await send(line, options, headers);
      }
    } catch (error) {
      throw nodeApiErrorOf(line, setup.node, error);
    }
  }

  async function oauthRequest(credentials: ICredentialDataDecryptedObject, options: IHttpRequestOptions) {
    const tokenData = credentials.oauthTokenData as { access_token: string };
    try {
      return await send(line, options, { Authorization: `Bearer ${tokenData.access_token}` });
    } catch (error) {
      if (!(error instanceof AxiosError) || error.response?.status !== 401) throw error;
      if (!setup.refreshAccessToken) throw new TokenRefreshRefused();
      tokenData.access_token = setup.refreshAccessToken();
      return await send(line, options, { Authorization: `Bearer ${tokenData.access_token}` });
    }
  }

  /** n8n's plain httpRequest: no credential, HTTP errors thrown with the answer attached unless ignored. */
  async function httpRequest(options: IHttpRequestOptions): Promise<IN8nHttpFullResponse | unknown> {
    return send(line, options, {});
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

/** Which statuses reach the caller as answers rather than thrown errors, as each line reads the option. */
function acceptsStatus(line: N8nHttpLine, ignore: IHttpRequestOptions['ignoreHttpStatusErrors']): (status: number) => boolean {
  const plain = (status: number) => status >= 200 && status < 300;
  if (!ignore) return plain;
  if (line === 'n8n 2.x' && typeof ignore === 'object' && ignore.ignore === true) return (status) => !ignore.except.includes(status);
  return () => true;
}

async function send(line: N8nHttpLine, options: IHttpRequestOptions, authHeaders: Record<string, string>): Promise<IN8nHttpFullResponse | unknown> {
  const response: AxiosResponse = await axios.request({
    method: options.method ?? 'GET',
    url: options.url,
    ...(options.baseURL === undefined ? {} : { baseURL: options.baseURL }),
    params: options.qs,
    headers: { ...(options.headers as Record<string, string>), ...authHeaders },
    ...(options.body === undefined ? {} : { data: options.body }),
    ...(options.encoding === undefined ? {} : { responseType: options.encoding as ResponseType }),
    ...(options.timeout === undefined ? {} : { timeout: options.timeout }),
    validateStatus: acceptsStatus(line, options.ignoreHttpStatusErrors),
    // n8n's own agents; axios's proxy lookup from the environment is not what n8n does.
    proxy: false,
  });
  const headers = Object.fromEntries(Object.entries(response.headers).map(([name, value]) => [name, String(value)]));
  return options.returnFullResponse ? { statusCode: response.status, headers, body: response.data } : response.data;
}
