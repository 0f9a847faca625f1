import { ApiError } from '../api/api-error';
import { describeWait, type FailedCall } from '../api/failed-call';

/** Linkly's error answers, as messages that say what to do. */
export function describeLinklyFailure(failure: FailedCall): ApiError {
  const { status, serviceMessage } = failure;
  const said = serviceMessage ? ` Linkly said: "${serviceMessage}"` : '';
  const details = {
    status,
    ...(serviceMessage === undefined ? {} : { serviceMessage }),
    ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
  };
  switch (true) {
    case status === 401:
      return new ApiError('linkly', 'unauthorized', `Linkly did not accept the API key (401). Copy the key and the workspace id again from Linkly's API settings page.${said}`, details);
    case status === 403:
      return new ApiError('linkly', 'plan_too_low', `Linkly refused (403): webhooks need a paid Linkly plan, and the key must belong to this workspace. Upgrade the workspace or check the workspace id.${said}`, details);
    case status === 404:
      return new ApiError('linkly', 'not_found', `Linkly found nothing at ${failure.path} (404): check the workspace id and the link.${said}`, details);
    case status === 400 || status === 422:
      return new ApiError('linkly', 'invalid_request', `Linkly refused the request (${status}).${said}`, details);
    case status === 429:
      return new ApiError('linkly', 'rate_limited', `Linkly's rate limit is reached; nothing was changed. Try again in ${describeWait(failure.retryAfterMs)}.${said}`, details);
    case status >= 500:
      return new ApiError('linkly', 'server', `Linkly had a server error (${status}); nothing is wrong on your side. Try again in a few minutes.${said}`, details);
    default:
      return new ApiError('linkly', 'unexpected', `Linkly answered ${failure.method} ${failure.path} with an unexpected status ${status}.${said}`, details);
  }
}
