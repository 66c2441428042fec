import { MarketingCloudError } from './marketing-cloud.error.js';

/**
 * The call was given up: its AbortSignal fired, or the application shut down while it was waiting
 * or in flight. `retryable` is true only when the request had not been sent yet.
 */
export class MarketingCloudAbortedError extends MarketingCloudError {}
