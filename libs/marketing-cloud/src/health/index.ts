// nestjs-marketing-cloud/health: the @nestjs/terminus health indicator (an optional peer).

export {
  DEFAULT_HEALTH_TIMEOUT_MS,
  MarketingCloudHealthIndicator,
  type MarketingCloudHealthCheckOptions,
} from './marketing-cloud-health.indicator.js';
export type { MarketingCloudHealthDown, MarketingCloudHealthReason } from './health-reason.js';
export {
  MarketingCloudQueueHealthIndicator,
  type MarketingCloudQueueHealthCheckOptions,
  type MarketingCloudQueueHealthSource,
} from './marketing-cloud-queue-health.indicator.js';
