import type { IHookFunctions, ITriggerFunctions, IWebhookFunctions } from 'n8n-workflow';

/** The contexts that read the node's settings: its lifecycle, its deliveries and its periodic recovery check. */
type SettingsContext = IHookFunctions | IWebhookFunctions | ITriggerFunctions;
import { hookName, isDubEventName, type DubEventName, type DubHookSpec, type LinkScope } from '../../../../shared';
import { pickedIds } from '../../../common/picked-ids';

export type Registration = 'automatic' | 'manual';

/** Automatic with a Dub credential; manual when the user chose to add the webhook in Dub themselves. */
export function registrationOf(context: SettingsContext): Registration {
  return context.getNodeParameter('authentication', 'oAuth2') === 'none' ? 'manual' : 'automatic';
}

export function selectedEvents(context: SettingsContext): DubEventName[] {
  const value = context.getNodeParameter('events', []);
  return Array.isArray(value) ? value.filter((event): event is DubEventName => typeof event === 'string' && isDubEventName(event)) : [];
}

/** The hook this node asks Dub for: our URL, the chosen events and, for Link Clicked, the chosen scope. */
export function hookSpecOf(context: IHookFunctions | ITriggerFunctions, url: string): DubHookSpec {
  const triggers = selectedEvents(context);
  const workflowName = context.getWorkflow().name;
  return {
    url,
    triggers,
    // Dub's dashboard lists hooks by name: say which workflow this one feeds.
    name: hookName(workflowName ? `n8n: ${workflowName}` : 'n8n workflow'),
    ...(triggers.includes('link.clicked') ? { scope: linkScopeOf(context) } : {}),
  };
}

function linkScopeOf(context: IHookFunctions | ITriggerFunctions): LinkScope {
  const kind = context.getNodeParameter('linkScope', 'workspace');
  if (kind === 'folders') return { kind, folderIds: pickedIds(context.getNodeParameter('folders.folder', []), 'id') };
  if (kind === 'links') return { kind, linkIds: pickedIds(context.getNodeParameter('links.link', []), 'id') };
  return { kind: 'workspace' };
}
