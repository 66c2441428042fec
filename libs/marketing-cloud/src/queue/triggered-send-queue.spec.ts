import {
  ManualClock,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
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

const DEFINITION = 'key:external_key';

describe('TriggeredSendQueue over real Redis and the emulator', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let app: QueueApp;
  let prefix: string;

  beforeAll(async () => {
    redis = await startTestRedis();
    emulator = await startMarketingCloudEmulator({
      deliveryDelayMs: 10,
      excludedAddresses: ['excluded@example.com'],
    });
  });
  afterAll(async () => {
    await emulator.close();
    await redis.stop();
  });

  async function start(worker: Record<string, unknown> | false = {}): Promise<QueueApp> {
    prefix = uniqueRedisPrefix('queue');
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
    const { queue } = await start({ concurrency: 1 });
    emulator.faults.inject({
      route: 'send',
      action: { type: 'rate-limit', retryAfterSeconds: 2 },
    });
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'throttled' });
    const inspector = new Redis(redis.url);
    const limiterKey = `${prefix}:marketing-cloud-sends:limiter`;
    try {
      // The pause is the queue's, in Redis (so every worker of every process sees it), not this worker's.
      await vi.waitFor(
        async () => {
          expect(emulator.counters.sendRequests).toBe(1);
          expect(await queue.getStatus(jobId)).toMatchObject({ state: 'waiting', attemptsMade: 0 });
        },
        { timeout: 10_000, interval: 10 },
      );
      expect(await inspector.get(limiterKey)).toBe(String(Number.MAX_SAFE_INTEGER));
      expect(await inspector.pttl(limiterKey)).toBeGreaterThan(0);
    } finally {
      inspector.disconnect();
    }
    expect(await finalStatus(queue, jobId)).toMatchObject({ state: 'sent' });
    expect(emulator.counters.sendRequests).toBe(2);
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

  it('keeps no secret or token in Redis', async () => {
    const { queue } = await start();
    const { jobId } = await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'canary' });
    await finalStatus(queue, jobId);
    const inspector = new Redis(redis.url);
    try {
      const keys = await inspector.keys(`${prefix}:*`);
      const dump: string[] = [];
      for (const key of keys) {
        const type = await inspector.type(key);
        if (type === 'string') dump.push(key, (await inspector.get(key)) ?? '');
        else if (type === 'hash') dump.push(key, JSON.stringify(await inspector.hgetall(key)));
        else if (type === 'list')
          dump.push(key, JSON.stringify(await inspector.lrange(key, 0, -1)));
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
    } finally {
      inspector.disconnect();
    }
  });
});
