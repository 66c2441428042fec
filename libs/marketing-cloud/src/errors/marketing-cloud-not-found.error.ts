import { MarketingCloudError } from './marketing-cloud.error.js';

/**
 * Marketing Cloud does not know the triggered send definition (ObjectID or CustomerKey), or the
 * delivery record asked for (errorcode 30003, or the triggered-send codes 17010, 17015, 18000, 18002).
 */
export class MarketingCloudNotFoundError extends MarketingCloudError {}
