import { upstreamFailureMessage } from '../errors/error-messages.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { parseRestErrorBody, parseRetryAfterHeader } from './rest-error-body.js';

export interface HttpAnswer {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

/** Throttled, but "temporarily blocked due to too many concurrent requests": not worth an immediate retry. */
const TEMPORARILY_BLOCKED = 50200;

/**
 * The typed error for a REST answer that is not a success: 429 -> rate limited, 503 -> unavailable
 * (retryable: Marketing Cloud did not take the call), other 5xx -> unavailable (ambiguous: it may
 * have), any other status -> the request was rejected.
 */
export function errorFromResponse(answer: HttpAnswer, what: string): MarketingCloudError {
  const body = parseRestErrorBody(answer.data);
  const details = { upstreamStatus: answer.status, errorCode: body.errorCode };
  const detail = body.message ? `: ${body.message}` : '';
  if (answer.status === 429) {
    const retryAfterSeconds =
      parseRetryAfterHeader(answer.headers['retry-after']) ?? body.retryAfterSeconds;
    return new MarketingCloudRateLimitError(
      `Marketing Cloud throttled the ${what} (HTTP 429${body.errorCode ? `, errorcode ${body.errorCode}` : ''}${detail}).`,
      { ...details, retryAfterSeconds, retryable: body.errorCode !== TEMPORARILY_BLOCKED },
    );
  }
  if (answer.status >= 500) {
    return new MarketingCloudUnavailableError(
      `${upstreamFailureMessage(what, answer.status)}${detail}`,
      {
        ...details,
        retryable: answer.status === 503,
      },
    );
  }
  return new MarketingCloudRequestError(
    `Marketing Cloud rejected the ${what} (HTTP ${answer.status}${body.errorCode !== undefined ? `, errorcode ${body.errorCode}` : ''}${detail}).`,
    details,
  );
}
