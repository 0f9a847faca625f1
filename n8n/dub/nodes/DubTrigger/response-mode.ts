import * as n8nWorkflow from 'n8n-workflow';

/** The node's Respond parameter, and what n8n uses when it is absent (not shown, or a node saved before it existed). */
export const RESPONSE_MODE_PARAMETER = 'responseMode';
export const DEFAULT_RESPONSE_MODE = 'onReceived';

/** What n8n evaluates for the webhook's responseMode: the node's Respond parameter, else at once. */
export const RESPONSE_MODE_TEMPLATE = `={{$parameter["${RESPONSE_MODE_PARAMETER}"] || "${DEFAULT_RESPONSE_MODE}"}}`;

/** n8n-workflow's helpers for webhook-description fields n8n can resolve without its expression engine (n8n 2.x). */
interface NativeFieldHelpers {
  fromParameter(path: string, fallback?: string): { template: string; resolve(parameters: unknown): unknown };
  webhookDescriptionFields<K extends string>(fields: Record<K, { template: string; resolve(parameters: unknown): unknown }>): Record<K, string>;
}

function nativeFieldHelpers(): NativeFieldHelpers | undefined {
  const helpers = n8nWorkflow as unknown as Partial<NativeFieldHelpers>;
  return typeof helpers.fromParameter === 'function' && typeof helpers.webhookDescriptionFields === 'function'
    ? (helpers as NativeFieldHelpers)
    : undefined;
}

/**
 * The webhook description's responseMode. Any expression there costs n8n 2.x an expression isolate on every request
 * when it must evaluate it (under N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true, a cold isolate per concurrent delivery:
 * a third of the Webhook node's throughput). n8n's own Webhook node declares such fields with
 * `webhookDescriptionFields(fromParameter(…))`, which adds a resolver n8n runs natively whenever the node's
 * parameters hold no expression: so does this node, where its n8n has them (n8n-workflow 2.x; feature-tested, as the
 * oldest supported n8n lacks them). The template is the same either way, and older n8n evaluates it as before.
 */
export function responseModeField(): { responseMode: string } {
  const helpers = nativeFieldHelpers();
  if (!helpers) return { responseMode: RESPONSE_MODE_TEMPLATE };
  const fields = helpers.webhookDescriptionFields({ responseMode: helpers.fromParameter(RESPONSE_MODE_PARAMETER, DEFAULT_RESPONSE_MODE) });
  if (fields.responseMode !== RESPONSE_MODE_TEMPLATE) return { responseMode: RESPONSE_MODE_TEMPLATE };
  return fields;
}
