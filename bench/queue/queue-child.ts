/**
 * A process of its own with MarketingCloudModule and MarketingCloudQueueModule, for tests and runs
 * that need several processes: `worker` mode works on the queue until killed; `enqueue` mode waits
 * for a "go" message, enqueues `count` sends with the same idempotencyKey at once, reports the job
 * ids over IPC and exits; `direct` mode sends without a queue (for comparison). Config: one JSON
 * argument (QueueChildConfig).
 */
import 'reflect-metadata';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_EMULATOR_CLIENT } from 'marketing-cloud-emulator';
import { MarketingCloudModule, TriggeredSendService } from 'nestjs-marketing-cloud';
import {
  MarketingCloudQueueModule,
  TriggeredSendQueue,
  type MarketingCloudQueueWorkerOptions,
} from 'nestjs-marketing-cloud/queue';
import { RedisTokenStore } from 'nestjs-marketing-cloud/redis-token-store';
import { documentedSendBody } from '../../src/messaging/documented-examples.js';

export interface QueueChildConfig {
  /** `direct`: no queue; on "go", sends `count` emails through TriggeredSendService itself. */
  mode: 'worker' | 'enqueue' | 'direct';
  redisUrl: string;
  prefix: string;
  authBaseUrl: string;
  worker?: MarketingCloudQueueWorkerOptions;
  /** worker mode: share one access token through a RedisTokenStore with this key prefix. */
  tokenKeyPrefix?: string;
  /** direct mode: sends in flight at once, and the retry policy's attempts. */
  concurrency?: number;
  maxAttempts?: number;
  /** enqueue / direct mode: how many, with which key and recipient (direct: `address` is a label). */
  count?: number;
  idempotencyKey?: string;
  address?: string;
}

export type QueueChildMessage =
  | { type: 'ready'; pid: number }
  | { type: 'enqueued'; jobIds: string[]; errors: string[] }
  | { type: 'direct-done'; sent: number; failed: number };

const config = JSON.parse(process.argv[2] ?? '{}') as QueueChildConfig;

const queueModule = MarketingCloudQueueModule.forRoot({
  connection: config.redisUrl,
  prefix: config.prefix,
  retry: { maxAttempts: 5, baseDelayMs: 100 },
  worker: config.mode === 'worker' ? (config.worker ?? {}) : false,
});

const marketingCloudModule = MarketingCloudModule.forRoot({
  authBaseUrl: config.authBaseUrl,
  clientId: DEFAULT_EMULATOR_CLIENT.clientId,
  clientSecret: DEFAULT_EMULATOR_CLIENT.clientSecret,
  ...(config.maxAttempts && { retry: { maxAttempts: config.maxAttempts, baseDelayMs: 100 } }),
  ...(config.tokenKeyPrefix && {
    tokenStore: new RedisTokenStore({
      connection: config.redisUrl,
      keyPrefix: config.tokenKeyPrefix,
    }),
  }),
});

// A process that only enqueues needs no MarketingCloudModule (nor its HTTP stack); one that sends
// directly needs no queue.
@Module({
  imports: {
    worker: [marketingCloudModule, queueModule],
    enqueue: [queueModule],
    direct: [marketingCloudModule],
  }[config.mode],
})
class QueueChildModule {}

/** direct mode: `count` sends, `concurrency` at a time, each with the module's own retries. */
async function sendDirectly(app: INestApplicationContext): Promise<void> {
  const sends = app.get(TriggeredSendService);
  let next = 0;
  let sent = 0;
  let failed = 0;
  const count = config.count ?? 1;
  await Promise.all(
    Array.from({ length: config.concurrency ?? 8 }, async () => {
      while (next < count) {
        const address = `${config.address ?? 'direct'}-${next++}@example.com`;
        await sends
          .send('key:external_key', { To: { Address: address, SubscriberKey: address } })
          .then(
            () => (sent += 1),
            () => (failed += 1),
          );
      }
    }),
  );
  process.send?.({ type: 'direct-done', sent, failed } satisfies QueueChildMessage);
}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(QueueChildModule, { logger: false });
  app.enableShutdownHooks();
  // Whoever started this process is gone (killed): a worker must not live on as an orphan.
  process.once('disconnect', () => process.exit(1));
  process.send?.({ type: 'ready', pid: process.pid } satisfies QueueChildMessage);
  if (config.mode === 'worker') return;
  await new Promise<void>((resolve) => process.once('message', () => resolve()));
  if (config.mode === 'direct') {
    await sendDirectly(app);
    await app.close();
    process.removeAllListeners('disconnect');
    process.disconnect?.();
    return;
  }
  const queue = app.get(TriggeredSendQueue);
  const body = documentedSendBody();
  const request = { ...body, To: { ...body.To, Address: config.address ?? 'dedupe@example.com' } };
  const outcomes = await Promise.allSettled(
    Array.from({ length: config.count ?? 1 }, () =>
      queue.enqueue('key:external_key', request, { idempotencyKey: config.idempotencyKey ?? 'k' }),
    ),
  );
  const jobIds = outcomes.flatMap((outcome) =>
    outcome.status === 'fulfilled' ? [outcome.value.jobId] : [],
  );
  const errors = outcomes.flatMap((outcome) =>
    outcome.status === 'rejected' ? [String(outcome.reason)] : [],
  );
  process.send?.({ type: 'enqueued', jobIds, errors } satisfies QueueChildMessage);
  await app.close();
  process.removeAllListeners('disconnect');
  process.disconnect?.();
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
