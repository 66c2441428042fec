import { MarketingCloudError } from './marketing-cloud.error.js';

/**
 * Marketing Cloud could not be reached or failed on its side: a refused or reset connection,
 * a failed DNS lookup, a 5xx, or an answer that is not what the API documents.
 */
export class MarketingCloudUnavailableError extends MarketingCloudError {}
