import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError } from '../../shared';

/** What a user of this node can do when the credential may not manage webhooks. */
export const MANUAL_REGISTRATION_HINT =
  "Or keep this credential and set this node's Registration to Manual: add the node's URL as a webhook in Dub's " +
  'dashboard (Settings → Webhooks), then paste the signing secret Dub shows into the node.';

/** Turns whatever a service call threw into the error n8n shows, keeping the core's actionable message. */
export function toNodeError(node: INode, error: unknown): NodeApiError | NodeOperationError {
  if (!(error instanceof ApiError)) {
    return error instanceof NodeApiError || error instanceof NodeOperationError
      ? error
      : new NodeOperationError(node, error instanceof Error ? error : String(error));
  }
  const message = error.kind === 'missing_scope' ? `${error.message} ${MANUAL_REGISTRATION_HINT}` : error.message;
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
