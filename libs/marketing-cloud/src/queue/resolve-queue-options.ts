import { queueConfigurationMessage } from './queue-messages.js';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import {
  MARKETING_CLOUD_QUEUE_DEFAULTS,
  type MarketingCloudQueueOptions,
  type ResolvedQueueOptions,
  type ResolvedQueueWorkerOptions,
} from './queue-module-options.js';

const KNOWN = new Set([
  'connection',
  'queueName',
  'prefix',
  'idempotencyWindowSeconds',
  'enqueueTimeoutMs',
  'retry',
  'worker',
]);
/** BullMQ refuses `:` in names; keep names to what reads well in Redis keys. */
const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks a whole number in [min, max]; returns the value or the default, pushing a problem if bad. */
function integer(
  problems: string[],
  name: string,
  value: unknown,
  min: number,
  max: number,
  fallback: number,
): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    problems.push(`${name} must be a whole number from ${min} to ${max}.`);
    return fallback;
  }
  return value as number;
}

function resolveWorker(problems: string[], input: unknown): ResolvedQueueWorkerOptions | undefined {
  if (input === false) return undefined;
  const defaults = MARKETING_CLOUD_QUEUE_DEFAULTS.worker;
  if (input !== undefined && !isRecord(input)) {
    problems.push(
      'worker must be an object of worker options, or false for no worker in this process.',
    );
    return undefined;
  }
  const worker = input ?? {};
  let rateLimit: ResolvedQueueWorkerOptions['rateLimit'];
  if (worker.rateLimit !== undefined) {
    if (!isRecord(worker.rateLimit)) {
      problems.push('worker.rateLimit must be { max, durationMs }.');
    } else {
      rateLimit = {
        max: integer(problems, 'worker.rateLimit.max', worker.rateLimit.max, 1, 1_000_000, 1),
        durationMs: integer(
          problems,
          'worker.rateLimit.durationMs',
          worker.rateLimit.durationMs,
          1,
          3_600_000,
          1000,
        ),
      };
    }
  }
  return {
    concurrency: integer(
      problems,
      'worker.concurrency',
      worker.concurrency,
      1,
      1000,
      defaults.concurrency,
    ),
    rateLimit,
    lockDurationMs: integer(
      problems,
      'worker.lockDurationMs',
      worker.lockDurationMs,
      1000,
      600_000,
      defaults.lockDurationMs,
    ),
    stalledIntervalMs: integer(
      problems,
      'worker.stalledIntervalMs',
      worker.stalledIntervalMs,
      500,
      600_000,
      defaults.stalledIntervalMs,
    ),
    maxRateLimitPauseMs: integer(
      problems,
      'worker.maxRateLimitPauseMs',
      worker.maxRateLimitPauseMs,
      1000,
      3_600_000,
      defaults.maxRateLimitPauseMs,
    ),
  };
}

/**
 * Validates the queue's options and applies the defaults. Throws a MarketingCloudConfigurationError
 * naming every invalid field; the message never holds a value (a connection URL may hold a password).
 */
export function resolveQueueOptions(input: unknown): ResolvedQueueOptions {
  if (!isRecord(input)) {
    const problems = ['queue options must be an object with at least { connection }.'];
    throw new MarketingCloudConfigurationError(queueConfigurationMessage(problems), problems);
  }
  const options = input as Partial<MarketingCloudQueueOptions> & Record<string, unknown>;
  const problems = Object.keys(options)
    .filter((key) => !KNOWN.has(key))
    .map((key) => `${key} is not a known queue option; check its spelling against the README.`);
  const { connection } = options;
  if (
    !(typeof connection === 'string' && /^rediss?:\/\//.test(connection)) &&
    !isRecord(connection)
  ) {
    problems.push(
      'connection is required: a redis:// or rediss:// URL, or ioredis options such as { host, port }.',
    );
  }
  const defaults = MARKETING_CLOUD_QUEUE_DEFAULTS;
  for (const key of ['queueName', 'prefix'] as const) {
    if (
      options[key] !== undefined &&
      !(typeof options[key] === 'string' && NAME.test(options[key]))
    ) {
      problems.push(`${key} must be 1 to 64 letters, digits, '_', '.' or '-'.`);
    }
  }
  const retry = isRecord(options.retry) ? options.retry : {};
  if (options.retry !== undefined && !isRecord(options.retry)) {
    problems.push('retry must be { maxAttempts?, baseDelayMs? }.');
  }
  const resolved: ResolvedQueueOptions = {
    connection: connection as ResolvedQueueOptions['connection'],
    queueName: options.queueName ?? defaults.queueName,
    prefix: options.prefix ?? defaults.prefix,
    idempotencyWindowSeconds: integer(
      problems,
      'idempotencyWindowSeconds',
      options.idempotencyWindowSeconds,
      60,
      30 * 86_400,
      defaults.idempotencyWindowSeconds,
    ),
    enqueueTimeoutMs: integer(
      problems,
      'enqueueTimeoutMs',
      options.enqueueTimeoutMs,
      50,
      60_000,
      defaults.enqueueTimeoutMs,
    ),
    retry: {
      maxAttempts: integer(
        problems,
        'retry.maxAttempts',
        retry.maxAttempts,
        1,
        50,
        defaults.retry.maxAttempts,
      ),
      baseDelayMs: integer(
        problems,
        'retry.baseDelayMs',
        retry.baseDelayMs,
        0,
        600_000,
        defaults.retry.baseDelayMs,
      ),
    },
    worker: resolveWorker(problems, options.worker),
  };
  if (problems.length > 0) {
    throw new MarketingCloudConfigurationError(queueConfigurationMessage(problems), problems);
  }
  return resolved;
}
