import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { validationErrorMessage } from '../errors/error-messages.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from '../errors/marketing-cloud-validation.error.js';
import { definitionPathSegment } from '../triggered-send/triggered-send-definition.js';
import type { TriggeredSendRequest } from '../triggered-send/triggered-send-request.dto.js';
import { validateAll } from '../triggered-send/validate-call.js';
import { validateSendRequest } from '../triggered-send/validate-send-request.js';
import type { EnqueueOptions, EnqueueResult, TriggeredSendJobStatus } from './job-status.js';
import type { TriggeredSendQueueCounts, TriggeredSendQueueHealth } from './queue-health.js';
import { MarketingCloudIdempotencyConflictError } from './marketing-cloud-idempotency-conflict.error.js';
import { MarketingCloudQueueUnavailableError } from './marketing-cloud-queue-unavailable.error.js';
import { MarketingCloudSendInterruptedError } from './marketing-cloud-send-interrupted.error.js';
import {
  idempotencyKeyMessage,
  maybeSentRetryMessage,
  notRetriableMessage,
  queueUnavailableMessage,
} from './queue-messages.js';
import {
  jobIdForKey,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  sendFingerprint,
  type SendFailure,
  type SendJobData,
  type SendJobResult,
} from './send-job.js';
import { SendQueueBackend } from './send-queue-backend.js';
import { TriggeredSendWorker } from './triggered-send-worker.js';

/** BullMQ's largest priority. */
const MAX_PRIORITY = 2_097_151;
const MAX_DELAY_MS = 30 * 86_400_000;
/** The most failed jobs one `listFailed` call returns. */
export const MAX_FAILED_PAGE = 100;
const JOB_ID = /^send-[0-9a-f]{40}$/;

function violation(path: string, rule: string, message: string): MarketingCloudViolation {
  return { path, rule, message };
}

function invalid(
  what: string,
  violations: MarketingCloudViolation[],
): MarketingCloudValidationError {
  return new MarketingCloudValidationError(validationErrorMessage(what, violations), violations);
}

function notRetriable(jobId: string, state: string): MarketingCloudValidationError {
  return invalid('retry request', [
    violation('jobId', 'isFailedJob', notRetriableMessage(jobId, state)),
  ]);
}

function maybeSentRefusal(jobId: string): MarketingCloudValidationError {
  return invalid('retry request', [
    violation('options.evenIfMaybeSent', 'confirmMaybeSent', maybeSentRetryMessage(jobId)),
  ]);
}

/** A BullMQ state in the words of TriggeredSendJobStatus. */
function publicState(state: string): string {
  if (state === 'completed') return 'sent';
  if (state === 'failed' || state === 'active' || state === 'unknown') return state;
  return 'waiting';
}

/** Reads only the documented enqueue options. */
function validateEnqueueOptions(
  options: unknown,
): Required<Pick<EnqueueOptions, 'idempotencyKey'>> & Pick<EnqueueOptions, 'delayMs' | 'priority'> {
  const { idempotencyKey, delayMs, priority } = (
    typeof options === 'object' && options !== null ? options : {}
  ) as Record<string, unknown>;
  const violations: MarketingCloudViolation[] = [];
  if (
    typeof idempotencyKey !== 'string' ||
    idempotencyKey.trim() === '' ||
    idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH
  ) {
    violations.push(
      violation(
        'options.idempotencyKey',
        'isIdempotencyKey',
        idempotencyKeyMessage(MAX_IDEMPOTENCY_KEY_LENGTH),
      ),
    );
  }
  if (
    delayMs !== undefined &&
    !(Number.isInteger(delayMs) && (delayMs as number) >= 0 && (delayMs as number) <= MAX_DELAY_MS)
  ) {
    violations.push(
      violation(
        'options.delayMs',
        'isDelay',
        `options.delayMs must be a whole number of milliseconds from 0 to ${MAX_DELAY_MS}`,
      ),
    );
  }
  if (
    priority !== undefined &&
    !(
      Number.isInteger(priority) &&
      (priority as number) >= 1 &&
      (priority as number) <= MAX_PRIORITY
    )
  ) {
    violations.push(
      violation(
        'options.priority',
        'isPriority',
        `options.priority must be a whole number from 1 to ${MAX_PRIORITY}`,
      ),
    );
  }
  if (violations.length > 0) throw invalid('enqueue options', violations);
  return {
    idempotencyKey: idempotencyKey as string,
    ...(delayMs !== undefined && { delayMs: delayMs as number }),
    ...(priority !== undefined && { priority: priority as number }),
  };
}

/**
 * Durable triggered sends. `enqueue` validates the send exactly as `TriggeredSendService.send` does
 * (a bad request is never queued), stores it in Redis and resolves with its job id; workers (in this
 * process or others) send it. See the README, "Queued sends", for what is retried and what is not.
 */
@Injectable()
export class TriggeredSendQueue {
  constructor(
    private readonly backend: SendQueueBackend,
    private readonly worker: TriggeredSendWorker,
  ) {}

