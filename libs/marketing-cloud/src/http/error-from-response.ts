import { findErrorCode, type CatalogueErrorClass } from '../errors/error-code-catalogue.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudNotFoundError } from '../errors/marketing-cloud-not-found.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { restErrorMessage } from '../errors/error-messages.js';
import { sanitizeUpstreamText } from '../errors/upstream-text.js';
import { parseRestErrorBody, parseRetryAfterHeader } from './rest-error-body.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

/** For answers whose `errorcode` is absent or not in the catalogue: judge by the HTTP status. */
function classForStatus(status: number): CatalogueErrorClass {
  if (status === 401 || status === 403) return MarketingCloudAuthenticationError;
  if (status === 404) return MarketingCloudNotFoundError;
  if (status === 429) return MarketingCloudRateLimitError;
  if (status >= 500) return MarketingCloudUnavailableError;
  return MarketingCloudRequestError;
}

/** What the error needs to know of the call. */
export interface AnsweredCall {
  /** What the call does, for messages. */
  readonly what: string;
  /** A read: nothing was acted on, whatever the answer. */
  readonly idempotent: boolean;
}

/**
 * The typed error for a REST answer that is not a success, from the error-code catalogue when the
 * body carries a known `errorcode`, else from the status. Only 429 / 50100 and 503 are retryable:
 * there Marketing Cloud said it did not take the call. Any other 5xx is ambiguous: a send may have
 * been acted on (`maybeSent`). Marketing Cloud's `message` is quoted sanitised, without `secrets`.
 */
export function errorFromResponse(
  answer: HttpAnswer,
  call: AnsweredCall,
  secrets: readonly string[] = [],
): MarketingCloudError {
  const body = parseRestErrorBody(answer.data);
  const entry = findErrorCode('rest', body.errorCode);
  const errorClass = entry?.errorClass ?? classForStatus(answer.status);
  const retryable = entry?.retryable ?? (answer.status === 429 || answer.status === 503);
  const upstreamMessage =
    body.message === undefined ? undefined : sanitizeUpstreamText(body.message, secrets);
  return new errorClass(
    restErrorMessage(call.what, answer.status, body.errorCode, entry?.name, upstreamMessage),
    {
      upstreamStatus: answer.status,
      errorCode: body.errorCode,
      retryable,
      maybeSent: !call.idempotent && !retryable && answer.status >= 500,
      retryAfterSeconds:
        parseRetryAfterHeader(answer.headers['retry-after']) ?? body.retryAfterSeconds,
    },
  );
}
