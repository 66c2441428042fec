import type { RedisOptions } from 'ioredis';

/**
 * Options of `MarketingCloudQueueModule.forRoot()` / `forRootAsync()`. Validated once, when the
 * application starts; an invalid value stops start-up with a message naming the field.
 */
export interface MarketingCloudQueueOptions {
  /**
   * The Redis server: a `redis://` / `rediss://` URL, or ioredis options (host, port, password,
   * tls...). Required. The module opens its own connections and closes them on shutdown.
   */
  connection: string | RedisOptions;
  /** The BullMQ queue's name. Every process that enqueues or works on the same sends uses the same. Default `marketing-cloud-sends`. */
  queueName?: string;
  /** Prefix of every Redis key the queue writes (BullMQ's `prefix`). Default `mc`. */
  prefix?: string;
  /**
   * How long the same `idempotencyKey` gives the same job (and at most one email): a finished job,
   * sent or failed, is kept this long. BullMQ removes it lazily, so it may stay a little longer,
   * never shorter. Default 86400 (24 hours).
   */
  idempotencyWindowSeconds?: number;
  /**
   * The longest `enqueue` waits for Redis. When Redis is down, `enqueue` fails at once with a
   * retryable MarketingCloudQueueUnavailableError; this bounds a slow server too. Default 2000 ms.
   */
  enqueueTimeoutMs?: number;
  /** Retries of sends that Marketing Cloud certainly did not act on. See {@link MarketingCloudQueueRetryOptions}. */
  retry?: MarketingCloudQueueRetryOptions;
  /**
   * Run a worker in this process (`{ concurrency, ... }`), or not (`false`: this process only
   * enqueues and reads status, and workers run elsewhere with the same queue name). Default: a worker
   * with the defaults of {@link MarketingCloudQueueWorkerOptions}.
   */
  worker?: MarketingCloudQueueWorkerOptions | false;
}

/** Retries of a queued send, by the queue (each attempt is one HTTP call: the service does not retry it). */
export interface MarketingCloudQueueRetryOptions {
  /** Attempts in all, the first included, for failures where Marketing Cloud certainly did not act (503, no connection, token endpoint down). Default 5. */
  maxAttempts?: number;
  /** First backoff delay; it doubles on each retry (BullMQ exponential backoff, with jitter). Default 1000 ms. */
  baseDelayMs?: number;
}

/** The worker of this process. */
export interface MarketingCloudQueueWorkerOptions {
  /** Sends in progress at once in this process. Default 8. */
  concurrency?: number;
  /**
   * Caps sends across every worker of the queue, in every process: at most `max` sends every
   * `durationMs`. A worker with this option stores the cap in Redis (BullMQ's global rate limit)
   * when it starts; a worker without it, started later, takes the stored cap. Give every worker
   * process the same value: a worker already running when the cap is first stored keeps its own
   * window length. Default: no cap (Marketing Cloud's 429s still pause the whole queue for their
   * `Retry-After`).
   */
  rateLimit?: { max: number; durationMs: number };
  /**
   * How long a job stays locked to a worker that stopped renewing the lock (a crashed process)
   * before another worker takes it over. Default 30000 ms.
   */
  lockDurationMs?: number;
  /** How often workers look for jobs whose lock expired. Default 30000 ms. */
  stalledIntervalMs?: number;
  /** The longest a 429's `Retry-After` pauses the queue; a longer one pauses it this long. Default 60000 ms. */
  maxRateLimitPauseMs?: number;
}

export interface ResolvedQueueWorkerOptions {
  readonly concurrency: number;
  readonly rateLimit: { readonly max: number; readonly durationMs: number } | undefined;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxRateLimitPauseMs: number;
}

/** The queue options after validation and defaults. */
export interface ResolvedQueueOptions {
  readonly connection: string | RedisOptions;
  readonly queueName: string;
  readonly prefix: string;
  readonly idempotencyWindowSeconds: number;
  readonly enqueueTimeoutMs: number;
  readonly retry: { readonly maxAttempts: number; readonly baseDelayMs: number };
  readonly worker: ResolvedQueueWorkerOptions | undefined;
}

export const MARKETING_CLOUD_QUEUE_DEFAULTS = Object.freeze({
  queueName: 'marketing-cloud-sends',
  prefix: 'mc',
  idempotencyWindowSeconds: 86_400,
  enqueueTimeoutMs: 2_000,
  retry: Object.freeze({ maxAttempts: 5, baseDelayMs: 1_000 }),
  worker: Object.freeze({
    concurrency: 8,
    lockDurationMs: 30_000,
    stalledIntervalMs: 30_000,
    maxRateLimitPauseMs: 60_000,
  }),
});
