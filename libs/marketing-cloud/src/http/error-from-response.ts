import { findErrorCode, type CatalogueErrorClass } from '../errors/error-code-catalogue.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudNotFoundError } from '../errors/marketing-cloud-not-found.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
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

/**
 * The typed error for a REST answer that is not a success, from the error-code catalogue when the
 * body carries a known `errorcode`, else from the status. Only 429 / 50100 and 503 are retryable:
 * there Marketing Cloud said it did not take the call. Any other 5xx is ambiguous.
 */
export function errorFromResponse(answer: HttpAnswer, what: string): MarketingCloudError {
  const body = parseRestErrorBody(answer.data);
  const entry = findErrorCode('rest', body.errorCode);
  const errorClass = entry?.errorClass ?? classForStatus(answer.status);
  const retryable = entry?.retryable ?? (answer.status === 429 || answer.status === 503);
  const code =
    body.errorCode === undefined
      ? ''
      : `, errorcode ${body.errorCode}${entry ? ` ${entry.name}` : ''}`;
  const detail = body.message ? `: ${body.message}` : '';
  return new errorClass(
    `Marketing Cloud answered the ${what} with HTTP ${answer.status}${code}${detail}.`,
    {
      upstreamStatus: answer.status,
      errorCode: body.errorCode,
      retryable,
      retryAfterSeconds:
        parseRetryAfterHeader(answer.headers['retry-after']) ?? body.retryAfterSeconds,
    },
  );
}
