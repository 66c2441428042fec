import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { startQueueApp, type QueueApp } from '../../../../test/support/queue-testing.js';
import {
  startTestRedis,
  uniqueRedisPrefix,
  type TestRedis,
} from '../../../../test/support/redis-server.js';

const DEFINITION = 'key:external_key';
const CAP = { max: 1, durationMs: 60_000 };

describe('worker.rateLimit across processes', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  const apps: QueueApp[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    emulator = await startMarketingCloudEmulator();
  });
  afterAll(async () => {
    await emulator.close();
    await redis.stop();
  });
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((started) => started.close()));
    emulator.reset();
  });

  async function app(prefix: string, rateLimit?: typeof CAP): Promise<QueueApp> {
    const started = await startQueueApp(emulator, {
      connection: redis.url,
      prefix,
      worker: { concurrency: 4, ...(rateLimit && { rateLimit }) },
    });
    apps.push(started);
    return started;
  }

  it('is stored in Redis by the worker that sets it, and a worker without it takes it, window included', async () => {
    const prefix = uniqueRedisPrefix('rate-cap');
    const capped = await app(prefix, CAP);
    expect((await capped.queue.health()).localWorker).toMatchObject({ rateLimit: CAP });
    const inspector = new Redis(redis.url);
    try {
      const meta = `${prefix}:marketing-cloud-sends:meta`;
      expect(await inspector.hmget(meta, 'max', 'duration')).toEqual(['1', '60000']);
      await apps.shift()!.close();
      // A process started without the option: before, it capped nothing (all sends went out at once).
      const uncapped = await app(prefix);
      expect((await uncapped.queue.health()).localWorker).toMatchObject({ rateLimit: CAP });
      for (const index of [1, 2]) {
        await uncapped.queue.enqueue(DEFINITION, sendBody(`capped-${index}@example.com`), {
          idempotencyKey: `capped-${index}`,
        });
      }
      await vi.waitFor(
        async () => {
          expect(emulator.records.sends).toHaveLength(1);
          expect(await uncapped.queue.counts()).toMatchObject({
            completed: 1,
            waiting: 1,
            active: 0,
          });
        },
        { timeout: 10_000, interval: 20 },
      );
      // Its window is the stored 60 s, not a 1 s window of its own.
      expect(await inspector.pttl(`${prefix}:marketing-cloud-sends:limiter`)).toBeGreaterThan(
        30_000,
      );
      // The cap is no 429 pause.
      expect((await uncapped.queue.health()).rateLimitedForMs).toBe(0);
    } finally {
      inspector.disconnect();
    }
  });

  it('can be lifted with removeRateLimit(): a worker started afterwards has no cap', async () => {
    const prefix = uniqueRedisPrefix('rate-lift');
    const capped = await app(prefix, CAP);
    await capped.queue.removeRateLimit();
    const later = await app(prefix);
    expect((await later.queue.health()).localWorker).not.toHaveProperty('rateLimit');
  });
});
