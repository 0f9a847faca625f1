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

/**
 * Dub refuses a hook whose triggers hold payout.confirmed unless the workspace's program pays out externally
 * (lib/webhook/validate-webhook.ts): 404 "Program not found" without a program, 400 "…not currently available for
 * your workspace." with payouts through Dub. Said as such, since Dub's own words name neither the event to drop nor
 * the setting to change. The whole registration fails: the hook is never made without an event the user chose.
 */
export function payoutTriggerRefusal(error: unknown, triggers: readonly string[]): ApiError | undefined {
  if (!(error instanceof ApiError) || !triggers.includes('payout.confirmed')) return undefined;
  const said = error.details.serviceMessage ?? '';
  const noProgram = error.status === 404 && /program not found/i.test(said);
  const internalPayouts = error.status === 400 && /payout\.confirmed/i.test(said);
  if (!noProgram && !internalPayouts) return undefined;
  const why = noProgram
    ? 'this workspace has no partner program, and Dub sends that event only for a program that pays its partners externally'
    : "this workspace's partner program pays out through Dub, and Dub sends that event only for programs with external payouts";
  const switchPayouts = "switch the program to external payouts in Dub (the program's payout settings)";
  const wayOut =
    triggers.length > 1
      ? `Either remove Payout Confirmed from the events (the other events can then be registered), or ${switchPayouts} and try again.`
      : `To use it, ${switchPayouts} and try again.`;
  return new ApiError(
    'dub',
    'invalid_request',
    `Dub refused the event Payout Confirmed (payout.confirmed): ${why}. ${wayOut} Nothing was registered or changed. Dub said: "${said}"`,
    { ...error.details, code: 'payout_trigger_unavailable' },
  );
}
