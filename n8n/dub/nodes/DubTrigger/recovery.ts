import {
  NodeOperationError,
  type INodeExecutionData,
  type ITriggerFunctions,
  type ITriggerResponse,
  type IWebhookFunctions,
} from 'n8n-workflow';
import {
  ApiError,
  createDubClient,
  DUB_API_BASE_URL,
  RECOVERED_IDS_KEPT,
  recoverDubHook,
  replayDubEvents,
  selectionKey,
  signDubBody,
  type DubClient,
  type DubRecoveryReport,
  type DubRegistration,
  type DubRecoveryState,
  type ReplayedDubEvent,
  type UndeliveredDubEvent,
} from '../../../../shared';
import { baseUrlOr, CLIENT_POLICIES } from '../../../common/clients';
import { toNodeError } from '../../../common/node-error';
import { readHookState, saveHookState, type StaticDataContext } from '../../../common/static-data';
import { n8nPlainTransport } from '../../../common/transport';
import { dubClientFor, dubMissingScopeAdvice } from './client';
import { hookSpecOf, registrationOf } from './settings';

/*
 * The Dub Trigger heals itself: n8n runs a node type's trigger() on every activation and start-up of an active
 * workflow, on the leader main process only (ActiveWorkflowManager / WorkflowTriggerActivator: getTriggerNodes takes
 * every node type with a trigger(), a webhook node included), and trigger functions schedule work through n8n's own
 * cron (helpers.registerCron, which runs ticks on the leader only). Each tick asks Dub about the hook and its delivery
 * log; when Dub disabled the hook, or the log shows events never answered 2xx, the core's recoverDubHook parks the
 * disabled hook (its log stays readable), registers a hook that delivers, and sends each undelivered event to this
 * node's own production URL, signed with the live hook's secret, oldest first, so that it goes through webhook() like
 * any delivery: the same signature check and the same Skip Redeliveries memory.
 *
 * What a check changes (the new hook, the parked ones, the events recovered) must reach what n8n saves, and n8n saves
 * none of it from here: a trigger's static data only at activation and when it emits. Nor, on n8n 2.x, what webhook()
 * writes in a request that starts an execution: WorkflowRunner.run (dist/workflow-runner.js,
 * establishContextForPersistence) builds a Workflow over the very static-data object the request loaded, and
 * n8n-workflow's ObservableObject.create marks that object unchanged again (`__dataChanged = false`), before
 * LiveWebhooks.executeWebhook saves it (2.x answers "Immediately" only after run(); 1.x answered, and saved, before).
 * A request that starts nothing is saved on both lines. So after a check that changed something, the check sends its
 * state as a checkpoint: a request to the node's own URL, signed with the live hook's secret, that webhook() records
 * and answers without an execution (recordCheckpoint), and that n8n saves: the new hook (adopted as it verifies),
 * the parked hooks and the recovered ids, in every process's view, restarts included.
 */

/** Every minute, at second 0: a disabled hook is noticed within a minute. Two Dub calls per tick (the hook, its log). */
export const RECOVERY_CHECK_CRON = '0 * * * * *';

/** Marks a delivery this trigger sent itself (webhook() records its id as recovered; the signature is what proves it). */
export const RECOVERY_HEADER = 'x-linkhooks-recovery';

/** An event sent again this many times without a 2xx (a workflow that keeps failing) is given up and said so. */
export const MAX_RECOVERY_SENDS = 3;

const PARKED_KEY = 'parkedHooks';
const RECOVERED_KEY = 'recoveredIds';

/** Per process: the checks under way, the sends per event, what was already said (said once, not every minute). */
const checksRunning = new Set<string>();
const sendsByNode = new Map<string, Map<string, number>>();
const saidByNode = new Map<string, Set<string>>();
/** The state the last acknowledged checkpoint recorded (or the one read at activation), per node. */
const recordedByNode = new Map<string, string>();

