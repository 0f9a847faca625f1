/**
 * Both triggers start at 1.1, not 1: for any webhook trigger of version 1, n8n 2.x evaluates a leftover Webhook-v1
 * expression (`$parameter.options.binaryData`) in its expression sandbox on every delivery, which cost our
 * trigger about a third of its throughput against n8n's own Webhook node (version 2).
 */
export const TRIGGER_NODE_VERSION = 1.1;

/**
 * The versions the node types declare: 1.1 for every node the editor adds, and 1, which is what a workflow written
 * by hand or through n8n's API usually says. A node whose typeVersion its type does not declare is drawn on the
 * canvas from the type's name alone, and on that path n8n's editor (2.41, `getIconFromNodeTypeString` in
 * editor-ui's utils/nodeIcon.ts) uses the icon's URL without the base path: the browser asks for `icons/…` under
 * `/workflow/<id>/`, gets the editor's page, and shows a broken image. A version-1 node behaves as 1.1 does, only
 * slower (the expression above).
 */
export const TRIGGER_NODE_VERSIONS = [1, TRIGGER_NODE_VERSION];

