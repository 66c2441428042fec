import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';

/**
 * `enqueue` could not store the send: Redis is down, unreachable or too slow. Nothing was queued,
 * so enqueueing again (with the same idempotencyKey) cannot send twice: `retryable` is true.
 */
export class MarketingCloudQueueUnavailableError extends MarketingCloudUnavailableError {
  /** 503, not the 502 of an unavailable Marketing Cloud: it is this app's own store that is down. */
  static readonly httpStatus = 503;

  constructor(message: string, cause?: unknown) {
    super(message, { retryable: true, cause });
  }
}