function nodeKey(context: StaticDataContext): string {
  return `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
}

/**
 * trigger(): in production, schedules the periodic check. A test delivery's execution also runs trigger() (n8n runs
 * a trigger node's trigger() in manual mode, never its webhook output): it hands on what webhook() emitted for it.
 */
export async function startDubTrigger(context: ITriggerFunctions): Promise<ITriggerResponse> {
  if (context.getMode() === 'manual') {
    const items = takeTestItems(nodeKey(context));
    return { manualTriggerFunction: async () => context.emit(items ?? [[]]) };
  }
  if (registrationOf(context) === 'manual') return {};
  const registerCron = (context.helpers as Partial<ITriggerFunctions['helpers']>).registerCron;
  if (typeof registerCron !== 'function') {
    context.logger.warn('Dub Trigger: this n8n offers no cron to trigger nodes; the trigger cannot check its Dub webhook by itself.');
    return {};
  }
  const key = nodeKey(context);
  // An activation starts from what n8n saved: the first check compares with that, not with an earlier activation's.
  recordedByNode.delete(key);
  // Read now, while n8n runs the activation: see checkClient.
  const apiKey = await apiKeyCredential(context).catch(() => undefined);
  let closed = false;
  registerCron.call(context.helpers, { expression: RECOVERY_CHECK_CRON }, () => {
    if (closed || checksRunning.has(key)) return;
    checksRunning.add(key);
    void checkDubHook(context, apiKey)
      .catch((error: unknown) => say(context, 'warn', `Dub Trigger: checking the Dub webhook failed: ${messageOf(context, error)}`))
      .finally(() => checksRunning.delete(key));
  });
  return {
    closeFunction: async () => {
      closed = true;
    },
  };
}

/** One check: what Dub says of the hook and its log, and the recovery that follows. Undefined: nothing registered. */
export async function checkDubHook(context: ITriggerFunctions, activationApiKey?: ApiKeyCredential): Promise<DubRecoveryReport | undefined> {
  const data = context.getWorkflowStaticData('node');
  const kept = readHookState(context);
  const parked = stringList(data[PARKED_KEY]);
  if ((!kept.hookId || !kept.secret || !kept.hookUrl) && parked.length === 0) return undefined;
  const url = kept.hookUrl;
  if (!url) return undefined;
  const spec = hookSpecOf(context, url);
  const state: DubRecoveryState = {
    ...(kept.hookId && kept.secret ? { hook: { id: kept.hookId, secret: kept.secret, url, selection: kept.selection ?? selectionKey(spec) } } : {}),
    parked,
    recovered: stringList(data[RECOVERED_KEY]),
  };
  const key = nodeKey(context);
  const recordedBefore = recordedByNode.get(key) ?? checkpointKey(state);
  const sends = sendsByNode.get(key) ?? new Map<string, number>();
  sendsByNode.set(key, sends);
  const client = await checkClient(context, activationApiKey);
  const report = await recoverDubHook({
    client,
    spec,
    state,
    givenUp: (id) => (sends.get(id) ?? 0) >= MAX_RECOVERY_SENDS,
    replay: async (events, live) => {
      const annotated = await Promise.all(events.map((event) => withPayoutState(client, event)));
      const sent = await replayDubEvents(annotated, { transport: n8nPlainTransport(context), url: live.url, secret: live.secret, headers: { [RECOVERY_HEADER]: '1' } });
      for (const result of sent) if (!isAnswered2xx(result)) sends.set(result.id, (sends.get(result.id) ?? 0) + 1);
      return sent;
    },
  });
  const { hook } = report.state;
  if (hook && hook.id !== kept.hookId) saveHookState(context, { hookId: hook.id, secret: hook.secret, hookUrl: hook.url, selection: hook.selection });
  data[PARKED_KEY] = report.state.parked;
  data[RECOVERED_KEY] = report.state.recovered;
  tell(context, report);
  const now = checkpointKey(report.state);
  if (hook && now !== recordedBefore) {
    const answer = await sendCheckpoint(context, hook, report.state).catch((error: unknown) => (error instanceof Error ? error.message : String(error)));
    const recorded = typeof answer === 'number' && answer >= 200 && answer < 300;
    // Not recorded: the next check sends it again (and until then every process finds the new hook in Dub's list).
    recordedByNode.set(key, recorded ? now : recordedBefore);
    if (!recorded) say(context, 'warn', `Dub Trigger: the state of this check could not be recorded through this trigger's URL (${typeof answer === 'number' ? `answered ${answer}` : answer}); the next check tries again.`);
  }
  return report;
}

/** Set on a checkpoint's body: what the check changed, for webhook() to write where n8n saves it. */
export const RECOVERY_STATE_FIELD = 'linkhooksRecoveryState';

interface RecordedState {
  parked: string[];
  recovered: string[];
}

function checkpointKey(state: DubRecoveryState): string {
  return JSON.stringify([state.hook?.id ?? null, state.parked, state.recovered]);
}

