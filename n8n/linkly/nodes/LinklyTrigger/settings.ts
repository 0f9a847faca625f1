import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { linklyCatalogue, type LinklyHookTarget } from '../../../../shared';
import { pickedId } from '../../../common/picked-ids';

/** The Linkly events the user chose (catalogue names); a node saved before the choice existed listens to clicks. */
export function selectedLinklyEvents(context: IHookFunctions | IWebhookFunctions): string[] {
  const value = context.getNodeParameter('events', ['click']);
  const known = new Set<string>(Object.keys(linklyCatalogue));
  return Array.isArray(value) ? value.filter((event): event is string => typeof event === 'string' && known.has(event)) : ['click'];
}

/** The workspace (no link id) or, for clicks only, the one link the user chose. */
export function hookTargetOf(context: IHookFunctions | IWebhookFunctions): LinklyHookTarget {
  const events = selectedLinklyEvents(context);
  if (!events.includes('click') || context.getNodeParameter('scope', 'workspace') !== 'link') return {};
  if (events.some((event) => event !== 'click')) {
    throw new NodeOperationError(
      context.getNode(),
      "Linkly's link events come through the workspace's webhook, not one link's: choose All Links in the Workspace under Clicks On, or use a second Linkly Trigger for the link events.",
    );
  }
  const linkId = pickedId(context.getNodeParameter('link', ''));
  if (linkId === undefined) throw new NodeOperationError(context.getNode(), 'Choose the Linkly link whose clicks start the workflow.');
  return { linkId };
}

/** The target a hook was registered on, from what was stored with it. */
export function storedTarget(linkId: string | undefined): LinklyHookTarget {
  return linkId === undefined ? {} : { linkId };
}
