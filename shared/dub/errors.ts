import { ApiError } from '../api/api-error';
import { describeWait, type FailedCall } from '../api/failed-call';

/*
 * These messages say what happened and what Dub said; which way out to offer (another key, OAuth, a webhook added by
 * hand) depends on what the user's platform can do, so each platform adds its own advice to a `missing_scope` error,
 * reading `details.permission`.
 */

/** The permission registering hooks needs; it includes webhooks.read. */
export const DUB_WEBHOOK_PERMISSION = 'webhooks.write';

const SCOPE_HINT = /webhooks\.(read|write)|scope|permission/i;
/** Dub's permission 403 names the permission: "Having the 'links.read' permission would allow this request…". */
const NAMED_PERMISSION = /'([a-z_]+\.(?:read|write))' permission/;
const PLAN_HINT = /plan|upgrade|business/i;

/** Dub's error answers, as messages that say what to do. */
export function describeDubFailure(failure: FailedCall): ApiError {
  const { status, serviceMessage } = failure;
  const said = serviceMessage ? ` Dub said: "${serviceMessage}"` : '';
  const details = { status, ...pick(failure) };
  switch (true) {
    case status === 401:
      return new ApiError('dub', 'unauthorized', `Dub did not accept the credentials (401): the API key or token is wrong, expired or revoked. Reconnect your Dub account.${said}`, details);
    case status === 403 && SCOPE_HINT.test(serviceMessage ?? ''):
      return missingPermission(serviceMessage ?? '', details, said);
    case status === 403 && failure.code === 'exceeded_limit':
      return new ApiError('dub', 'forbidden', `This Dub workspace has reached a limit of its plan (403). Remove unused webhooks or upgrade the plan.${said}`, details);
    case status === 403 && PLAN_HINT.test(serviceMessage ?? ''):
      return new ApiError('dub', 'plan_too_low', `Dub webhooks need a Business plan or higher, and this workspace's plan is lower (403). Upgrade the workspace in Dub (Settings → Billing), then try again.${said}`, details);
    case status === 403:
      return new ApiError('dub', 'forbidden', `Dub refused access (403).${said}`, details);
    case status === 404:
      return new ApiError('dub', 'not_found', `Dub found nothing at ${failure.path} (404).${said}`, details);
    case status === 409:
      return new ApiError('dub', 'conflict', `Dub refused: it conflicts with something that exists (409).${said}`, details);
    case status === 400 || status === 422:
      return new ApiError('dub', 'invalid_request', `Dub refused the request (${status}).${said}`, details);
    case status === 429:
      return new ApiError('dub', 'rate_limited', `Dub's rate limit is reached; nothing was changed. Try again in ${describeWait(failure.retryAfterMs)}.`, details);
    case status >= 500:
      return new ApiError('dub', 'server', `Dub had a server error (${status}); nothing is wrong on your side. Try again in a few minutes.${said}`, details);
    default:
      return new ApiError('dub', 'unexpected', `Dub answered ${failure.method} ${failure.path} with an unexpected status ${status}.${said}`, details);
  }
}

/** Webhooks (read or write) need webhooks.write to be of any use; other permissions are named as Dub named them. */
function missingPermission(serviceMessage: string, details: ApiError['details'], said: string): ApiError {
  const named = NAMED_PERMISSION.exec(serviceMessage)?.[1];
  const permission = named === undefined || named.startsWith('webhooks.') ? DUB_WEBHOOK_PERMISSION : named;
  const what =
    permission === DUB_WEBHOOK_PERMISSION
      ? `This Dub credential may not manage webhooks (403: it lacks the ${DUB_WEBHOOK_PERMISSION} permission).`
      : `This Dub credential lacks the ${permission} permission (403).`;
  return new ApiError('dub', 'missing_scope', `${what}${said}`, { ...details, permission });
}

function pick(failure: FailedCall) {
  return {
    ...(failure.code === undefined ? {} : { code: failure.code }),
    ...(failure.serviceMessage === undefined ? {} : { serviceMessage: failure.serviceMessage }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  };
}
