import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import type { LinklyHookTarget } from '../../../../shared';
import { pickedId } from '../../../common/picked-ids';

/** The workspace (no link id) or the one link the user chose. */
export function hookTargetOf(context: IHookFunctions | IWebhookFunctions): LinklyHookTarget {
  if (context.getNodeParameter('scope', 'workspace') !== 'link') return {};
  const linkId = pickedId(context.getNodeParameter('link', ''));
  if (linkId === undefined) throw new NodeOperationError(context.getNode(), 'Choose the Linkly link whose clicks start the workflow.');
  return { linkId };
}

/** The target a hook was registered on, from what was stored with it. */
export function storedTarget(linkId: string | undefined): LinklyHookTarget {
  return linkId === undefined ? {} : { linkId };
}
