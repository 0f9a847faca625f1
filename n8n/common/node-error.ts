import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { ApiError } from '../../shared';

/** What a node adds to a missing-permission error: the ways out its user has, in this node's terms. */
export type MissingScopeAdvice = (error: ApiError) => string;

/**
 * Turns whatever a service call threw into the error n8n shows, keeping the core's actionable message. A node whose
 * service can refuse for a missing permission adds what the user can do about it in this node (`adviceFor`); the
 * core's message says only what happened, as the advice differs per platform.
 */
export function toNodeError(node: INode, error: unknown, adviceFor?: MissingScopeAdvice): NodeApiError | NodeOperationError {
  if (!(error instanceof ApiError)) {
    return error instanceof NodeApiError || error instanceof NodeOperationError
      ? error
      : new NodeOperationError(node, error instanceof Error ? error : String(error));
  }
  const message = error.kind === 'missing_scope' && adviceFor ? `${error.message} ${adviceFor(error)}` : error.message;
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
export async function withNodeErrors<T>(node: INode, work: () => Promise<T>, adviceFor?: MissingScopeAdvice): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toNodeError(node, error, adviceFor);
  }
}
