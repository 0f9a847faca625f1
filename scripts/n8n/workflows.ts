/** Ready workflows for our trigger nodes, and small helpers, for the end-to-end test and the playground. */
import { randomUUID } from 'node:crypto';
import { TRIGGER_NODE_VERSION } from '../../n8n/common/node-version';
import { DUB_TRIGGER_NODE_VERSION } from '../../n8n/dub/nodes/DubTrigger/version';
import { DUB_TOKEN_BUSINESS, LINKLY_KEY_PAID, LINKLY_WORKSPACE_PAID } from '../../sandbox/accounts';
import type { Sandbox } from '../../sandbox';
import type { Credential, N8nApi, WorkflowDefinition } from './api';

/** Nodes loaded from N8N_CUSTOM_EXTENSIONS get this type prefix. */
const CUSTOM = 'CUSTOM';

export const DUB_NODE = 'Dub Trigger';
export const LINKLY_NODE = 'Linkly Trigger';

/** An n8n credential for each service, pointing at the sandbox with its paid accounts (Dub Business, Linkly paid). */
export async function sandboxCredentials(api: N8nApi, sandbox: Sandbox): Promise<{ dub: Credential; linkly: Credential }> {
  const dub = await api.createCredential('dubApi', 'Dub (sandbox)', { apiKey: DUB_TOKEN_BUSINESS, baseUrl: sandbox.dubBaseUrl });
  const linkly = await api.createCredential('linklyApi', 'Linkly (sandbox)', {
    apiKey: LINKLY_KEY_PAID,
    workspaceId: String(LINKLY_WORKSPACE_PAID),
    baseUrl: sandbox.linklyBaseUrl,
  });
  return { dub, linkly };
}

export interface TriggerWorkflow {
  definition: WorkflowDefinition;
  /** The path n8n serves the trigger on: `/webhook/<path>`. */
  webhookPath: string;
}

function triggerWorkflow(name: string, node: WorkflowDefinition['nodes'][number]): TriggerWorkflow {
  const webhookId = randomUUID();
  return {
    definition: { name, nodes: [{ ...node, webhookId }], connections: {} },
    webhookPath: `${webhookId}/webhook`,
  };
}

export function dubWorkflow(credential: Credential, linkIds: string[]): TriggerWorkflow {
  return triggerWorkflow('Dub sales and clicks', {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: DUB_TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubApi: { id: credential.id, name: credential.name } },
    parameters: {
      authentication: 'apiKey',
      events: ['sale.created', 'link.clicked'],
      linkScope: 'links',
      links: { link: linkIds.map((id) => ({ id: { __rl: true, mode: 'id', value: id } })) },
    },
  });
}

/** A Dub Trigger connected with OAuth2, for leads in the whole workspace. */
export function dubOAuthWorkflow(credential: Credential): TriggerWorkflow {
  return triggerWorkflow('Dub leads over OAuth2', {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: DUB_TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubOAuth2Api: { id: credential.id, name: credential.name } },
    parameters: { authentication: 'oAuth2', events: ['lead.created'] },
  });
}

export const REMOVE_DUPLICATES_NODE = 'Remove Duplicates';

/**
 * Exactly-once across restarts and queue-mode processes, the n8n-native way: the Dub Trigger, then n8n's own Remove
 * Duplicates node keeping the event ids it let through in n8n's database ("Remove Items Processed in Previous
 * Executions", value `{{ $json.id }}`; n8n-nodes-base.removeDuplicates version 2 in n8n 2.41).
 */
export function dedupedDubWorkflow(credential: Credential): TriggerWorkflow {
  const trigger = triggerWorkflow('Dub sales, each once', {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: DUB_TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubApi: { id: credential.id, name: credential.name } },
    parameters: { authentication: 'apiKey', events: ['sale.created'] },
  });
  trigger.definition.nodes.push({
    name: REMOVE_DUPLICATES_NODE,
    type: 'n8n-nodes-base.removeDuplicates',
    typeVersion: 2,
    position: [220, 0],
    parameters: {
      operation: 'removeItemsSeenInPreviousExecutions',
      logic: 'removeItemsWithAlreadySeenKeyValues',
      dedupeValue: '={{ $json.id }}',
      options: {},
    },
  });
  trigger.definition.connections = { [DUB_NODE]: { main: [[{ node: REMOVE_DUPLICATES_NODE, type: 'main', index: 0 }]] } };
  return trigger;
}

/** One Linkly Trigger for one Linkly event (clicks: the whole workspace), over an API-key credential. */
export function linklyWorkflow(credential: Credential, event = 'click', name = 'Linkly clicks'): TriggerWorkflow {
  return triggerWorkflow(name, {
    name: LINKLY_NODE,
    type: `${CUSTOM}.linklyTrigger`,
    typeVersion: TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { linklyApi: { id: credential.id, name: credential.name } },
    parameters: { events: [event], scope: 'workspace' },
  });
}