/** The checkpoint: a POST to the node's URL, signed like a delivery of the live hook, that starts no execution. */
async function sendCheckpoint(context: ITriggerFunctions, live: DubRegistration, state: DubRecoveryState): Promise<number> {
  const recorded: RecordedState = { parked: state.parked, recovered: state.recovered };
  const body = JSON.stringify({ [RECOVERY_STATE_FIELD]: recorded });
  const answer = await n8nPlainTransport(context).send({
    method: 'POST',
    url: live.url,
    headers: { 'content-type': 'application/json', 'dub-signature': signDubBody(body, live.secret), [RECOVERY_HEADER]: '1' },
    body,
    timeoutMs: 30_000,
  });
  return answer.status;
}

/**
 * webhook(), for a verified delivery: when it is this trigger's checkpoint, writes what it carries into the node's
 * static data (the parked hooks as they are now, the recovered ids added to those kept) and says what it recorded;
 * the delivery then starts nothing, so n8n saves the static data with it. Undefined for any other delivery.
 */
export function recordCheckpoint(context: IWebhookFunctions, payload: unknown): string | undefined {
  if (context.getHeaderData()[RECOVERY_HEADER] === undefined) return undefined;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const carried = (payload as Record<string, unknown>)[RECOVERY_STATE_FIELD];
  if (carried === null || typeof carried !== 'object') return undefined;
  const { parked, recovered } = carried as Record<string, unknown>;
  const data = context.getWorkflowStaticData('node');
  const incoming = stringList(recovered);
  data[PARKED_KEY] = stringList(parked);
  data[RECOVERED_KEY] = [...stringList(data[RECOVERED_KEY]).filter((id) => !incoming.includes(id)), ...incoming].slice(-RECOVERED_IDS_KEPT);
  return `recorded the state of its recovery check (${incoming.length} recovered event id(s), ${stringList(parked).length} parked hook(s)); it started nothing.`;
}

/** Set on a recovered payout.confirmed's payload (signed with it), and put on its item as `recovery` by webhook(). */
export const RECOVERY_FIELD = 'linkhooksRecovery';

/**
 * A recovered payout.confirmed carries the payout's state in Dub now. Once every retry failed Dub marked an external
 * payout `failed` (lib/webhook/handle-external-payout-event.ts), and nothing turns it `completed` afterwards: that
 * code skips a payout no longer `processing`, and payouts are confirmed again only from `pending`. Paying such a
 * payout would pay what Dub shows unpaid; the item says so, and the README's recipe pays only a `processing` one.
 */
async function withPayoutState(client: DubClient, event: UndeliveredDubEvent): Promise<UndeliveredDubEvent> {
  const recovery: Record<string, unknown> = { recovered: true, firstAttemptFailedAt: event.lastAttemptAt };
  if (event.event === 'payout.confirmed') {
    const data = event.payload['data'] as { id?: unknown; invoiceId?: unknown; partner?: { id?: unknown } } | undefined;
    try {
      const query = {
        ...(typeof data?.partner?.id === 'string' ? { partnerId: data.partner.id } : {}),
        ...(typeof data?.invoiceId === 'string' ? { invoiceId: data.invoiceId } : {}),
      };
      const payout = (await client.payouts(query)).find((listed) => listed['id'] === data?.id);
      recovery['dubPayoutStatus'] = typeof payout?.['status'] === 'string' ? payout['status'] : 'unknown';
    } catch {
      recovery['dubPayoutStatus'] = 'unknown';
    }
  }
  return { ...event, payload: { ...event.payload, [RECOVERY_FIELD]: recovery } };
}

interface ApiKeyCredential {
  apiKey: string;
  baseUrl?: string;
}

async function apiKeyCredential(context: ITriggerFunctions): Promise<ApiKeyCredential | undefined> {
  if (context.getNodeParameter('authentication', 'oAuth2') !== 'apiKey') return undefined;
  const credentials = await context.getCredentials<{ apiKey?: string; baseUrl?: string }>('dubApi');
  return typeof credentials.apiKey === 'string' ? { apiKey: credentials.apiKey, ...(credentials.baseUrl ? { baseUrl: credentials.baseUrl } : {}) } : undefined;
}

/**
 * The Dub client of a periodic check. n8n 2.x resolves a generic credential's `authenticate` headers (the API key's
 * `Bearer {{$credentials.apiKey}}`) with the workflow's expression isolate, which it holds only during an activation or
 * an execution: from a cron tick, httpRequestWithAuthentication fails ("No bridge acquired for this context"). So an
 * API key is sent by this node itself, through the plain httpRequest, read fresh when n8n lets it (else as read at
 * activation). OAuth2 requests are signed by n8n's OAuth code, which needs no expression, and refresh their token.
 */
