import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError } from '../../shared';

/**
 * Turns whatever a service call threw into the error n8n shows, keeping the core's actionable message. A node whose
 * service can refuse for a missing permission adds what the user can do about it in this node (`missingScopeHint`).
 */
export function toNodeError(node: INode, error: unknown, missingScopeHint?: string): NodeApiError | NodeOperationError {
  if (!(error instanceof ApiError)) {
    return error instanceof NodeApiError || error instanceof NodeOperationError
      ? error
      : new NodeOperationError(node, error instanceof Error ? error : String(error));
  }
  const message = error.kind === 'missing_scope' && missingScopeHint ? `${error.message} ${missingScopeHint}` : error.message;
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
export async function withNodeErrors<T>(node: INode, work: () => Promise<T>, missingScopeHint?: string): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toNodeError(node, error, missingScopeHint);
  }
}
