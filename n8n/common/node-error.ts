import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError } from '../../shared';

/** The third way out of Dub's permission 403, in this node's terms. */
export const MANUAL_REGISTRATION_HINT =
  "For (3), set this node's Authentication to None: add the node's Production URL as a webhook in Dub " +
  '(Settings → Webhooks), then paste the signing secret Dub shows into the node.';

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

/** Runs a service call, turning whatever it throws into the error n8n shows. */
export async function withNodeErrors<T>(node: INode, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toNodeError(node, error);
  }
}
