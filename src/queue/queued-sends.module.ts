import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { MarketingCloudQueueModule } from 'nestjs-marketing-cloud/queue';
import { queueConcurrencyFrom } from './queue-concurrency.js';
import { QueuedSendsController } from './queued-sends.controller.js';

/**
 * The queue of the sample app, on the Redis of REDIS_URL, with a worker in the same process
 * (QUEUE_CONCURRENCY sends at once, default 8; empty means the default). Needs the global MarketingCloudModule.
 */
@Module({
  imports: [
    MarketingCloudQueueModule.forRootAsync({
      // Global so that /health (HealthModule) sees the queue too.
      isGlobal: true,
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        connection: config.getOrThrow<string>('REDIS_URL'),
        worker: { concurrency: queueConcurrencyFrom(config.get<string>('QUEUE_CONCURRENCY')) },
      }),
    }),
  ],
  controllers: [QueuedSendsController],
})
export class QueuedSendsModule {}

/** The queue only when REDIS_URL is set: `npm start` needs no Redis. */
export function queueImports(env: NodeJS.ProcessEnv = process.env): DynamicModule[] {
  return env.REDIS_URL?.trim() ? [{ module: QueuedSendsModule }] : [];
}
