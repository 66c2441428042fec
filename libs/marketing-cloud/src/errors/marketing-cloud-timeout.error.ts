import { MarketingCloudError } from './marketing-cloud.error.js';

/** No answer from Marketing Cloud within the request timeout. */
export class MarketingCloudTimeoutError extends MarketingCloudError {}
