/** The shared core: everything about Dub's and Linkly's webhooks that is not about a platform. */
export { catalogue, dubPostbackCatalogue, findEntry, findEntryByKey } from './catalogue';
export { dubCatalogue, dubDeliveryService } from './dub/catalogue';
export { dubPostbackEvents, dubPostbackService, DUB_POSTBACK_SECRET_PREFIX, type DubPostbackEventName } from './dub/postbacks';
export { linklyCatalogue, linklyDeliveryService } from './linkly/catalogue';
export type { CatalogueEntry, EventEntry, TriggerGroup, TriggerMeta } from './catalogue/types';
export { fieldsSentBy, outputFieldsOf, pickFields, triggerOutputFields, type OutputField } from './normalized/output-fields';
export { outputSchemaOf } from './normalized/output-schema-of';
export type { NormalizedEvent, NormalizedOf } from './normalized/outputs';
export type { Provider, TriggerKind } from './normalized/parts';
export { isTimestamp } from './normalized/values';

export type { Delivery, DeliveryService } from './delivery/delivery';
export {
  parseServiceDelivery,
  screenDelivery,
  MAX_DELIVERY_BYTES,
  type DeliveryResult,
  type ReadDelivery,
  type UnknownEventDelivery,
} from './delivery/parse-delivery';
export { parseDelivery } from './delivery/services';
export { DeliveryError, type DeliveryErrorKind } from './delivery/delivery-error';
export { OUTPUT_SHAPES, RAW_KEY, isOutputShape, sampleEvent, shapeOutput, unknownEventItem, type OutputShape, type ReceivedEvent } from './delivery/output-shape';
export { signDubBody, isValidDubSignature } from './delivery/dub-signature';
export { URL_TOKEN_PARAM, newUrlToken, withUrlToken, readUrlToken, isValidUrlToken } from './delivery/url-token';
export type { HeaderBag } from './delivery/headers';

export { ApiError, redactSecrets, type ApiErrorKind } from './api/api-error';
export { defaultRetryPolicy, timerSleep, type ClientPolicy, type RetryPolicy } from './api/retry-policy';
export type { HttpMethod, HttpRequest, HttpResponse, Transport } from './transport/transport';

export { DUB_EVENT_NAMES, isDubEventName, type DubEventName } from './dub/event-names';
export { createDubClient, DUB_API_BASE_URL, DUB_FOLDERS_PAGE_SIZE, type DubClient } from './dub/client';
export { createDubSamplingClient, type DubSamplingClient } from './dub/sampling-client';
export type { DubWebhook, DubLinkListItem, DubFolder } from './dub/api-schemas';
export { dubHookBody, hookName, selectionKey, MAX_HOOK_NAME, type DubHookSpec, type LinkScope } from './dub/hook-spec';
export { DUB_WEBHOOK_PERMISSION } from './dub/errors';
export { DUB_CREDENTIAL } from './dub/credential-forms';
export {
  DUB_DELIVERY_LOG_SIZE,
  readDubDeliveryLog,
  type DubDeliveryLogReading,
  type DubDeliveryLogRow,
  type UndeliveredDubEvent,
} from './dub/delivery-log';
export { replayDubEvents, type DubReplayOptions, type ReplayedDubEvent } from './dub/replay';
export {
  recoverDubHook,
  RECOVERED_IDS_KEPT,
  type DubEventReplayer,
  type DubHookCondition,
  type DubRecoveryReport,
  type DubRecoveryState,
} from './dub/hook-recovery';
export { PARKED_HOOK_PARAM, parkedFromUrlOf, parkingUrlOf } from './dub/hook-registrar';
export {
  dubHookRegistrar,
  type DubHookRegistrar,
  type DubHookRef,
  type DubRegistration,
  type DubRegistrationOutcome,
  type DubEnsureOptions,
} from './dub/hook-registrar';
export {
  disabledHookToKeep,
  DubEventsKeptForReplay,
  guardDisabledHook,
  keptAtRemovalMessage,
  PAYOUT_REPLAY_WARNING,
  replayCommandFor,
  type WaitingInParkedHook,
} from './dub/disabled-hook-guard';

export { createLinklyClient, LINKLY_API_BASE_URL, type LinklyClient, type LinklyHookTarget } from './linkly/client';
export { createLinklySamplingClient, type LinklySamplingClient } from './linkly/sampling-client';
export {
  linklyHookRegistrar,
  type LinklyHookRegistrar,
  type LinklyHookRef,
  type LinklyHookSpec,
  type LinklyRegistration,
  type LinklyRegistrationOutcome,
} from './linkly/hook-registrar';

export { RecentIds } from './dedupe/recent-ids';
