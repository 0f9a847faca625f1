import { json, type ApiResponse } from '../http';

export type DubErrorCode =
  | 'bad_request'
  | 'unauthorized'
  | 'forbidden'
  | 'exceeded_limit'
  | 'not_found'
  | 'conflict'
  | 'unprocessable_entity'
  | 'rate_limit_exceeded'
  | 'internal_server_error';

const STATUS: Record<DubErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  exceeded_limit: 403,
  not_found: 404,
  conflict: 409,
  unprocessable_entity: 422,
  rate_limit_exceeded: 429,
  internal_server_error: 500,
};

/** Dub's error body: `{"error":{"code","message","doc_url"}}`. `status` overrides for 5xx variants. */
export function dubError(code: DubErrorCode, message: string, status = STATUS[code]): ApiResponse {
  return json(status, {
    error: { code, message, doc_url: `https://dub.co/docs/api-reference/errors#${code.replace(/_/g, '-')}` },
  });
}
