import type { Redis } from 'ioredis';

/**
 * The crash-safety marker: a field of the job's own BullMQ hash, written (and awaited) just before
 * a job's send request is made, under the job's BullMQ lock. A job that starts again and finds the
 * marker was interrupted after it may have reached Marketing Cloud (the worker died or lost its
 * lock): it must not be sent blindly. Every failure that certainly sent nothing removes the marker,
 * so a failed job that still has it may have been sent.
 *
 * A field, not a key of its own: it lives exactly as long as the job (no expiry of its own, never
 * evicted apart from the job) and goes when BullMQ removes the job. BullMQ's scripts only touch the
 * fields they own, so its retries, delays and stalled-job checks keep it.
 */
export type MarkerClaim =
  /** No earlier attempt may have sent it: go ahead. */
  | 'claimed'
  /** An earlier attempt may have sent it. */
  | 'already-started'
  /** This worker no longer holds the job's lock (another worker has it, or it stalled): do nothing. */
  | 'lock-lost';

/** What `clearForRetry` found. */
export type RetryClearance =
  /** The job is failed and may be enqueued again: its marker and recorded failure are gone. */
  | 'cleared'
  /** The job is not in the failed set (any more): nothing was changed. */
  | 'not-failed'
  /** The job may have been sent and the caller did not confirm: nothing was changed. */
  | 'maybe-sent';

/** The field of the job's hash; BullMQ's own fields are short names without a dash. */
export const MARKER_FIELD = 'mc-send-started';

/** Atomically: the caller still holds the job lock, and no marker exists yet; then write it. */
const CLAIM = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
return redis.call('HSETNX', KEYS[2], ARGV[2], ARGV[1])`;

/** Removes the marker only if this attempt wrote it. */
const RELEASE = `
if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end
return 0`;

/**
 * In one step, only while the job is in the failed set (no worker can hold it): refuse if it may
 * have been sent and the caller did not confirm; else drop the marker and store the data without
 * its failure record. Two concurrent retries never clear a marker written by a newer attempt.
 */
const CLEAR_FOR_RETRY = `
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return 0 end
if ARGV[3] ~= '1' and redis.call('HEXISTS', KEYS[2], ARGV[2]) == 1 then return -1 end
redis.call('HDEL', KEYS[2], ARGV[2])
redis.call('HSET', KEYS[2], 'data', ARGV[4])
return 1`;

export class SendAttemptMarker {
  constructor(
    private readonly redis: Redis,
    /** BullMQ's key of a job, or of one of the queue's sets: `{prefix}:{queue}:{name}`. */
    private readonly queueKey: (name: string) => string,
  ) {}

  async claim(jobId: string, lockToken: string): Promise<MarkerClaim> {
    const result = await this.redis.eval(
      CLAIM,
      2,
      `${this.queueKey(jobId)}:lock`,
      this.queueKey(jobId),
      lockToken,
      MARKER_FIELD,
    );
    return result === 1 ? 'claimed' : result === 0 ? 'already-started' : 'lock-lost';
  }

  async release(jobId: string, lockToken: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.queueKey(jobId), MARKER_FIELD, lockToken);
  }

  /** Whether an attempt may have sent the job (read it for a failed job: none is running then). */
  async isStarted(jobId: string): Promise<boolean> {
    return (await this.redis.hexists(this.queueKey(jobId), MARKER_FIELD)) === 1;
  }

  /**
   * Prepares a failed job for an explicit re-enqueue by a person (see CLEAR_FOR_RETRY).
   * `dataWithoutFailure` is the job's data minus `failure` (the rest never changes).
   */
  async clearForRetry(
    jobId: string,
    dataWithoutFailure: string,
    evenIfMaybeSent: boolean,
  ): Promise<RetryClearance> {
    const result = await this.redis.eval(
      CLEAR_FOR_RETRY,
      2,
      this.queueKey('failed'),
      this.queueKey(jobId),
      jobId,
      MARKER_FIELD,
      evenIfMaybeSent ? '1' : '0',
      dataWithoutFailure,
    );
    return result === 1 ? 'cleared' : result === 0 ? 'not-failed' : 'maybe-sent';
  }
}
