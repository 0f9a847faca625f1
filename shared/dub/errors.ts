import { ApiError } from '../api/api-error';
import { describeWait, type FailedCall } from '../api/failed-call';

/**
 * The three ways to a credential that can register hooks, in the words of Dub's dashboard. Every place that tells a
 * user about Dub credentials (errors, n8n's credential notice, the CLI's help, the README) says this.
 */
export const DUB_WEBHOOK_ACCESS_HELP =
  'Three ways out: (1) a Restricted API key with Webhooks: Write (in Dub: Settings → API Keys → Create → Restricted; ' +
  'only a workspace owner can make one — the "All access" and "Read only" keys cannot manage webhooks); ' +
  '(2) connect with OAuth; or (3) add the webhook by hand in Dub (Settings → Webhooks) and use its signing secret.';

const SCOPE_HINT = /webhooks\.(read|write)|scope|permission/i;
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
      return new ApiError('dub', 'missing_scope', `This Dub credential may not manage webhooks (403: it lacks the webhooks.write permission). ${DUB_WEBHOOK_ACCESS_HELP}${said}`, details);
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

function pick(failure: FailedCall) {
  return {
    ...(failure.code === undefined ? {} : { code: failure.code }),
    ...(failure.serviceMessage === undefined ? {} : { serviceMessage: failure.serviceMessage }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  };
}
