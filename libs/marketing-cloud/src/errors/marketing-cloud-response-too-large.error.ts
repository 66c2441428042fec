import { MarketingCloudError } from './marketing-cloud.error.js';

/**
 * Marketing Cloud's answer (or a proxy's) was larger than `maxResponseBytes`, so reading it was
 * stopped. For a send the request had been written, and a 2xx status means Marketing Cloud
 * accepted it: `maybeSent` is true and it is never retried.
 */
export class MarketingCloudResponseTooLargeError extends MarketingCloudError {}