/** One Dub Trigger for one Dub event (Link Clicked: the whole workspace), over an API-key credential. */
export function dubEventWorkflow(credential: Credential, event: string, name: string): TriggerWorkflow {
  return triggerWorkflow(name, {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: DUB_TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubApi: { id: credential.id, name: credential.name } },
    parameters: { authentication: 'apiKey', events: [event], ...(event === 'link.clicked' ? { linkScope: 'workspace' } : {}) },
  });
}

export const DUB_POSTBACK_NODE = 'Dub Partner Postback Trigger';

/** A partner's postbacks into n8n: the Dub Partner Postback Trigger, its `pbsec_` secret in a credential. */
export function dubPostbackWorkflow(secretCredential: Credential, events: string[]): TriggerWorkflow {
  return triggerWorkflow('Dub partner postbacks', {
    name: DUB_POSTBACK_NODE,
    type: `${CUSTOM}.dubPostbackTrigger`,
    typeVersion: TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubSigningSecretApi: { id: secretCredential.id, name: secretCredential.name } },
    parameters: { events },
  });
}

/**
 * A Dub Trigger for a hook the user added in Dub by hand: version 1.2 with the secret in a Dub Signing Secret
 * credential, or an older node (1.1) with the secret in its old Signing Secret field.
 */
export function dubManualWorkflow(secret: { credential: Credential } | { field: string }, events: string[]): TriggerWorkflow {
  const inCredential = 'credential' in secret;
  return triggerWorkflow(inCredential ? 'Dub sales, hook added by hand' : 'Dub sales, hook added by hand (1.1)', {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: inCredential ? DUB_TRIGGER_NODE_VERSION : TRIGGER_NODE_VERSION,
    position: [0, 0],
    ...(inCredential ? { credentials: { dubSigningSecretApi: { id: secret.credential.id, name: secret.credential.name } } } : {}),
    parameters: { authentication: 'none', events, ...(inCredential ? {} : { signingSecret: secret.field }) },
  });
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
export async function inPool<T, R>(items: readonly T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return results;
}

/** Polls until `probe` returns a value, for effects n8n produces in the background (hook registration). */
export async function eventually<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A POST straight to n8n, as a forger (or anyone but the service) would send it. */
export async function postTo(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, text: await response.text() };
}

export const PAY_NODE = 'Pay the Partner';

/**
 * External payouts, answered when they are paid: a Dub Trigger on payout.confirmed that answers Dub once the workflow
 * has run (Respond: When the Workflow Finishes), then a step standing in for the payment. `payment: 'fails'` makes
 * that step fail (n8n's Stop and Error node), as a refused payment would.
 */
export function dubPayoutWorkflow(credential: Credential, payment: 'succeeds' | 'fails'): TriggerWorkflow {
  const trigger = triggerWorkflow(`Dub payouts, payment ${payment}`, {
    name: DUB_NODE,
    type: `${CUSTOM}.dubTrigger`,
    typeVersion: DUB_TRIGGER_NODE_VERSION,
    position: [0, 0],
    credentials: { dubApi: { id: credential.id, name: credential.name } },
    parameters: { authentication: 'apiKey', events: ['payout.confirmed'], responseMode: 'lastNode' },
  });
  trigger.definition.nodes.push(
    payment === 'fails'
      ? {
          name: PAY_NODE,
          type: 'n8n-nodes-base.stopAndError',
          typeVersion: 1,
          position: [220, 0],
          parameters: { errorMessage: 'The payment provider refused the transfer' },
        }
      : { name: PAY_NODE, type: 'n8n-nodes-base.noOp', typeVersion: 1, position: [220, 0], parameters: {} },
  );
  trigger.definition.connections = { [DUB_NODE]: { main: [[{ node: PAY_NODE, type: 'main', index: 0 }]] } };
  return trigger;
}

/**
 * Waits until n8n has saved the secret the trigger's create() kept. n8n registers the webhook path first and saves a
 * workflow's static data only once create() has returned, so a delivery in between is refused 401 (the service
 * retries it): a test that wants the first answer to be 200 waits for this.
 */
export async function waitForHookSaved(api: N8nApi, workflowId: string, nodeName: string, timeoutMs = 60_000): Promise<void> {
  await eventually(`the hook's secret saved for ${nodeName}`, async () => ((await savedHookSecret(api, workflowId, nodeName)) === undefined ? undefined : true), timeoutMs);
}

/** The secret n8n has saved for the trigger's hook (from its create()), or undefined while it has saved none. */
export async function savedHookSecret(api: N8nApi, workflowId: string, nodeName: string): Promise<string | undefined> {
  const { staticData } = await api.getWorkflow(workflowId);
  const data = (typeof staticData === 'string' ? JSON.parse(staticData) : staticData) as Record<string, { secret?: unknown } | undefined> | null;
  const secret = data?.[`node:${nodeName}`]?.secret;
  return typeof secret === 'string' ? secret : undefined;
}
