import { NodeOperationError, type IHookFunctions } from 'n8n-workflow';

/** The URL n8n serves this trigger on (the test URL while the editor listens for a test event). */
export function webhookUrlOf(context: IHookFunctions): string {
  const url = context.getNodeWebhookUrl('default');
  if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL to register.');
  return url;
}
