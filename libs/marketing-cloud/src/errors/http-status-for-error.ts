import { MarketingCloudAbortedError } from './marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from './marketing-cloud-authentication.error.js';
import { MarketingCloudConfigurationError } from './marketing-cloud-configuration.error.js';
import { MarketingCloudNoValidSubscribersError } from './marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudNotFoundError } from './marketing-cloud-not-found.error.js';
import { MarketingCloudOverloadedError } from './marketing-cloud-overloaded.error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudResponseTooLargeError } from './marketing-cloud-response-too-large.error.js';
import { MarketingCloudTimeoutError } from './marketing-cloud-timeout.error.js';
import { MarketingCloudValidationError } from './marketing-cloud-validation.error.js';
import { MarketingCloudError } from './marketing-cloud.error.js';

// oxlint-disable-next-line typescript/no-explicit-any -- error classes take different constructor arguments
export type MarketingCloudErrorClass = abstract new (...args: any[]) => MarketingCloudError;

/**
 * The HTTP status an app should answer its own caller with, per error class (most specific first).
 * Upstream authentication and configuration problems are 502, never 401: the app's caller is not
 * the one who is unauthenticated.
 */
const STATUS_BY_CLASS: readonly (readonly [MarketingCloudErrorClass, number])[] = [
  [MarketingCloudValidationError, 400],
  [MarketingCloudNotFoundError, 404],
  [MarketingCloudNoValidSubscribersError, 422],
  [MarketingCloudConfigurationError, 500],
  [MarketingCloudAuthenticationError, 502],
  // An answer cut off at maxResponseBytes; a send's (maybeSent) is 500 by httpStatusForError.
  [MarketingCloudResponseTooLargeError, 502],
  [MarketingCloudRateLimitError, 503],
  [MarketingCloudOverloadedError, 503],
  [MarketingCloudAbortedError, 503],
  [MarketingCloudTimeoutError, 504],
];

/** Every other upstream failure: the request went to Marketing Cloud and did not succeed. */
const UPSTREAM_FAILURE_STATUS = 502;

/**
 * The answer when Marketing Cloud may have acted (`maybeSent`, not `retryable`). Not 503, 429 or
 * 408, which invite a retry, and not 502 or 504 either: Envoy's `gateway-error` retry policy (and
 * so Istio's), the AWS and Google SDKs and `got` retry those. 500 is the 5xx that meshes and clients
 * leave alone by default; the body's `maybeSent: true` and `retryable: false` say why.
 */
export const MAYBE_SENT_STATUS = 500;

export function httpStatusForErrorClass(errorClass: MarketingCloudErrorClass): number {
  // A class outside the core (the queue's) may declare its own status: `static readonly httpStatus`.
  const declared = (errorClass as { httpStatus?: unknown }).httpStatus;
  if (typeof declared === 'number') return declared;
  const match = STATUS_BY_CLASS.find(
    ([candidate]) => errorClass === candidate || errorClass.prototype instanceof candidate,
  );
  return match?.[1] ?? UPSTREAM_FAILURE_STATUS;
}

/** The status for this error: by its class, except that a call that may have been sent is 500. */
export function httpStatusForError(error: MarketingCloudError): number {
  if (error.maybeSent && !error.retryable) return MAYBE_SENT_STATUS;
  return httpStatusForErrorClass(error.constructor as MarketingCloudErrorClass);
}