  async enqueue(
    definition: string,
    request: TriggeredSendRequest,
    options: EnqueueOptions,
  ): Promise<EnqueueResult> {
    const [, body, enqueueOptions] = validateAll(
      'send request',
      () => definitionPathSegment(definition),
      () => validateSendRequest(request),
      () => validateEnqueueOptions(options),
    );
    // A plain copy: what JSON carries, as the worker will read it back.
    const plain = JSON.parse(JSON.stringify(body)) as TriggeredSendRequest;
    const fingerprint = sendFingerprint(definition, plain);
    const jobId = jobIdForKey(enqueueOptions.idempotencyKey);
    const { retry, idempotencyWindowSeconds } = this.backend.options;
    const stored = await this.redis(async () => {
      await (
        await this.backend.queue()
      ).add(
        'send',
        { definition, request: plain, fingerprint },
        {
          jobId,
          delay: enqueueOptions.delayMs,
          priority: enqueueOptions.priority,
          attempts: retry.maxAttempts,
          backoff: { type: 'exponential', delay: retry.baseDelayMs, jitter: 0.5 },
          removeOnComplete: { age: idempotencyWindowSeconds },
          removeOnFail: { age: idempotencyWindowSeconds },
        },
      );
      // BullMQ adds nothing when the id exists; read back what the id holds to compare the sends.
      return (await this.backend.queue()).getJob(jobId);
    });
    if (stored && stored.data.fingerprint !== fingerprint) {
      throw new MarketingCloudIdempotencyConflictError();
    }
    return { jobId };
  }

  /** Where the job is, or undefined when no job has this id (never enqueued, or past the window). */
  async getStatus(jobId: string): Promise<TriggeredSendJobStatus | undefined> {
    if (typeof jobId !== 'string' || !JOB_ID.test(jobId)) return undefined;
    return this.redis(async () => {
      const queue = await this.backend.queue();
      // State first: a job's hash is updated in the same atomic step that moves it, so a job read
      // after its state is at least as new (read the other way round, a "failed" state could come
      // with the hash of the attempt still running).
      const state = await queue.getJobState(jobId);
      if (state === 'unknown') return undefined;
      const job = await queue.getJob(jobId);
      return job ? this.statusOf(job, state) : undefined;
    });
  }

  /** Failed jobs, newest first, with their reasons: `count` (at most 100) from `start`. */
  async listFailed(start = 0, count = 20): Promise<TriggeredSendJobStatus[]> {
    const from = Math.max(0, Math.floor(start));
    const size = Math.min(MAX_FAILED_PAGE, Math.max(1, Math.floor(count)));
    return this.redis(async () => {
      const jobs = await (await this.backend.queue()).getFailed(from, from + size - 1);
      // A job removed between the list and its read comes back undefined: it is left out.
      const present = (jobs as (Job<SendJobData, SendJobResult> | undefined)[]).filter(
        (job): job is Job<SendJobData, SendJobResult> => job !== undefined,
      );
      return Promise.all(present.map((job) => this.statusOf(job, 'failed')));
    });
  }

  /**
   * Enqueues a failed job again, on a person's explicit request. A job that may have been sent is
   * only enqueued again with `{ evenIfMaybeSent: true }`: the recipient may get the email twice.
   * A job that is not failed (any more: a concurrent retry re-enqueued it) is refused with a
   * MarketingCloudValidationError (`jobId`, `isFailedJob`); the re-enqueued job starts with no
   * failure record.
   */
  async retryFailed(jobId: string, options: { evenIfMaybeSent?: boolean } = {}): Promise<void> {
    const evenIfMaybeSent = options.evenIfMaybeSent === true;
    const status = await this.getStatus(jobId);
    if (status?.state !== 'failed') throw notRetriable(jobId, status?.state ?? 'unknown');
    if (status.error.maybeSent && !evenIfMaybeSent) throw maybeSentRefusal(jobId);
    await this.redis(async () => {
      const queue = await this.backend.queue();
      const job = await queue.getJob(jobId);
      if (!job) throw notRetriable(jobId, 'unknown');
      // Its data without the last failure: the new attempts write their own.
      const { failure: _failure, ...data } = job.data;
      // Checked and cleared in one step while the job is failed: a concurrent retry cannot clear
      // the marker of an attempt that began after this one re-enqueued the job.
      const clearance = await this.backend.marker.clearForRetry(
        jobId,
        JSON.stringify(data),
        evenIfMaybeSent,
      );
      if (clearance === 'maybe-sent') throw maybeSentRefusal(jobId);
      if (clearance === 'not-failed') {
        throw notRetriable(jobId, publicState(await queue.getJobState(jobId)));
      }
      try {
        await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      } catch (error) {
        // BullMQ refuses (-3) a job another call re-enqueued in the meantime: not a Redis problem.
        const state = await queue.getJobState(jobId);
        if (state !== 'failed') throw notRetriable(jobId, publicState(state));
        throw error;
      }
    });
  }