async function checkClient(context: ITriggerFunctions, activationApiKey: ApiKeyCredential | undefined): Promise<DubClient> {
  if (context.getNodeParameter('authentication', 'oAuth2') !== 'apiKey') return dubClientFor(context, 'lifecycle');
  const credential = (await apiKeyCredential(context).catch(() => undefined)) ?? activationApiKey;
  if (!credential) return dubClientFor(context, 'lifecycle');
  return createDubClient({
    transport: n8nPlainTransport(context),
    token: credential.apiKey,
    baseUrl: baseUrlOr(credential.baseUrl, DUB_API_BASE_URL),
    policy: CLIENT_POLICIES.lifecycle,
  });
}

/** What the check did, in n8n's log; what cannot be recovered also as a failed execution where n8n offers it (2.x). */
function tell(context: ITriggerFunctions, report: DubRecoveryReport): void {
  const sent = report.replayed.filter(isAnswered2xx);
  if (report.replaced) {
    const why = report.found === 'disabled' ? 'Dub had disabled it after 20 failed deliveries in a row' : 'it was gone from Dub';
    say(context, 'warn', `Dub Trigger: the Dub webhook ${report.replaced.from} no longer delivered (${why}); it was replaced by ${report.replaced.to}.`);
  }
  if (report.replayed.length > 0) {
    const first = report.replayed[0];
    const last = report.replayed.at(-1);
    say(
      context,
      'info',
      `Dub Trigger: recovered ${sent.length} event(s) Dub could not deliver (created ${first?.createdAt ?? '?'} to ` +
        `${last?.createdAt ?? '?'}), sent again through this trigger's URL.` +
        (report.waiting.length > 0 ? ` ${report.waiting.length} wait for the next check (a refusal stopped the sending, so none runs ahead of an earlier one).` : ''),
    );
  }
  const key = nodeKey(context);
  const said = saidByNode.get(key) ?? new Set<string>();
  saidByNode.set(key, said);
  for (const sentence of report.cannotRecover) {
    if (said.has(sentence)) continue;
    said.add(sentence);
    say(context, 'warn', `Dub Trigger: ${sentence}`);
    const saveFailedExecution = Reflect.get(context, 'saveFailedExecution') as ((error: NodeOperationError) => void) | undefined;
    // n8n 2.x: a failed execution in the list (and the error workflow), the workflow staying active. Older n8n: the log only.
    if (typeof saveFailedExecution === 'function') saveFailedExecution.call(context, new NodeOperationError(context.getNode(), sentence));
  }
}

function say(context: ITriggerFunctions, level: 'info' | 'warn', message: string): void {
  const workflow = context.getWorkflow();
  context.logger[level](message, { workflowId: workflow.id ?? '', node: context.getNode().name });
}

function messageOf(context: ITriggerFunctions, error: unknown): string {
  return error instanceof ApiError ? toNodeError(context.getNode(), error, dubMissingScopeAdvice).message : error instanceof Error ? error.message : String(error);
}

function isAnswered2xx(result: ReplayedDubEvent): boolean {
  return result.status !== undefined && result.status >= 200 && result.status < 300;
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

/**
 * webhook(), for a delivery this trigger sent itself and emitted: its event id joins the recovered ones, in static
 * data, so that a check after a restart does not send it again. n8n 1.x saves it with the request; 2.x does not (see
 * the top of this file), and there the check's checkpoint records it.
 */
export function rememberRecovered(context: IWebhookFunctions, eventId: string): void {
  const data = context.getWorkflowStaticData('node');
  data[RECOVERED_KEY] = [...stringList(data[RECOVERED_KEY]).filter((id) => id !== eventId), eventId].slice(-RECOVERED_IDS_KEPT);
}

/** A test delivery's items, handed from webhook() to the trigger() its execution runs (same process: n8n's main). */
const testItems = new Map<string, INodeExecutionData[][]>();

export function handOverTestItems(context: IWebhookFunctions, workflowData: INodeExecutionData[][]): void {
  testItems.set(nodeKey(context), workflowData);
}

function takeTestItems(key: string): INodeExecutionData[][] | undefined {
  const items = testItems.get(key);
  testItems.delete(key);
  return items;
}

