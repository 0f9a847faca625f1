import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError, DUB_WEBHOOK_PERMISSION } from '../../shared';

/** The ways out of Dub's permission 403 for a Dub Trigger; the credential notice (DubApi) says the same. */
export const DUB_WEBHOOK_ACCESS_HELP =
  'Three ways out: (1) a Restricted API key with Webhooks: Write (in Dub: Settings → API Keys → Create → Restricted; ' +
  'only a workspace owner can make one — the "All access" and "Read only" keys cannot manage webhooks); ' +
  '(2) connect with OAuth (Dub gives webhooks.write over OAuth to workspace owners only); or (3) add the webhook by ' +
  'hand in Dub (Settings → Webhooks) and use its signing secret.';

/** The third way out of Dub's permission 403, in this node's terms. */
export const MANUAL_REGISTRATION_HINT =
  "For (3), set this node's Authentication to None: add the node's Production URL as a webhook in Dub " +
  '(Settings → Webhooks), then paste the signing secret Dub shows into the node.';

/** A missing permission other than webhooks' (a picker's links.read): the credential needs it too. */
const OTHER_PERMISSION_HELP = 'Give the Restricted key that permission too (Dub: Settings → API Keys), or connect with OAuth.';

function withN8nAdvice(error: ApiError): string {
  if (error.provider !== 'dub' || error.kind !== 'missing_scope') return error.message;
  const permission = error.details.permission;
  if (permission === undefined || permission === DUB_WEBHOOK_PERMISSION) return `${error.message} ${DUB_WEBHOOK_ACCESS_HELP} ${MANUAL_REGISTRATION_HINT}`;
  return `${error.message} ${OTHER_PERMISSION_HELP}`;
}

/** Turns whatever a service call threw into the error n8n shows, keeping the core's actionable message. */
export function toNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
  if (!(error instanceof ApiError)) {
    return error instanceof NodeApiError || error instanceof NodeOperationError
      ? error
      : new NodeOperationError(node, error instanceof Error ? error : String(error));
  }
  const message = withN8nAdvice(error);
  const response: JsonObject = {
    message,
    kind: error.kind,
    ...(error.details.code === undefined ? {} : { code: error.details.code }),
    ...(error.details.serviceMessage === undefined ? {} : { serviceMessage: error.details.serviceMessage }),
  };
  return new NodeApiError(node, response, {
    message,
    ...(error.status === undefined ? {} : { httpCode: String(error.status) }),
  });
}

/** Runs a service call, turning whatever it throws into the error n8n shows. */
export async function withNodeErrors<T>(node: INode, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toNodeError(node, error);
  }
}
