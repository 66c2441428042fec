import { Module, type Provider } from '@nestjs/common';
import { ConfigurableMarketingCloudQueueModule } from './marketing-cloud-queue.module-definition.js';
import {
  MARKETING_CLOUD_QUEUE_MODULE_OPTIONS,
  MARKETING_CLOUD_QUEUE_OPTIONS,
} from './queue.constants.js';
import { resolveQueueOptions } from './resolve-queue-options.js';
import { SendQueueBackend } from './send-queue-backend.js';
import { TriggeredSendQueue } from './triggered-send-queue.js';
import { TriggeredSendWorker } from './triggered-send-worker.js';

/** Options are validated once, here: a bad value fails the application's start-up. */
const resolvedOptionsProvider: Provider = {
  provide: MARKETING_CLOUD_QUEUE_OPTIONS,
  useFactory: resolveQueueOptions,
  inject: [MARKETING_CLOUD_QUEUE_MODULE_OPTIONS],
};

/**
 * Durable triggered sends on BullMQ / Redis. Needs MarketingCloudModule in the same application
 * for its worker (`worker: false` in processes that only enqueue). Configure it with
 * `forRoot(options)` or `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`.
 */
@Module({
  providers: [resolvedOptionsProvider, SendQueueBackend, TriggeredSendQueue, TriggeredSendWorker],
  exports: [TriggeredSendQueue],
})
export class MarketingCloudQueueModule extends ConfigurableMarketingCloudQueueModule {}
