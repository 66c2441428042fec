import { MarketingCloudError, type MarketingCloudErrorDetails } from './marketing-cloud.error.js';

/**
 * The module refused to queue the call, or gave up waiting: `maxQueuedRequests` calls were already
 * waiting for a slot, or the call waited its whole timeout without getting one. Nothing was sent,
 * so it is retryable; the module does not retry it itself (that would only queue it again).
 */
export class MarketingCloudOverloadedError extends MarketingCloudError {
  constructor(message: string, details: MarketingCloudErrorDetails = {}) {
    super(message, { retryable: true, ...details, maybeSent: false });
  }
}
