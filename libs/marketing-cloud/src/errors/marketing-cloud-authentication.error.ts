import { MarketingCloudError } from './marketing-cloud.error.js';

/**
 * Marketing Cloud refused the credentials (v2/token `invalid_client` and kin), or rejected a fresh
 * token on a REST call. Not retryable: a person must fix the installed package or the options.
 */
export class MarketingCloudAuthenticationError extends MarketingCloudError {}
