import type { IDataObject, IHookFunctions, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

/** Every context that reads or writes what a trigger keeps: its lifecycle, its deliveries, its periodic check. */
export type StaticDataContext = IHookFunctions | IWebhookFunctions | ITriggerFunctions;

/** What a trigger remembers about the hook it registered, in the workflow's static data for this node. */
export interface HookState {
  /** The service's id for the hook (Linkly: its id or, lacking one, its URL). */
  hookId?: string;
  /** Dub: the signing secret. Linkly: the token carried in the registered URL. */
  secret?: string;
  /** Linkly: the link the hook was registered on; absent for the workspace. */
  linkId?: string;
  /** The URL registered with the service. */
  hookUrl?: string;
  /** Dub: the events and scope registered (the core's selectionKey), since Dub cannot show link or folder ids back. */
  selection?: string;
}

const FIELDS = ['hookId', 'secret', 'linkId', 'hookUrl', 'selection'] as const;

function nodeData(context: StaticDataContext): IDataObject {
  return context.getWorkflowStaticData('node');
}

export function readHookState(context: StaticDataContext): HookState {
  const data = nodeData(context);
  const state: HookState = {};
  for (const field of FIELDS) {
    const value = data[field];
    if (typeof value === 'string' && value !== '') state[field] = value;
  }
  return state;
}

/** What a delivery is verified with: the hook's secret (Dub's signing secret, the token in Linkly's URL) and its id. */
export interface VerifyingHook {
  /** The service's id for the hook, when known; a hook added by hand in the service has none here. */
  id?: string;
  secret: string;
}

/** The kept hook as a delivery is checked with it (its secret, and its id where one was kept); undefined before. */
export function keptHook(context: IWebhookFunctions): VerifyingHook | undefined {
  const { hookId, secret } = readHookState(context);
  return secret === undefined ? undefined : { ...(hookId === undefined ? {} : { id: hookId }), secret };
}

export function saveHookState(context: StaticDataContext, state: HookState): void {
  const data = nodeData(context);
  forgetHookState(context);
  for (const field of FIELDS) {
    const value = state[field];
    if (value !== undefined) data[field] = value;
  }
}

export function forgetHookState(context: StaticDataContext): void {
  const data = nodeData(context);
  for (const field of FIELDS) delete data[field];
}
