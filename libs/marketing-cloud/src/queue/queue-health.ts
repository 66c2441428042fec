/**
 * What TriggeredSendQueue.health() reports, for a health check or a dashboard. No BullMQ type in it:
 * the terminus indicator (nestjs-marketing-cloud/health) reads it without importing bullmq.
 */

/** Jobs per state: the queue's depth. */
export interface TriggeredSendQueueCounts {
  readonly waiting: number;
  readonly delayed: number;
  readonly active: number;
  readonly completed: number;
  readonly failed: number;
}

/** This process's worker (absent with `worker: false`). */
export interface TriggeredSendLocalWorkerState {
  /** Taking jobs: started and not closed. */
  readonly running: boolean;
  readonly concurrency: number;
  /** The cap this worker applies (its own `worker.rateLimit`, or the one stored by another process). */
  readonly rateLimit?: { readonly max: number; readonly durationMs: number };
}

export interface TriggeredSendQueueHealth {
  readonly counts: TriggeredSendQueueCounts;
  /** Workers connected to this queue, in every process (BullMQ's worker list, read from Redis). */
  readonly workers: number;
  /** Milliseconds left of a queue-wide pause after a 429 `Retry-After` (0: not paused). */
  readonly rateLimitedForMs: number;
  readonly localWorker?: TriggeredSendLocalWorkerState;
}
