import type {
  ICredentialDataDecryptedObject,
  IDataObject,
  IHookFunctions,
  ILoadOptionsFunctions,
  INode,
  INodeExecutionData,
  ITriggerFunctions,
  IWebhookFunctions,
} from 'n8n-workflow';
import { fakeN8nHttp, type FakeHttpOptions, type N8nHttpLine } from './fake-n8n-http';

/**
 * Mocked n8n contexts holding only what the nodes use. Each is cast once to the interface n8n declares: the rest
 * of those interfaces (dozens of members) is never touched by the code under test.
 */
export interface NodeSetup {
  parameters?: Record<string, unknown>;
  credentials?: Record<string, ICredentialDataDecryptedObject>;
  staticData?: IDataObject;
  webhookUrl?: string;
  workflow?: { id: string; name: string };
  nodeId?: string;
  refreshAccessToken?: FakeHttpOptions['refreshAccessToken'];
  /**
   * Which n8n hands the node its webhook context: from 2.34 on it has getWebhookResourceUrl (the URL a request was
   * served on); before, only the execution mode tells a test listen's delivery apart. The newest by default.
   */
  n8n?: N8nLine;
  /** A host whose webhook context has no `logger` (the node must feature-test it). */
  withoutLogger?: boolean;
  /** Whose HTTP helper answers the node's requests: n8n 2.x's by default (see fake-n8n-http). */
  http?: N8nHttpLine;
}

export type N8nLine = '2.34 and later' | 'before 2.34';
export const N8N_LINES: N8nLine[] = ['2.34 and later', 'before 2.34'];

export const WEBHOOK_URL = 'https://n8n.example.test/webhook/5b0c7f0e-0000-4000-8000-000000000001/webhook';

function nodeOf(setup: NodeSetup): INode {
  // As n8n's node says which credentials it has chosen (by type), without their data.
  const credentials = Object.fromEntries(Object.keys(setup.credentials ?? {}).map((type) => [type, { id: `cred-${type}`, name: type }]));
  return {
    id: setup.nodeId ?? 'node-1',
    name: 'Trigger',
    type: 'CUSTOM.trigger',
    typeVersion: 1,
    position: [0, 0],
    parameters: {},
    ...(Object.keys(credentials).length > 0 ? { credentials } : {}),
  };
}

/** Reads `a.b.c` from the parameters, as n8n's getNodeParameter does for collections. */
function parameterAt(parameters: Record<string, unknown>, path: string, fallback: unknown): unknown {
  let current: unknown = parameters;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object' || !(part in current)) return fallback;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function baseContext(setup: NodeSetup) {
  const node = nodeOf(setup);
  const staticData = setup.staticData ?? {};
  const credentials = setup.credentials ?? {};
  const http = fakeN8nHttp({
    credentials,
    node,
    ...(setup.refreshAccessToken ? { refreshAccessToken: setup.refreshAccessToken } : {}),
    ...(setup.http ? { line: setup.http } : {}),
  });
  /** What the node wrote to n8n's log, as `level: message`. */
  const logged: string[] = [];
  const log = (level: string) => (message: string) => void logged.push(`${level}: ${message}`);
  const logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  const context = {
    ...(setup.withoutLogger ? {} : { logger }),
    getNode: () => node,
    getWorkflow: () => ({ id: setup.workflow?.id ?? 'wf-1', name: setup.workflow?.name ?? 'Sales to Slack', active: true }),
    getNodeParameter: (name: string, fallback?: unknown) => parameterAt(setup.parameters ?? {}, name, fallback),
    getWorkflowStaticData: () => staticData,
    getCredentials: async (type: string) => {
      const found = credentials[type];
      if (!found) throw new Error(`Node does not have credentials of type ${type}`);
      return found;
    },
    helpers: { httpRequestWithAuthentication: http.httpRequestWithAuthentication },
  };
  return { context, staticData, sent: http.sent, logged, httpRequest: http.httpRequest };
}

export function hookContext(setup: NodeSetup = {}) {
  const { context, staticData, sent } = baseContext(setup);
  const hook = { ...context, getNodeWebhookUrl: () => setup.webhookUrl ?? WEBHOOK_URL };
  return { context: hook as unknown as IHookFunctions, staticData, sent };
}

/**
 * trigger()'s context: the cron n8n offers (its tick kept for the test to fire), n8n's logger, plain httpRequest, and
 * emit / saveFailedExecution recorded. `n8n: 'before 2.34'` stands for 1.x, which has no saveFailedExecution.
 */
