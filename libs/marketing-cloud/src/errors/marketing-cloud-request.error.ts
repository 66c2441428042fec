import { MarketingCloudError } from './marketing-cloud.error.js';

/** Marketing Cloud rejected the request itself (a 4xx with its generic error body). Not retryable. */
export class MarketingCloudRequestError extends MarketingCloudError {}
