/** Dub's error answers: `{"error":{"code","message","doc_url"}}`, with the statuses and texts of Dub's code
 *  (apps/web/lib/api/errors.ts). */
import type { z } from 'zod/v4';
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

const DOCS = 'https://dub.co/docs/api-reference/errors';

/** An error Dub raises itself. Its doc_url anchor has only the code's FIRST underscore made a hyphen, as Dub's
 *  does (`#rate-limit_exceeded`). */
export function dubError(code: DubErrorCode, message: string): ApiResponse {
  return json(STATUS[code], { error: { code, message, doc_url: `${DOCS}#${code.replace('_', '-')}` } });
}

/** A request body that failed Dub's schema: 422 naming the first problem as `<issue code>: <path>: <message>`. */
export function dubValidationError(issues: readonly z.core.$ZodIssue[]): ApiResponse {
  const issue = issues[0];
  const parts = issue ? [issue.code, issue.path.map(String).join('.'), issue.message].filter((part) => part !== '') : ['invalid'];
  return json(422, { error: { code: 'unprocessable_entity', message: parts.join(': '), doc_url: `${DOCS}#unprocessable-entity` } });
}

/** A record that is not there (Dub's database "not found"). Dub passes the database's own text on; this one is
 *  Dub's generic fallback. */
export function dubNotFound(): ApiResponse {
  return json(404, { error: { code: 'not_found', message: 'The requested resource was not found.', doc_url: `${DOCS}#not-found` } });
}

/** An unexpected failure: Dub hides the cause. `status` lets a fault pick another 5xx. */
export function dubInternalError(status = 500): ApiResponse {
  return json(status, {
    error: {
      code: 'internal_server_error',
      message: 'An internal server error occurred. Please contact our support if the problem persists.',
      doc_url: `${DOCS}#internal-server-error`,
    },
  });
}
