import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { MarketingCloudSendInterruptedError } from './marketing-cloud-send-interrupted.error.js';
import type { MarkerClaim } from './send-attempt-marker.js';
import { MARKETING_CLOUD_QUEUE_OPTIONS } from './queue.constants.js';
import { serviceMissingMessage } from './queue-messages.js';
import type { TriggeredSendLocalWorkerState } from './queue-health.js';
import type { ResolvedQueueOptions, ResolvedQueueWorkerOptions } from './queue-module-options.js';
import type { SendJobData, SendJobResult } from './send-job.js';
import {
  decideFailure,
  describeFailure,
  sentNothing,
  type FailureDecision,
} from './send-outcome.js';
import { closeRedisClient } from '../redis/close-redis-client.js';
import { createRedisClient, SendQueueBackend } from './send-queue-backend.js';

/**
 * BullMQ's manual rate limit (a 429 pausing every worker) only works with a limiter configured;
 * without a cap from the user, this one never binds.
 */
const UNBOUNDED_LIMITER = { max: 1_000_000_000, duration: 1000 };
/** A job that stalls this often (its worker keeps dying on it) is failed by BullMQ. */
const MAX_STALLED_COUNT = 10;

/**
 * Sends the queued jobs of this process through TriggeredSendService, one HTTP attempt per job
 * attempt (the queue, not the service, decides retries). See the README, "Queued sends".
 */
