import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';

/** The URL n8n serves this trigger on (the test URL while the editor listens for a test event). */
export function webhookUrlOf(context: IHookFunctions): string {
  const url = context.getNodeWebhookUrl('default');
  if (!url) throw new NodeOperationError(context.getNode(), 'n8n gave this trigger no webhook URL to register.');
  return url;
}

/** Where a delivery came in: production's URL, or the test URL of a listen started in the editor. */
export type Channel = 'production' | 'test';

/** n8n 2.34 and later: the URL a request was served on (the test URL during a test listen). */
interface ServedUrl {
  getWebhookResourceUrl(name: 'default'): string | undefined;
}

function knowsServedUrl(context: object): context is ServedUrl {
  return typeof Reflect.get(context, 'getWebhookResourceUrl') === 'function';
}

/**
 * Whether a delivery came to the test URL. n8n 2.34 and later say which URL served it; every supported n8n runs a
 * test listen's webhook() in mode 'manual' and production's in 'webhook', which the older ones are read by.
 */
export function channelOf(context: IWebhookFunctions): Channel {
  if (knowsServedUrl(context)) {
    const served = context.getWebhookResourceUrl('default');
    if (served !== undefined) return served === context.getNodeWebhookUrl('default') ? 'production' : 'test';
  }
  return context.getMode() === 'manual' ? 'test' : 'production';
}

/**
 * The URL a delivery was served on, as create() registered it. In webhook() getNodeWebhookUrl always gives
 * production's; only n8n 2.34 and later name a test listen's URL, so before them a test delivery's is unknown.
 */
export function servedUrlOf(context: IWebhookFunctions): string | undefined {
  if (channelOf(context) === 'production') return context.getNodeWebhookUrl('default');
  return knowsServedUrl(context) ? context.getWebhookResourceUrl('default') : undefined;
}
