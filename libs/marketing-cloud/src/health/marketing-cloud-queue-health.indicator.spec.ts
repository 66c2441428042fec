import { HealthIndicatorService } from '@nestjs/terminus';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { startQueueApp, type QueueApp } from '../../../../test/support/queue-testing.js';
import {
  startTestRedis,
  uniqueRedisPrefix,
  type TestRedis,
} from '../../../../test/support/redis-server.js';
import { MarketingCloudQueueHealthIndicator } from './marketing-cloud-queue-health.indicator.js';

const DEFINITION = 'key:external_key';

describe('MarketingCloudQueueHealthIndicator over real Redis', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let app: QueueApp | undefined;
  const indicator = new MarketingCloudQueueHealthIndicator(new HealthIndicatorService());

  beforeAll(async () => {
    redis = await startTestRedis();
    emulator = await startMarketingCloudEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await redis.stop();
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
    emulator.reset();
  });

  function start(worker: { concurrency: number } | false): Promise<QueueApp> {
    return startQueueApp(emulator, {
      connection: redis.url,
      prefix: uniqueRedisPrefix('health'),
      enqueueTimeoutMs: 500,
      worker,
    });
  }

  it('is up with the depth, the workers connected and this process worker', async () => {
    app = await start({ concurrency: 3 });
    const { queue } = app;
    const result = await vi.waitFor(
      async () => {
        const answer = await indicator.isHealthy('marketing_cloud_queue', queue);
        expect(answer.marketing_cloud_queue).toMatchObject({ workers: 1 });
        return answer;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(result).toEqual({
      marketing_cloud_queue: {
        status: 'up',
        counts: { waiting: 0, delayed: 0, active: 0, completed: 0, failed: 0 },
        workers: 1,
        rateLimitedForMs: 0,
        localWorker: { running: true, concurrency: 3 },
      },
    });
  });

  it('is down on a backlog above maxWaiting, and with no worker anywhere when workers are required', async () => {
    app = await start(false);
    const { queue } = app;
    for (const index of [1, 2, 3]) {
      await queue.enqueue(DEFINITION, sendBody(`backlog-${index}@example.com`), {
        idempotencyKey: `backlog-${index}`,
      });
    }
    expect(await indicator.isHealthy('q', queue)).toMatchObject({
      q: { status: 'up', counts: { waiting: 3 }, workers: 0 },
    });
    expect((await indicator.isHealthy('q', queue)).q).not.toHaveProperty('localWorker');
    expect(await indicator.isHealthy('q', queue, { maxWaiting: 2 })).toMatchObject({
      q: {
        status: 'down',
        reason: 'backlog',
        message: expect.stringContaining('3 queued sends are waiting, more than 2'),
        counts: { waiting: 3 },
      },
    });
    expect(await indicator.isHealthy('q', queue, { maxWaiting: 3 })).toMatchObject({
      q: { status: 'up' },
    });
    expect(await indicator.isHealthy('q', queue, { requireWorkers: true })).toMatchObject({
      q: { status: 'down', reason: 'no-workers', workers: 0 },
    });
    expect(emulator.records.sends).toHaveLength(0);
  });

  it('reports a queue-wide 429 pause while it lasts', async () => {
    app = await start({ concurrency: 1 });
    const { queue } = app;
    emulator.faults.inject({
      route: 'send',
      action: { type: 'rate-limit', retryAfterSeconds: 30 },
    });
    await queue.enqueue(DEFINITION, sendBody(), { idempotencyKey: 'paused' });
    // The job goes back to waiting, without using an attempt, and the queue says for how long.
    const answer = await vi.waitFor(
      async () => {
        const result = await indicator.isHealthy('q', queue);
        expect(result.q).toMatchObject({ status: 'up', counts: { waiting: 1, active: 0 } });
        expect(result.q.rateLimitedForMs).toBeGreaterThan(0);
        return result;
      },
      { timeout: 20_000, interval: 20 },
    );
    expect(answer.q.rateLimitedForMs).toBeLessThanOrEqual(30_000);
    expect(emulator.counters.sendRequests).toBe(1);
  }, 30_000);

  it.skipIf(Boolean(process.env.REDIS_URL))(
    'is down with queue-unreachable, within enqueueTimeoutMs, while Redis is stopped',
    async () => {
      app = await start(false);
      const { queue } = app;
      await redis.pause();
      try {
        const started = performance.now();
        const result = await indicator.isHealthy('q', queue);
        expect(result).toEqual({
          q: { status: 'down', reason: 'queue-unreachable', message: expect.any(String) },
        });
        expect(result.q.message).toMatch(/Redis|queue/i);
        // Bounded by enqueueTimeoutMs (500 here), not by the client's reconnect loop.
        expect(performance.now() - started).toBeLessThan(5_000);
      } finally {
        await redis.restart();
      }
      await vi.waitFor(
        async () =>
          expect(await indicator.isHealthy('q', queue)).toMatchObject({ q: { status: 'up' } }),
        { timeout: 10_000, interval: 50 },
      );
    },
  );
});
