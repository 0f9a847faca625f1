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

/** Dub cuts every credential's scopes to its user's current role: webhooks.write is an owner's alone. */
const OWNER_ONLY =
  'Dub gives webhooks.write to workspace owners only, on every request: a key or an OAuth connection that worked ' +
  'before stops working when its user is no longer an owner; then reconnect as an owner.';

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
      return new ApiError('dub', 'missing_scope', `This Dub credential may not manage webhooks (403: it lacks the webhooks.write permission). ${DUB_WEBHOOK_ACCESS_HELP} ${OWNER_ONLY}${said}`, details);
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
