// The public API of nestjs-marketing-cloud. Everything a user may import is named here.

// Module and configuration
export { MarketingCloudModule } from './marketing-cloud.module.js';
export {
  MARKETING_CLOUD_ASYNC_OPTIONS_TYPE,
  MARKETING_CLOUD_OPTIONS_TYPE,
  type MarketingCloudModuleExtras,
  type MarketingCloudOptionsFactory,
} from './marketing-cloud.module-definition.js';
export {
  MARKETING_CLOUD_MODULE_OPTIONS,
  MARKETING_CLOUD_OPTIONS,
} from './marketing-cloud.constants.js';
export {
  DEFAULT_INSTANCE_NAME,
  getMarketingCloudHttpClientToken,
  getTriggeredSendServiceToken,
} from './instances/instance-tokens.constants.js';
export {
  InjectMarketingCloudHttpClient,
  InjectTriggeredSendService,
} from './instances/inject-marketing-cloud.decorators.js';
export {
  MARKETING_CLOUD_DEFAULTS,
  type MarketingCloudModuleOptions,
  type MarketingCloudRetryOptions,
  type ResolvedMarketingCloudOptions,
  type ResolvedRetryPolicy,
} from './options/marketing-cloud-module-options.js';
export {
  SYSTEM_MONOTONIC_CLOCK,
  type MarketingCloudClock,
} from './options/marketing-cloud-clock.js';
export { Secret } from './options/secret.js';

// Where access tokens live (RedisTokenStore: nestjs-marketing-cloud/redis-token-store)
export {
  MemoryTokenStore,
  type SharedToken,
  type TokenStore,
  type TokenStoreContext,
} from './token-store/token-store.js';

// Triggered sends
export { TriggeredSendService } from './triggered-send/triggered-send.service.js';
export { TriggeredSendDefinition } from './triggered-send/triggered-send-definition.js';
export {
  MAX_ATTRIBUTE_NAME_LENGTH,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  MAX_EMAIL_LENGTH,
  MAX_SEND_BATCH_REQUESTS,
  MAX_SUBSCRIBER_KEY_LENGTH,
  REQUEST_TYPES,
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
  type RequestType,
  type SubscriberAttributeValue,
} from './triggered-send/triggered-send-request.dto.js';
export { TriggeredSendRequestPipe } from './triggered-send/triggered-send-request.pipe.js';
export { JSON_BODY_BOUNDS, jsonBodyBoundsError } from './triggered-send/json-text-bounds.js';
export type {
  MarketingCloudCallOptions,
  TriggeredSendResult,
} from './triggered-send/triggered-send-result.js';
export type {
  TriggeredSendBatchAccepted,
  TriggeredSendBatchFailed,
  TriggeredSendBatchResult,
} from './triggered-send/send-batch-result.js';
export type {
  DeliveryRecipient,
  DeliveryRecord,
  ErrorDeliveryRecord,
  OtherDeliveryRecord,
  QueuedDeliveryRecord,
  SentDeliveryRecord,
} from './triggered-send/delivery-record.js';

// Any other REST route, with the same tokens, timeouts and errors
export {
  MarketingCloudHttpClient,
  type MarketingCloudRequest,
} from './http/marketing-cloud-http-client.js';
export type { HttpAnswer } from './http/error-from-response.js';

// Errors
export {
  MarketingCloudError,
  type MarketingCloudErrorDetails,
} from './errors/marketing-cloud.error.js';
export { MarketingCloudAbortedError } from './errors/marketing-cloud-aborted.error.js';
export { MarketingCloudAuthenticationError } from './errors/marketing-cloud-authentication.error.js';
export { MarketingCloudConfigurationError } from './errors/marketing-cloud-configuration.error.js';
export { MarketingCloudNoValidSubscribersError } from './errors/marketing-cloud-no-valid-subscribers.error.js';
export { MarketingCloudNotFoundError } from './errors/marketing-cloud-not-found.error.js';
export { MarketingCloudOverloadedError } from './errors/marketing-cloud-overloaded.error.js';
export { MarketingCloudRateLimitError } from './errors/marketing-cloud-rate-limit.error.js';
export { MarketingCloudRequestError } from './errors/marketing-cloud-request.error.js';
export { MarketingCloudResponseTooLargeError } from './errors/marketing-cloud-response-too-large.error.js';
export {
  MarketingCloudSendError,
  type MarketingCloudSendErrorDetails,
} from './errors/marketing-cloud-send.error.js';
export { MarketingCloudTimeoutError } from './errors/marketing-cloud-timeout.error.js';
export { MarketingCloudUnavailableError } from './errors/marketing-cloud-unavailable.error.js';
export {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from './errors/marketing-cloud-validation.error.js';
export {
  ERROR_CODE_CATALOGUE,
  findErrorCode,
  type CatalogueErrorClass,
  type ErrorCodeEntry,
  type ErrorCodeFamily,
} from './errors/error-code-catalogue.js';
export {
  httpStatusForError,
  httpStatusForErrorClass,
  MAYBE_SENT_STATUS,
} from './errors/http-status-for-error.js';
export {
  DEFAULT_RETRY_AFTER_SECONDS,
  MarketingCloudExceptionFilter,
  OVERLOADED_RETRY_AFTER_SECONDS,
  type MarketingCloudErrorResponse,
} from './errors/marketing-cloud-exception.filter.js';
