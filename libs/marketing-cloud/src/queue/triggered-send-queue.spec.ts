import {
  ManualClock,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { DelayedError, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { untilHeld } from '../../../../test/support/eventually.js';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import {
  finalStatus,
  startQueueApp,
  type QueueApp,
} from '../../../../test/support/queue-testing.js';
import {
  startTestRedis,
  uniqueRedisPrefix,
  type TestRedis,
} from '../../../../test/support/redis-server.js';
import { everythingVisible, leakedCanaries } from '../../../../test/support/secrets.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { MarketingCloudIdempotencyConflictError } from './marketing-cloud-idempotency-conflict.error.js';
import { SendQueueBackend } from './send-queue-backend.js';
import { MARKER_FIELD } from './send-attempt-marker.js';
import type { SendJobResult } from './send-job.js';

const DEFINITION = 'key:external_key';
const QUEUE_NAME = 'marketing-cloud-sends';

describe('TriggeredSendQueue over real Redis and the emulator', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let app: QueueApp;
  let prefix: string;
  /** A plain client, to look at (or set up) what the queue keeps in Redis. */
  let inspector: Redis;
  const jobKey = (jobId: string): string => `${prefix}:${QUEUE_NAME}:${jobId}`;

  beforeAll(async () => {
    redis = await startTestRedis();
    inspector = new Redis(redis.url);
    emulator = await startMarketingCloudEmulator({
      deliveryDelayMs: 10,
      excludedAddresses: ['excluded@example.com'],
    });
  });
  afterAll(async () => {
    inspector?.disconnect();
    await emulator.close();
    await redis.stop();
  });

  /** A new app; `samePrefix` keeps the previous app's queue (after closing it, as a restart). */
  async function start(
    worker: Record<string, unknown> | false = {},
    samePrefix = false,
  ): Promise<QueueApp> {
    if (!samePrefix) prefix = uniqueRedisPrefix('queue');
    app = await startQueueApp(emulator, {
      connection: redis.url,
      prefix,
      retry: { maxAttempts: 3, baseDelayMs: 0 },
      worker: worker === false ? false : { concurrency: 4, ...worker },
    });
    return app;
  }
  afterEach(async () => {
    await app?.close();
    emulator.reset();
  });

  it('sends a queued job once and reports it sent with its recipientSendId', async () => {
    const { queue } = await start();
    const { jobId } = await queue.enqueue(DEFINITION, sendBody('one@example.com'), {
      idempotencyKey: 'order-1:receipt',
    });
    const status = await finalStatus(queue, jobId);
    expect(emulator.records.sends).toHaveLength(1);
    expect(status).toMatchObject({
      jobId,
      state: 'sent',
      recipientSendId: emulator.records.sends[0]!.recipientSendId,
      requestId: emulator.records.sends[0]!.requestId,
    });
    expect(emulator.records.sends[0]!.to.address).toBe('one@example.com');
  });

  it('gives one job and one email for the same idempotencyKey enqueued 50 times at once', async () => {
    const { queue } = await start();
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        queue.enqueue(DEFINITION, sendBody('dedupe@example.com'), { idempotencyKey: 'same-key' }),
      ),
    );
    expect(new Set(results.map((result) => result.jobId)).size).toBe(1);
    await finalStatus(queue, results[0]!.jobId);
    // Enqueued again after it was sent, within the window: still the same job, no new email.
    const again = await queue.enqueue(DEFINITION, sendBody('dedupe@example.com'), {
      idempotencyKey: 'same-key',
    });
    expect(again.jobId).toBe(results[0]!.jobId);
    expect(emulator.records.sends).toHaveLength(1);
    expect(await queue.counts()).toMatchObject({ completed: 1, waiting: 0, failed: 0 });
  });

  it('refuses the same idempotencyKey for a different send, and queues nothing new', async () => {
    const { queue } = await start(false);
    await queue.enqueue(DEFINITION, sendBody('a@example.com'), { idempotencyKey: 'k' });
    const error = await queue
      .enqueue(DEFINITION, sendBody('b@example.com'), { idempotencyKey: 'k' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketingCloudIdempotencyConflictError);
    expect(error).toBeInstanceOf(MarketingCloudValidationError);
    expect((error as MarketingCloudValidationError).violations[0]!.path).toBe(
      'options.idempotencyKey',
    );
    expect(await queue.counts()).toMatchObject({ waiting: 1 });
  });

  it('validates before queueing, with the same errors as send', async () => {
    const { queue, moduleRef } = await start(false);
    const bad = { ...sendBody(), To: { Address: 'not-an-address', SubscriberKey: '' } };
    const fromQueue = (await queue
      .enqueue('key:bad key', bad, { idempotencyKey: '' })
      .catch((caught: unknown) => caught)) as MarketingCloudValidationError;
    const fromSend = await moduleRef
      .get(TriggeredSendService)
      .send('key:bad key', bad)
      .catch((caught: unknown) => caught as MarketingCloudValidationError);
    expect(fromQueue).toBeInstanceOf(MarketingCloudValidationError);
    expect(fromQueue.violations).toEqual([
      ...(fromSend as MarketingCloudValidationError).violations,
      expect.objectContaining({ path: 'options.idempotencyKey' }),
    ]);
    const options = (await queue
      .enqueue(DEFINITION, sendBody(), { idempotencyKey: 'x', delayMs: -1, priority: 0 })
      .catch((caught: unknown) => caught)) as MarketingCloudValidationError;
    expect(options.violations.map((violation) => violation.path)).toEqual([
      'options.delayMs',
      'options.priority',
    ]);
    expect(await queue.counts()).toMatchObject({ waiting: 0, delayed: 0 });
    expect(emulator.counters.sendRequests).toBe(0);
  });

  it('retries a send Marketing Cloud certainly did not take (503), then sends it once', async () => {
    const { queue } = await start();
    emulator.faults.inject({
      route: 'send',
      times: 2,
      action: { type: 'respond', status: 503, body: {} },
    });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'retry-503' });
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    expect(emulator.counters.sendRequests).toBe(3);
    expect(emulator.records.sends).toHaveLength(1);
  });

  it('fails a refused send at once: nothing sent, not retried', async () => {
    const { queue } = await start();
    const refused = {
      ...sendBody('excluded@example.com'),
      Options: { RequestType: 'SYNC' as const },
    };
    const { jobId } = await queue.enqueue(DEFINITION, refused, { idempotencyKey: 'refused' });
    const status = await finalStatus(queue, jobId);
    expect(status).toMatchObject({
      state: 'failed',
      attemptsMade: 1,
      error: {
        name: 'MarketingCloudNoValidSubscribersError',
        retryable: false,
        maybeSent: false,
      },
    });
    expect(emulator.counters.sendRequests).toBe(1);
    // A refusal sent nothing, so it removed its marker: a failed job's marker means "may have been sent".
    expect(await inspector.hexists(jobKey(jobId), MARKER_FIELD)).toBe(0);
  });

  it('fails an ambiguous send (connection reset after Marketing Cloud took it) as "may have been sent", never retried', async () => {
    const { queue } = await start();
    emulator.faults.inject({ route: 'send', action: { type: 'reset', afterProcessing: true } });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'ambiguous' });
    const status = await finalStatus(queue, jobId);
    expect(status).toMatchObject({
      state: 'failed',
      error: { name: 'MarketingCloudUnavailableError', retryable: false, maybeSent: true },
    });
    expect(emulator.counters.sendRequests).toBe(1);
    expect(await queue.listFailed()).toEqual([status]);
    // Re-enqueued only when a person says so, knowing it may email twice.
    await expect(queue.retryFailed(jobId)).rejects.toBeInstanceOf(MarketingCloudValidationError);
    await queue.retryFailed(jobId, { evenIfMaybeSent: true });
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    expect(emulator.records.sends).toHaveLength(2);
  });

  it('pauses the whole queue for a 429 Retry-After, without using an attempt', async () => {
    const { queue, moduleRef } = await start({ concurrency: 1 });
    // Far longer than the test: the pause cannot end by itself before the asserts below.
    emulator.faults.inject({
      route: 'send',
      action: { type: 'rate-limit', retryAfterSeconds: 60 },
    });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'throttled' });
    const limiterKey = `${prefix}:${QUEUE_NAME}:limiter`;
    // The pause is the queue's, in Redis (so every worker of every process sees it), not this worker's.
    await vi.waitFor(
      async () => {
        expect(emulator.counters.sendRequests).toBe(1);
        expect(await queue.getStatus(jobId)).toMatchObject({ state: 'waiting', attemptsMade: 0 });
      },
      { timeout: 10_000, interval: 10 },
    );
    expect(await inspector.get(limiterKey)).toBe(String(Number.MAX_SAFE_INTEGER));
    expect(await inspector.pttl(limiterKey)).toBeGreaterThan(30_000);
    expect((await queue.health()).rateLimitedForMs).toBeGreaterThan(30_000);
    // End the pause explicitly: lift it in Redis, then restart the worker (this one sleeps it out
    // in-process, as BullMQ does); the job was kept and is sent once.
    await (await moduleRef.get(SendQueueBackend).queue()).removeRateLimitKey();
    await app.close();
    const restarted = await start({ concurrency: 1 }, true);
    expect(await finalStatus(restarted.queue, jobId)).toMatchObject({ state: 'sent' });
    expect(emulator.counters.sendRequests).toBe(2);
    expect(emulator.records.sends).toHaveLength(1);
  });

  it('a 429 that comes while the app closes does not hold the shutdown for the pause: the job waits, unattempted', async () => {
    const clock = new ManualClock();
    const held = await startMarketingCloudEmulator({ clock, latencyMs: 100 });
    const heldPrefix = uniqueRedisPrefix('closing-429');
    const closing = await startQueueApp(held, {
      connection: redis.url,
      prefix: heldPrefix,
      worker: { concurrency: 1, maxRateLimitPauseMs: 60_000 },
    });
    try {
      held.faults.inject({ route: 'send', action: { type: 'rate-limit', retryAfterSeconds: 60 } });
      const { jobId } = await closing.queue.enqueue(DEFINITION, sendBody(), {
        idempotencyKey: 'throttled-while-closing',
      });
      await untilHeld(clock, 1); // the token request
      clock.advance(100);
      await untilHeld(clock, 1); // the send, on the wire
      const closed = closing.close();
      clock.advance(100); // its 429 comes while the app closes
      // Before: BullMQ sat out the 60 s pause before closing (its wait began after close()).
      await closed;
      app = await startQueueApp(emulator, {
        connection: redis.url,
        prefix: heldPrefix,
        worker: false,
      });
      const status = await app.queue.getStatus(jobId);
      expect(status).toMatchObject({ state: 'waiting', attemptsMade: 0 });
      // Delayed for the pause (60 s), so that no worker elsewhere sends it earlier either.
      expect((status as { notBefore?: number }).notBefore).toBeGreaterThan(Date.now() + 30_000);
      expect(held.counters.sendRequests).toBe(1);
      expect(held.records.sends).toHaveLength(0);
    } finally {
      await held.close();
    }
  }, 20_000);

  it('two concurrent retryFailed calls: one re-enqueues the job, the other is a clear "not failed" refusal, not a Redis error', async () => {
    const { queue } = await start();
    emulator.faults.inject({ route: 'send', action: { type: 'reset', afterProcessing: true } });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), {
      idempotencyKey: 'retried-twice',
    });
    expect(await finalStatus(queue, jobId)).toMatchObject({
      state: 'failed',
      error: { maybeSent: true },
    });
    // Before: both read "failed", both cleared the marker, the second `job.retry` got BullMQ's -3
    // and answered MarketingCloudQueueUnavailableError ("Redis did not accept it").
    const outcomes = await Promise.allSettled([
      queue.retryFailed(jobId, { evenIfMaybeSent: true }),
      queue.retryFailed(jobId, { evenIfMaybeSent: true }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).toSorted()).toEqual(['fulfilled', 'rejected']);
    const refusal = (
      outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult
    ).reason as MarketingCloudValidationError;
    expect(refusal).toBeInstanceOf(MarketingCloudValidationError);
    expect(refusal.violations).toEqual([
      expect.objectContaining({ path: 'jobId', rule: 'isFailedJob' }),
    ]);
    expect(refusal.violations[0]!.message).toContain(jobId);
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    expect(emulator.records.sends).toHaveLength(2);
  });

  it('a failed job whose last attempt left its marker but no record of its own (a Redis write failed, or it stalled too often) is "may have been sent"', async () => {
    const { queue } = await start();
    emulator.faults.inject({
      route: 'send',
      times: 3,
      action: { type: 'respond', status: 503, body: {} },
    });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), {
      idempotencyKey: 'stale-record',
    });
    expect(await finalStatus(queue, jobId)).toMatchObject({
      state: 'failed',
      attemptsMade: 3,
      error: { retryable: true, maybeSent: false },
    });
    expect(await inspector.hexists(jobKey(jobId), MARKER_FIELD)).toBe(0);
    // What a last attempt leaves when it claimed the send but its failure record was never written:
    // the marker, under the record of an earlier 503.
    await inspector.hset(jobKey(jobId), MARKER_FIELD, 'token-of-the-last-attempt');
    const status = await queue.getStatus(jobId);
    expect(status).toMatchObject({
      state: 'failed',
      error: { name: 'MarketingCloudSendInterruptedError', retryable: false, maybeSent: true },
    });
    expect(await queue.listFailed()).toEqual([status]);
    const refusal = (await queue
      .retryFailed(jobId)
      .catch((caught: unknown) => caught)) as MarketingCloudValidationError;
    expect(refusal).toBeInstanceOf(MarketingCloudValidationError);
    expect(refusal.violations).toEqual([
      expect.objectContaining({ path: 'options.evenIfMaybeSent', rule: 'confirmMaybeSent' }),
    ]);
    expect(emulator.counters.sendRequests).toBe(3);
    // Confirmed: enqueued again without the old failure record, and sent once.
    await queue.retryFailed(jobId, { evenIfMaybeSent: true });
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    const data = JSON.parse((await inspector.hget(jobKey(jobId), 'data'))!) as object;
    expect(data).not.toHaveProperty('failure');
    expect(emulator.records.sends).toHaveLength(1);
  });

  it('keeps the marker in the job hash, with no expiry of its own, through BullMQ retries, moveToDelayed and job.retry', async () => {
    const { queue, moduleRef } = await start(false);
    const backend = moduleRef.get(SendQueueBackend);
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), {
      idempotencyKey: 'marker-field',
    });
    const claims: string[] = [];
    let finishFourth!: () => void;
    const fourthHeld = new Promise<void>((resolve) => (finishFourth = resolve));
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    // A worker of our own, to walk the job through BullMQ's moves with the marker set.
    const worker = new Worker<unknown, SendJobResult>(
      QUEUE_NAME,
      async (job, token) => {
        claims.push(await backend.marker.claim(job.id!, token!));
        if (claims.length === 1) throw new Error('BullMQ retries this one');
        if (claims.length === 2) {
          await job.moveToDelayed(Date.now() + 20, token);
          throw new DelayedError();
        }
        if (claims.length === 3) throw new UnrecoverableError('given up');
        await fourthHeld;
        return { recipientSendId: 'r', requestId: 'q', messages: [] };
      },
      { connection, prefix, concurrency: 1 },
    );
    try {
      await vi.waitFor(async () => expect((await queue.getStatus(jobId))?.state).toBe('failed'), {
        timeout: 10_000,
        interval: 10,
      });
      expect(claims).toEqual(['claimed', 'already-started', 'already-started']);
      expect(await inspector.hexists(jobKey(jobId), MARKER_FIELD)).toBe(1);
      expect(await inspector.exists(`${jobKey(jobId)}:mc-send-started`)).toBe(0);
      expect(await inspector.pttl(jobKey(jobId))).toBe(-1);
      // No record of ours on the job (BullMQ failed it): the marker alone says "may have been sent".
      expect(await queue.getStatus(jobId)).toMatchObject({
        state: 'failed',
        error: { name: 'MarketingCloudSendInterruptedError', maybeSent: true },
      });
      await (await (await backend.queue()).getJob(jobId))!.retry('failed');
      await vi.waitFor(() => expect(claims).toHaveLength(4), { timeout: 10_000, interval: 10 });
      expect(claims[3]).toBe('already-started');
      // Active now: a retry's clearing finds it outside the failed set and leaves its marker alone.
      expect(await backend.marker.clearForRetry(jobId, '{}', true)).toBe('not-failed');
      await expect(queue.retryFailed(jobId, { evenIfMaybeSent: true })).rejects.toMatchObject({
        violations: [expect.objectContaining({ path: 'jobId', rule: 'isFailedJob' })],
      });
      expect(await inspector.hexists(jobKey(jobId), MARKER_FIELD)).toBe(1);
      finishFourth();
      expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    } finally {
      finishFourth();
      await worker.close();
      connection.disconnect();
    }
    expect(emulator.counters.sendRequests).toBe(0);
  });

  it('a marker whose write succeeded but whose answer was lost (Redis went down) is taken back: the retry sends it, once', async () => {
    const { queue, moduleRef } = await start();
    const marker = moduleRef.get(SendQueueBackend).marker;
    const claim = marker.claim.bind(marker);
    let failedOnce = false;
    marker.claim = async (jobId, lockToken) => {
      const result = await claim(jobId, lockToken);
      if (failedOnce) return result;
      failedOnce = true;
      throw new Error('Connection is closed.'); // the marker is written; its answer never came
    };
    const { jobId } = await queue.enqueue(DEFINITION, sendBody('lost-answer@example.com'), {
      idempotencyKey: 'lost-claim-answer',
    });
    // Before: the retry found the marker and failed the job as "may have been sent", unsent.
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    expect(failedOnce).toBe(true);
    expect(emulator.records.emailsTo('lost-answer@example.com')).toHaveLength(1);
  });

  it('keeps no secret or token in Redis', async () => {
    const { queue } = await start();
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'canary' });
    await finalStatus(queue, jobId);
    const keys = await inspector.keys(`${prefix}:*`);
    const dump: string[] = [];
    for (const key of keys) {
      const type = await inspector.type(key);
      if (type === 'string') dump.push(key, (await inspector.get(key)) ?? '');
      else if (type === 'hash') dump.push(key, JSON.stringify(await inspector.hgetall(key)));
      else if (type === 'list') dump.push(key, JSON.stringify(await inspector.lrange(key, 0, -1)));
      else if (type === 'zset')
        dump.push(key, JSON.stringify(await inspector.zrange(key, '0', '-1')));
      else if (type === 'stream')
        dump.push(key, JSON.stringify(await inspector.xrange(key, '-', '+')));
      else dump.push(key);
    }
    const tokens = emulator.records.requests.flatMap((request) => request.bearerToken ?? []);
    const canaries = ['emulator-client-secret', ...tokens];
    expect(tokens.length).toBeGreaterThan(0);
    expect(leakedCanaries(dump.join('\n'), canaries)).toEqual([]);
    expect(leakedCanaries(everythingVisible(await queue.getStatus(jobId)), canaries)).toEqual([]);
  });
});
