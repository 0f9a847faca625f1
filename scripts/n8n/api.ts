/** n8n's owner set-up (REST) and its public API (/api/v1): what the tests and the playground drive n8n with. */
import { randomUUID } from 'node:crypto';
import { isN8nV1, sleep, type N8nHandle } from './process';
export interface N8nNode {
  id?: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  webhookId?: string;
  credentials?: Record<string, { id: string; name: string }>;
}

export interface WorkflowDefinition {
  name: string;
  nodes: N8nNode[];
  connections: Record<string, unknown>;
  settings?: Record<string, unknown>;
}

export interface Workflow extends WorkflowDefinition {
  id: string;
  active: boolean;
  /** What the nodes keep between executions (`node:<name>` for each trigger's hook id and secret); a JSON text in some versions. */
  staticData?: Record<string, unknown> | string | null;
}

export interface Credential {
  id: string;
  name: string;
  type: string;
}

export interface NodeRun {
  data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
  error?: { message?: string };
}

export interface Execution {
  id: string;
  workflowId: string;
  status: string;
  mode: string;
  finished: boolean;
  startedAt: string;
  stoppedAt: string | null;
  data?: { resultData?: { runData?: Record<string, NodeRun[]>; error?: { message?: string } } };
}

export interface N8nApi {
  readonly apiKey: string;
  request<T>(method: string, apiPath: string, body?: unknown): Promise<T>;
  createCredential(type: string, name: string, data: Record<string, unknown>): Promise<Credential>;
  createWorkflow(def: WorkflowDefinition): Promise<Workflow>;
  getWorkflow(id: string): Promise<Workflow>;
  activate(id: string): Promise<Workflow>;
  deactivate(id: string): Promise<Workflow>;
  executions(workflowId: string, opts?: { includeData?: boolean }): Promise<Execution[]>;
  waitForExecutions(workflowId: string, count: number, timeoutMs?: number): Promise<Execution[]>;
}

/** The json items a node produced in an execution (first run, first output). */
export function nodeOutput(execution: Execution, nodeName: string): Array<Record<string, unknown>> {
  const run = execution.data?.resultData?.runData?.[nodeName]?.[0];
  return (run?.data?.main?.[0] ?? []).map((item) => item.json);
}

async function expectOk(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? (JSON.parse(text) as unknown) : undefined;
}

/** The owner account every harnessed n8n gets; the playground prints it as the login. */
export const OWNER = { email: 'owner@linkhooks.test', firstName: 'E2E', lastName: 'Owner', password: 'E2e-password-1' };

/** A call to n8n's editor API (/rest), as the logged-in owner: what the editor itself does (e.g. a test listen). */
export type RestCall = <T>(method: string, restPath: string, body?: unknown) => Promise<T>;

export interface OwnerSession extends N8nApi {
  rest: RestCall;
}

/** Creates the owner account (first call on a fresh database), then an API key with every scope. */
export async function setupOwner(handle: N8nHandle): Promise<OwnerSession> {
  const browserId = randomUUID();
  const ownerRes = await fetch(`${handle.baseUrl}/rest/owner/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'browser-id': browserId },
    body: JSON.stringify(OWNER),
  });
  await expectOk(ownerRes, 'POST /rest/owner/setup');
  const cookie = ownerRes.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('n8n-auth='));
  if (!cookie) throw new Error('owner setup returned no n8n-auth cookie');

  // The auth cookie is bound to the browser-id it was issued with.
  const rest: RestCall = async <T>(method: string, restPath: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${handle.baseUrl}/rest${restPath}`, {
      method,
      headers: { 'content-type': 'application/json', 'browser-id': browserId, cookie },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return ((await expectOk(res, `${method} /rest${restPath}`)) as { data: T }).data;
  };
  const scopes = await rest<string[]>('GET', '/api-keys/scopes');
  const key = await rest<{ rawApiKey: string }>('POST', '/api-keys', { label: 'e2e', scopes, expiresAt: null });
  const api = apiClient(handle, key.rawApiKey);
  // n8n 1.x's public API refuses some valid credentials (its schema for generic-auth types): create them as its
  // editor does.
  const createCredential: N8nApi['createCredential'] = isN8nV1(handle.version)
    ? (type, name, data) => rest<Credential>('POST', '/credentials', { type, name, data })
    : api.createCredential;
  return { ...api, createCredential, rest };
}

/** A client for n8n's public API (/api/v1). */
export function apiClient(handle: N8nHandle, apiKey: string): N8nApi {
  const request = async <T>(method: string, apiPath: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${handle.baseUrl}/api/v1${apiPath}`, {
      method,
      headers: { 'content-type': 'application/json', 'x-n8n-api-key': apiKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await expectOk(res, `${method} /api/v1${apiPath}`)) as T;
  };

  const executions = async (workflowId: string, opts: { includeData?: boolean } = {}): Promise<Execution[]> => {
    const all: Execution[] = [];
    let cursor: string | undefined;
    do {
      const query = new URLSearchParams({ workflowId, limit: '100', includeData: String(opts.includeData ?? true) });
      if (cursor) query.set('cursor', cursor);
      const page = await request<{ data: Execution[]; nextCursor?: string | null }>('GET', `/executions?${query}`);
      all.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    return all;
  };

  const api: N8nApi = {
    apiKey,
    request,
    createCredential: (type, name, data) => request<Credential>('POST', '/credentials', { type, name, data }),
    createWorkflow: (def) => request<Workflow>('POST', '/workflows', { settings: { executionOrder: 'v1' }, ...def }),
    getWorkflow: (id) => request<Workflow>('GET', `/workflows/${id}`),
    activate: (id) => request<Workflow>('POST', `/workflows/${id}/activate`),
    deactivate: (id) => request<Workflow>('POST', `/workflows/${id}/deactivate`),
    executions,
    async waitForExecutions(workflowId, count, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let done: Execution[] = [];
      for (;;) {
        const list = await executions(workflowId, { includeData: false });
        done = list.filter((e) => e.stoppedAt !== null && e.status !== 'running' && e.status !== 'new');
        if (done.length >= count) return executions(workflowId, { includeData: true });
        if (Date.now() > deadline) {
          throw new Error(
            `expected ${count} finished executions of workflow ${workflowId}, got ${done.length} ` +
              `(${list.length} in all) after ${timeoutMs} ms\n${handle.logTail()}`,
          );
        }
        await sleep(300);
      }
    },
  };
  return api;
}
