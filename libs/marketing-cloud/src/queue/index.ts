// The public API of nestjs-marketing-cloud/queue: durable sends on BullMQ / Redis (optional peers
// bullmq and ioredis). Everything a user may import from this subpath is named here.

export { MarketingCloudQueueModule } from './marketing-cloud-queue.module.js';
export {
  MARKETING_CLOUD_QUEUE_ASYNC_OPTIONS_TYPE,
  MARKETING_CLOUD_QUEUE_OPTIONS_TYPE,
  type MarketingCloudQueueModuleExtras,
  type MarketingCloudQueueOptionsFactory,
} from './marketing-cloud-queue.module-definition.js';
export {
  MARKETING_CLOUD_QUEUE_MODULE_OPTIONS,
  MARKETING_CLOUD_QUEUE_OPTIONS,
} from './queue.constants.js';
export {
  MARKETING_CLOUD_QUEUE_DEFAULTS,
  type MarketingCloudQueueOptions,
  type MarketingCloudQueueRetryOptions,
  type MarketingCloudQueueWorkerOptions,
} from './queue-module-options.js';
export { MAX_FAILED_PAGE, TriggeredSendQueue } from './triggered-send-queue.js';
export type { EnqueueOptions, EnqueueResult, TriggeredSendJobStatus } from './job-status.js';
export type {
  TriggeredSendLocalWorkerState,
  TriggeredSendQueueCounts,
  TriggeredSendQueueHealth,
} from './queue-health.js';
export { MAX_IDEMPOTENCY_KEY_LENGTH, type SendFailure } from './send-job.js';
export { MarketingCloudIdempotencyConflictError } from './marketing-cloud-idempotency-conflict.error.js';
export { MarketingCloudQueueUnavailableError } from './marketing-cloud-queue-unavailable.error.js';
export { MarketingCloudSendInterruptedError } from './marketing-cloud-send-interrupted.error.js';
