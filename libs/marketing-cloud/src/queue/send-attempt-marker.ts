import type { Redis } from 'ioredis';

/**
 * The crash-safety marker: written in Redis (and awaited) just before a job's send request is
 * made, under the job's BullMQ lock. A job that starts again and finds the marker was interrupted
 * after it may have reached Marketing Cloud (the worker died or lost its lock): it must not be sent
 * blindly. A failure that certainly sent nothing removes the marker before the job is retried.
 */
export type MarkerClaim =
  /** No earlier attempt may have sent it: go ahead. */
  | 'claimed'
  /** An earlier attempt may have sent it. */
  | 'already-started'
  /** This worker no longer holds the job's lock (another worker has it, or it stalled): do nothing. */
  | 'lock-lost';

/** Atomically: the caller still holds the job lock, and no marker exists yet; then write it. */
const CLAIM = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return 1 end
return 0`;

/** Removes the marker only if this attempt wrote it. */
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

export class SendAttemptMarker {
  constructor(
    private readonly redis: Redis,
    /** BullMQ's key of a job: `{prefix}:{queue}:{jobId}`. */
    private readonly jobKey: (jobId: string) => string,
    private readonly ttlMs: number,
  ) {}

  private markerKey(jobId: string): string {
    return `${this.jobKey(jobId)}:mc-send-started`;
  }

  async claim(jobId: string, lockToken: string): Promise<MarkerClaim> {
    const result = await this.redis.eval(
      CLAIM,
      2,
      `${this.jobKey(jobId)}:lock`,
      this.markerKey(jobId),
      lockToken,
      String(this.ttlMs),
    );
    return result === 1 ? 'claimed' : result === 0 ? 'already-started' : 'lock-lost';
  }

  async release(jobId: string, lockToken: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.markerKey(jobId), lockToken);
  }

  /** Whether an attempt may have sent the job (for jobs BullMQ itself failed, e.g. stalled too often). */
  async isStarted(jobId: string): Promise<boolean> {
    return (await this.redis.exists(this.markerKey(jobId))) === 1;
  }

  /** Forgets the marker: only for an explicit re-enqueue by a person. */
  async clear(jobId: string): Promise<void> {
    await this.redis.del(this.markerKey(jobId));
  }
}
