import { MarketingCloudError, type MarketingCloudErrorDetails } from './marketing-cloud.error.js';

/**
 * Marketing Cloud throttled the call (429): errorcode 50100 "Rate limit exceeded", with
 * `retryAfterSeconds`, or 50200 "temporarily blocked" (not retryable: it needs Salesforce support).
 */
export class MarketingCloudRateLimitError extends MarketingCloudError {
  constructor(message: string, details: MarketingCloudErrorDetails = {}) {
    super(message, { retryable: true, ...details });
  }
}