@Injectable()
export class TriggeredSendWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('MarketingCloudQueue');
  private worker: Worker<SendJobData, SendJobResult> | undefined;
  private connection: Redis | undefined;
  private service: TriggeredSendService | undefined;
  /** The cap this worker applies: its own, or the one another process stored in Redis. */
  private rateLimit: { max: number; durationMs: number } | undefined;
  /** Set when the app shuts down: a 429 then parks its job instead of pausing this worker. */
  private closing = false;

  constructor(
    private readonly backend: SendQueueBackend,
    private readonly moduleRef: ModuleRef,
    @Inject(MARKETING_CLOUD_QUEUE_OPTIONS) private readonly options: ResolvedQueueOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const settings = this.options.worker;
    if (!settings) return;
    try {
      this.service = this.moduleRef.get(TriggeredSendService, { strict: false });
    } catch {
      const problems = [serviceMissingMessage()];
      throw new MarketingCloudConfigurationError(problems[0]!, problems);
    }
    this.rateLimit = await this.queueWideRateLimit(settings);
    this.start(settings);
  }

  /** This process's worker, for health(): undefined with `worker: false`. */
  state(): TriggeredSendLocalWorkerState | undefined {
    const settings = this.options.worker;
    if (!settings) return undefined;
    return {
      running: this.worker?.isRunning() ?? false,
      concurrency: settings.concurrency,
      ...(this.rateLimit && { rateLimit: this.rateLimit }),
    };
  }

  /** Lets the sends in progress finish (the HTTP client is still open here), then stops. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    await this.worker?.close().catch(() => {});
    if (this.connection) await closeRedisClient(this.connection);
  }

  /**
   * `worker.rateLimit` binds every process only when it is stored in Redis: BullMQ reads the stored
   * `max` in its Lua script, but each worker's own window length. So a worker with the option stores
   * it, and one without takes what is stored. Redis down at start: the worker's own option (it
   * reconnects later; the cap of other processes still binds it through the stored `max`).
   */
  private async queueWideRateLimit(
    settings: ResolvedQueueWorkerOptions,
  ): Promise<{ max: number; durationMs: number } | undefined> {
    try {
      const queue = await this.backend.queue();
      if (settings.rateLimit) {
        await queue.setGlobalRateLimit(settings.rateLimit.max, settings.rateLimit.durationMs);
        return settings.rateLimit;
      }
      const stored = await queue.getGlobalRateLimit();
      return stored ? { max: stored.max, durationMs: stored.duration } : undefined;
    } catch {
      return settings.rateLimit;
    }
  }

  private start(settings: ResolvedQueueWorkerOptions): void {
    // Workers block on Redis and must retry commands forever (BullMQ's requirement).
    this.connection = createRedisClient(
      this.options.connection,
      { maxRetriesPerRequest: null },
      this.logger,
    );
    this.worker = new Worker<SendJobData, SendJobResult>(
      this.options.queueName,
      (job, token) => this.process(job, token ?? job.token ?? ''),
      {
        connection: this.connection,
        prefix: this.options.prefix,
        concurrency: settings.concurrency,
        lockDuration: settings.lockDurationMs,
        stalledInterval: settings.stalledIntervalMs,
        maxStalledCount: MAX_STALLED_COUNT,
        maximumRateLimitDelay: settings.maxRateLimitPauseMs,
        limiter: this.rateLimit
          ? { max: this.rateLimit.max, duration: this.rateLimit.durationMs }
          : UNBOUNDED_LIMITER,
      },
    );
    this.worker.on('error', (error) => this.logger.warn(`Queue worker problem: ${error.name}.`));
  }

  private async process(
    job: Job<SendJobData, SendJobResult>,
    lockToken: string,
  ): Promise<SendJobResult> {
    const jobId = job.id as string;
    let claim: MarkerClaim;
    try {
      claim = await this.backend.marker.claim(jobId, lockToken);
    } catch (error) {
      // Redis may have written the marker and lost only its answer (it went down): nothing was
      // sent, so take the marker back before the job is retried, or the retry would be taken for
      // an interrupted send. If Redis stays away, the marker stays: "may have been sent", honestly.
      await this.releaseWhenRedisIsBack(jobId, lockToken);
      throw error;
    }
    if (claim === 'lock-lost') {
      // Another worker owns the job now; BullMQ will refuse whatever this one reports.
      throw new Error(`lost the lock of job ${jobId} before sending`);
    }
    if (claim === 'already-started') {
      const interrupted = new MarketingCloudSendInterruptedError();
      return this.fail(job, interrupted, { kind: 'maybe-sent' });
    }
    let result;
    try {
      result = await this.service!.send(job.data.definition, job.data.request, { retry: false });
    } catch (error) {
      const decision = decideFailure(error, this.options.worker!.maxRateLimitPauseMs);
      if (sentNothing(decision)) {
        // Nothing was sent: the next attempt may send, and a failed job's marker means "may have been sent".
        await this.backend.marker.release(jobId, lockToken);
      }
      if (decision.kind === 'pause-queue') {
        // Every worker of the queue, in every process, waits; the job goes back without using an attempt.
        await (await this.backend.queue()).rateLimit(decision.pauseMs);
        if (this.closing) {
          // A rate-limit wait that begins after close() is not cut short by BullMQ: the shutdown
          // would sit out the whole pause. Park the job as delayed instead (no attempt used).
          await job.moveToDelayed(Date.now() + decision.pauseMs, lockToken);
          throw new DelayedError();
        }
        throw Worker.RateLimitError();
      }
      return this.fail(job, error, decision);
    }
    return {
      recipientSendId: result.recipientSendId,
      requestId: result.requestId,
      messages: [...result.messages],
    };
  }

  /**
   * Releases this attempt's marker, trying again while Redis is unreachable, for at most the job's
   * lock duration (after that another worker may hold the job, and the marker must stay).
   */
  private async releaseWhenRedisIsBack(jobId: string, lockToken: string): Promise<void> {
    const deadline = Date.now() + (this.options.worker?.lockDurationMs ?? 0);
    for (let delayMs = 50; ; delayMs = Math.min(delayMs * 2, 1_000)) {
      try {
        await this.backend.marker.release(jobId, lockToken);
        return;
      } catch {
        if (Date.now() + delayMs >= deadline) return;
        await sleep(delayMs);
      }
    }
  }

  /** Records the failure on the job, then fails it: retried with backoff, or given up at once. */
  private async fail(
    job: Job<SendJobData, SendJobResult>,
    error: unknown,
    decision: FailureDecision,
  ): Promise<never> {
    const failure = describeFailure(error, decision);
    await job.updateData({ ...job.data, failure });
    if (decision.kind === 'retry') throw error;
    this.logger.warn(
      `Queued send ${String(job.id)} failed with ${failure.name}: ${failure.maybeSent ? 'it may have been sent, so it is not retried' : 'nothing was sent'}.`,
    );
    throw new UnrecoverableError(`${failure.name}: ${failure.message}`);
  }
}
