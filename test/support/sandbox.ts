import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID, startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';
import { call, bearer } from '../sandbox/helpers';

/** One sandbox per test file, emptied before each test (hooks, requests, faults, rate-limit counts, options). */
export function useSandbox(options: SandboxOptions = {}): () => Sandbox {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox(options);
  });
  beforeEach(() => sandbox?.reset());
  afterAll(async () => {
    await sandbox?.close();
  });
  return () => {
    if (!sandbox) throw new Error('the sandbox is not started');
    return sandbox;
  };
}

export function dubApiKeyCredentials(sandbox: Sandbox, apiKey = DUB_TOKEN_BUSINESS) {
  return { dubApi: { apiKey, baseUrl: sandbox.dubBaseUrl } };
}

export function linklyCredentials(sandbox: Sandbox, apiKey = LINKLY_KEY_PAID, workspaceId = LINKLY_WORKSPACE_PAID) {
  return { linklyApi: { apiKey, workspaceId: String(workspaceId), baseUrl: sandbox.linklyBaseUrl } };
}

/** Registers a Dub hook directly, as another tool or an earlier activation would have. */
export async function registerDubHook(sandbox: Sandbox, body: Record<string, unknown>): Promise<{ id: string; secret: string }> {
  const result = await call(`${sandbox.dubBaseUrl}/webhooks`, { method: 'POST', headers: bearer(DUB_TOKEN_BUSINESS), body });
  if (result.status !== 201) throw new Error(`could not register the hook: ${result.status} ${result.text}`);
  return result.json as { id: string; secret: string };
}

/** The API calls the nodes made, as "METHOD path", leaving out nothing but the query string. */
export function callsTo(sandbox: Sandbox, provider: 'dub' | 'linkly'): string[] {
  return sandbox[provider].requests().map((request) => `${request.method} ${request.path}`);
}

