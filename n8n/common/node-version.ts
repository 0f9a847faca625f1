/**
 * Both triggers start at 1.1, not 1: for any webhook trigger of version 1, n8n 2.x evaluates a leftover Webhook-v1
 * expression (`$parameter.options.binaryData`) in its expression sandbox on every delivery, which cost our
 * trigger about a third of its throughput against n8n's own Webhook node (version 2).
 */
export const TRIGGER_NODE_VERSION = 1.1;
