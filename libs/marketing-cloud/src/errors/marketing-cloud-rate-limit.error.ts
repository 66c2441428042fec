import { MarketingCloudError, type MarketingCloudErrorDetails } from './marketing-cloud.error.js';

/** Marketing Cloud throttled the call (429, errorcode 50100 or 50200). */
export class MarketingCloudRateLimitError extends MarketingCloudError {
  /** Seconds Marketing Cloud asked to wait (`Retry-After` or the body's `retryAfter`), if it said. */
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    details: MarketingCloudErrorDetails & { retryAfterSeconds?: number | undefined } = {},
  ) {
    super(message, { retryable: true, ...details });
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), retryAfterSeconds: this.retryAfterSeconds };
  }
}
