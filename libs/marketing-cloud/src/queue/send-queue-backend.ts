import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis, type RedisOptions } from 'ioredis';
import { MARKETING_CLOUD_QUEUE_OPTIONS } from './queue.constants.js';
import type { ResolvedQueueOptions } from './queue-module-options.js';
import type { SendJobData, SendJobResult } from './send-job.js';
import { closeRedisClient } from '../redis/close-redis-client.js';
import { whenRedisReady } from '../redis/when-redis-ready.js';
import { SendAttemptMarker } from './send-attempt-marker.js';

/** How often a lasting Redis outage is logged (each reconnect attempt would otherwise log). */
const ERROR_LOG_INTERVAL_MS = 10_000;

/** A new ioredis client for the configured server, with the module's own settings on top. */
export function createRedisClient(
  connection: string | RedisOptions,
  overrides: RedisOptions,
  logger: Logger,
): Redis {
  const client =
    typeof connection === 'string'
      ? new Redis(connection, overrides)
      : new Redis({ ...connection, ...overrides });
  let lastLogged = 0;
  // Without a listener, ioredis prints every failed reconnect; one line per interval is enough.
  client.on('error', (error: Error & { code?: string }) => {
    const now = Date.now();
    if (now - lastLogged < ERROR_LOG_INTERVAL_MS) return;
    lastLogged = now;
    logger.warn(`Redis connection problem: ${error.code ?? error.name}.`);
  });
  return client;
}

/**
 * The queue's Redis side for this process: the BullMQ Queue (enqueue, status, rate limit) over one
 * connection that fails fast (no offline queue: a command while Redis is down is refused at once),
 * and the crash-safety marker. Closed on application shutdown, after the worker.
 */
@Injectable()
export class SendQueueBackend implements OnModuleInit, OnApplicationShutdown {
  readonly redis: Redis;
  readonly marker: SendAttemptMarker;
  private bullQueue: Queue<SendJobData, SendJobResult> | undefined;
  private readonly logger = new Logger('MarketingCloudQueue');

  constructor(@Inject(MARKETING_CLOUD_QUEUE_OPTIONS) readonly options: ResolvedQueueOptions) {
    this.redis = createRedisClient(
      options.connection,
      {
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        connectTimeout: options.enqueueTimeoutMs,
      },
      this.logger,
    );
    this.marker = new SendAttemptMarker(
      this.redis,
      (name) => `${options.prefix}:${options.queueName}:${name}`,
    );
  }

  /** Gives Redis a moment to answer at start-up; a server that is down does not stop the app. */
  async onModuleInit(): Promise<void> {
    await this.queue().catch(() => {});
  }

  /**
   * The BullMQ Queue, made once the connection is up: BullMQ checks the server at creation, and
   * with no offline queue that check fails on a connection still opening (and stays failed).
   */
  async queue(): Promise<Queue<SendJobData, SendJobResult>> {
    if (this.bullQueue) return this.bullQueue;
    await whenRedisReady(this.redis, this.options.enqueueTimeoutMs);
    if (!this.bullQueue) {
      this.bullQueue = new Queue<SendJobData, SendJobResult>(this.options.queueName, {
        connection: this.redis,
        prefix: this.options.prefix,
      });
      // A Queue re-emits its connection's errors; the client already logs them.
      this.bullQueue.on('error', () => {});
    }
    return this.bullQueue;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.bullQueue?.close().catch(() => {});
    await closeRedisClient(this.redis);
  }
}