export function triggerContext(setup: NodeSetup & { mode?: 'trigger' | 'manual' } = {}) {
  const { context, staticData, sent, httpRequest } = baseContext(setup);
  const ticks: Array<() => void> = [];
  const crons: string[] = [];
  const logged: Array<{ level: string; message: string }> = [];
  const failedExecutions: string[] = [];
  const emitted: INodeExecutionData[][][] = [];
  const trigger = {
    ...context,
    getMode: () => setup.mode ?? 'trigger',
    getActivationMode: () => 'activate',
    logger: {
      info: (message: string) => logged.push({ level: 'info', message }),
      warn: (message: string) => logged.push({ level: 'warn', message }),
      error: (message: string) => logged.push({ level: 'error', message }),
      debug: () => undefined,
    },
    emit: (data: INodeExecutionData[][]) => emitted.push(data),
    ...((setup.n8n ?? '2.34 and later') === '2.34 and later' ? { saveFailedExecution: (error: Error) => failedExecutions.push(error.message) } : {}),
    helpers: {
      ...context.helpers,
      httpRequest,
      registerCron: ({ expression }: { expression: string }, onTick: () => void) => {
        crons.push(expression);
        ticks.push(onTick);
      },
    },
  };
  return { context: trigger as unknown as ITriggerFunctions, staticData, sent, ticks, crons, logged, failedExecutions, emitted };
}

export function loadOptionsContext(setup: NodeSetup = {}) {
  const { context, sent } = baseContext(setup);
  return { context: context as unknown as ILoadOptionsFunctions, sent };
}

export interface Delivery {
  body: string | Buffer;
  headers?: Record<string, string>;
  /** The request's path and query, as n8n's request object carries it. */
  url?: string;
}

export interface Refusal {
  status: number;
  body: unknown;
}

/** The answer n8n sends for a delivery once webhook() has returned (and, for an item, the execution is handed over). */
export type Answer = { status: number } | 'sender hung up';

/** An Express-like response: a refusal sets its status; `answer` ends it as n8n would, firing 'finish' or 'close'. */
function fakeResponse(refusals: Refusal[]) {
  const listeners: Array<{ event: string; listener: () => void }> = [];
  const response = {
    statusCode: 200,
    status(status: number) {
      response.statusCode = status;
      return { json: (body: unknown) => refusals.push({ status, body }) };
    },
    once(event: string, listener: () => void) {
      listeners.push({ event, listener });
      return response;
    },
    answer(answer: Answer) {
      if (answer !== 'sender hung up') response.statusCode = answer.status;
      const event = answer === 'sender hung up' ? 'close' : 'finish';
      for (const entry of listeners.splice(0)) if (entry.event === event) entry.listener();
    },
  };
  return response;
}

/** Lets n8n answer a delivery the way it would: the refusal's status, or 200 (or what `answer` says). */
export function answerDelivery(context: IWebhookFunctions, answer?: Answer): void {
  const response = context.getResponseObject() as unknown as ReturnType<typeof fakeResponse>;
  response.answer(answer ?? { status: response.statusCode });
}

export function webhookContext(setup: NodeSetup, delivery: Delivery) {
  const { context, staticData, logged } = baseContext(setup);
  const refusals: Refusal[] = [];
  const request = {
    rawBody: Buffer.isBuffer(delivery.body) ? delivery.body : Buffer.from(delivery.body),
    url: delivery.url ?? '/webhook/5b0c7f0e-0000-4000-8000-000000000001/webhook',
  };
  const response = fakeResponse(refusals);
  // As n8n does: the served URL may be the test URL, but getNodeWebhookUrl always gives production's, and a test
  // listen's delivery runs in mode 'manual'.
  const servedUrl = setup.webhookUrl ?? WEBHOOK_URL;
  const isTest = servedUrl.includes('/webhook-test/');
  const productionUrl = servedUrl.replace('/webhook-test/', '/webhook/');
  const webhook = {
    ...context,
    getMode: () => (isTest ? 'manual' : 'webhook'),
    getNodeWebhookUrl: () => productionUrl,
    ...((setup.n8n ?? '2.34 and later') === '2.34 and later' ? { getWebhookResourceUrl: () => servedUrl } : {}),
    getRequestObject: () => request,
    getResponseObject: () => response,
    getHeaderData: () => Object.fromEntries(Object.entries(delivery.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value])),
  };
  return { context: webhook as unknown as IWebhookFunctions, staticData, refusals, logged };
}