  /** Queue depth, for health checks and dashboards. */
  async counts(): Promise<TriggeredSendQueueCounts> {
    return this.redis(() => this.readCounts());
  }

  /**
   * Depth, workers connected in every process, a queue-wide 429 pause, and this process's worker:
   * for the terminus indicator (MarketingCloudQueueHealthIndicator) or a dashboard. Bounded by
   * `enqueueTimeoutMs`; Redis down is a retryable MarketingCloudQueueUnavailableError.
   */
  async health(): Promise<TriggeredSendQueueHealth> {
    return this.redis(async () => {
      const queue = await this.backend.queue();
      const [counts, workers, rateLimitTtl] = await Promise.all([
        this.readCounts(),
        queue.getWorkersCount(),
        // Only a 429 pause, which holds the limiter key at MAX_SAFE_INTEGER: the ordinary window of
        // `worker.rateLimit` is not a pause.
        queue.getRateLimitTtl(Number.MAX_SAFE_INTEGER),
      ]);
      const localWorker = this.worker.state();
      return {
        counts,
        workers,
        // BullMQ answers a negative TTL when no pause is set.
        rateLimitedForMs: Math.max(0, rateLimitTtl),
        ...(localWorker && { localWorker }),
      };
    });
  }

  /**
   * Lifts the queue-wide cap that a worker's `worker.rateLimit` stored in Redis (it stays there when
   * the option is removed from the configuration). Workers already running keep theirs until they
   * restart.
   */
  async removeRateLimit(): Promise<void> {
    await this.redis(async () => {
      await (await this.backend.queue()).removeGlobalRateLimit();
    });
  }

  private async readCounts(): Promise<TriggeredSendQueueCounts> {
    const counts = await (
      await this.backend.queue()
    ).getJobCounts('waiting', 'delayed', 'prioritized', 'active', 'completed', 'failed');
    return {
      waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
      delayed: counts.delayed ?? 0,
      active: counts.active ?? 0,
      completed: counts.completed ?? 0,
      failed: counts.failed ?? 0,
    };
  }

  private async statusOf(
    job: Job<SendJobData, SendJobResult>,
    state: string,
  ): Promise<TriggeredSendJobStatus> {
    const jobId = job.id as string;
    if (state === 'completed') {
      return {
        jobId,
        state: 'sent',
        recipientSendId: job.returnvalue.recipientSendId,
        requestId: job.returnvalue.requestId,
        finishedAt: job.finishedOn,
      };
    }
    if (state === 'failed') {
      return {
        jobId,
        state: 'failed',
        error: await this.failureOf(job),
        attemptsMade: job.attemptsMade,
        finishedAt: job.finishedOn,
      };
    }
    if (state === 'active') return { jobId, state: 'active', attemptsMade: job.attemptsMade };
    return {
      jobId,
      state: 'waiting',
      attemptsMade: job.attemptsMade,
      notBefore: state === 'delayed' ? job.timestamp + (job.delay ?? 0) : undefined,
      lastFailure: job.data.failure,
    };
  }

  /**
   * A failed job's record, corrected by its marker (every attempt that certainly sent nothing
   * removed it): a last attempt whose record was never written (the worker's Redis write failed,
   * or BullMQ failed the job for stalling too often) may still have sent it.
   */
  private async failureOf(job: Job<SendJobData, SendJobResult>): Promise<SendFailure> {
    const recorded = job.data.failure;
    if (recorded?.maybeSent) return recorded;
    if (await this.backend.marker.isStarted(job.id as string)) {
      const interrupted = new MarketingCloudSendInterruptedError();
      return {
        name: interrupted.name,
        message: interrupted.message,
        errorCode: undefined,
        retryable: false,
        maybeSent: true,
      };
    }
    return (
      recorded ?? {
        name: 'MarketingCloudQueueError',
        message: `The queue gave the job up: ${job.failedReason}`,
        errorCode: undefined,
        retryable: true,
        maybeSent: false,
      }
    );
  }

  /** Runs Redis work within `enqueueTimeoutMs`; any failure of Redis is a retryable typed error. */
  private async redis<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeoutMs = this.backend.options.enqueueTimeoutMs;
    try {
      return await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(
                new MarketingCloudQueueUnavailableError(
                  queueUnavailableMessage(`no answer within ${timeoutMs} ms`),
                ),
              ),
            timeoutMs,
          );
        }),
      ]);
    } catch (error) {
      if (error instanceof MarketingCloudError) throw error;
      const reason =
        (error as { code?: string }).code ?? (error as Error).message ?? 'unknown error';
      // Not the raw error: an ioredis error carries the command's arguments (the job's data).
      throw new MarketingCloudQueueUnavailableError(
        queueUnavailableMessage(reason),
        new Error(String(reason)),
      );
    } finally {
      clearTimeout(timer);
    }
  }
}
