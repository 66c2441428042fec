/**
 * The queue across real processes, over a private redis-server and the emulator: one idempotencyKey
 * from 4 processes, a worker killed with SIGKILL mid-send, a worker whose job stalled before it
 * sent, and Redis going away and coming back.
 */
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { MarketingCloudQueueUnavailableError } from 'nestjs-marketing-cloud/queue';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sendBody } from './support/marketing-cloud-testing.js';
import { startQueueChild, type QueueChild } from './support/queue-children.js';
import { finalStatus, startQueueApp, type QueueApp } from './support/queue-testing.js';
import { startTestRedis, uniqueRedisPrefix, type TestRedis } from './support/redis-server.js';

const DEFINITION = 'key:external_key';
/** Short locks, so a killed worker's job is taken over quickly. */
const FAST_RECOVERY = { lockDurationMs: 1000, stalledIntervalMs: 500 };

// Child processes compile their TypeScript on start: seconds each on a loaded machine.
describe('the queue across processes', { timeout: 60_000 }, () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  const children: QueueChild[] = [];
  const apps: QueueApp[] = [];

  beforeAll(async () => {
    redis = await startTestRedis({ durable: true });
    emulator = await startMarketingCloudEmulator({ deliveryDelayMs: 10 });
  });
  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill()));
    await Promise.all(apps.splice(0).map((started) => started.close()));
    emulator.reset();
  });
  afterAll(async () => {
    await emulator.close();
    await redis.stop();
  });

  async function app(prefix: string, worker: Record<string, unknown> | false): Promise<QueueApp> {
    const started = await startQueueApp(emulator, {
      connection: redis.url,
      prefix,
      enqueueTimeoutMs: 500,
      retry: { maxAttempts: 5, baseDelayMs: 100 },
      worker: worker === false ? false : { concurrency: 4, ...worker },
    });
    apps.push(started);
    return started;
  }

  it('the same idempotencyKey enqueued 100 times at once from 4 processes: 1 job, 1 email', async () => {
    const prefix = uniqueRedisPrefix('dedupe');
    const started = await Promise.all(
      Array.from({ length: 4 }, () =>
        startQueueChild({
          mode: 'enqueue',
          redisUrl: redis.url,
          prefix,
          authBaseUrl: emulator.authBaseUrl,
          count: 25,
          idempotencyKey: 'order-42:receipt',
        }),
      ),
    );
    children.push(...started);
    for (const child of started) child.process.send('go');
    const reports = await Promise.all(started.map((child) => child.next('enqueued')));
    const jobIds = reports.flatMap((report) => report.jobIds);
    expect(reports.flatMap((report) => report.errors)).toEqual([]);
    expect(jobIds).toHaveLength(100);
    expect(new Set(jobIds).size).toBe(1);
    const { queue } = await app(prefix, {});
    expect(await finalStatus(queue, jobIds[0]!)).toMatchObject({ state: 'sent' });
    expect(await queue.counts()).toMatchObject({ completed: 1, waiting: 0, active: 0, failed: 0 });
    expect(emulator.records.sends).toHaveLength(1);
  });

  it('a worker killed (SIGKILL) after its send reached Marketing Cloud: the job ends "may have been sent", never sent again', async () => {
    const prefix = uniqueRedisPrefix('kill');
    const { queue } = await app(prefix, false);
    // The emulator takes the send, then holds the answer: the worker dies waiting for it.
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 30_000 } });
    const child = await startQueueChild({
      mode: 'worker',
      redisUrl: redis.url,
      prefix,
      authBaseUrl: emulator.authBaseUrl,
      worker: { concurrency: 1, ...FAST_RECOVERY },
    });
    children.push(child);
    const { jobId } = await queue.enqueue(DEFINITION, sendBody('killed@example.com'), {
      idempotencyKey: 'killed-mid-send',
    });
    await vi.waitFor(() => expect(emulator.records.sends).toHaveLength(1), { timeout: 15_000 });
    await child.kill();
    emulator.faults.clear();
    const survivor = await app(prefix, FAST_RECOVERY);
    expect(await finalStatus(survivor.queue, jobId)).toMatchObject({
      state: 'failed',
      error: { name: 'MarketingCloudSendInterruptedError', retryable: false, maybeSent: true },
    });
    expect(emulator.records.sends).toHaveLength(1);
  });

  it('a job whose worker stalled before sending is sent by another worker, once', async () => {
    const prefix = uniqueRedisPrefix('stall');
    const { queue } = await app(prefix, false);
    const { jobId } = await queue.enqueue(DEFINITION, sendBody('stalled@example.com'), {
      idempotencyKey: 'stalled-before-send',
    });
    // A worker that takes the job and then stops, before the send: its lock runs out, unrenewed.
    const connection = new Redis(redis.url, { maxRetriesPerRequest: null });
    let taken!: () => void;
    const tookIt = new Promise<void>((resolve) => (taken = resolve));
    const stuck = new Worker(
      'marketing-cloud-sends',
      () => {
        taken();
        return new Promise(() => {});
      },
      { connection, prefix, lockDuration: 1000, skipLockRenewal: true, skipStalledCheck: true },
    );
    try {
      await tookIt;
      const survivor = await app(prefix, FAST_RECOVERY);
      expect(await finalStatus(survivor.queue, jobId)).toMatchObject({ state: 'sent' });
      expect(emulator.records.sends).toHaveLength(1);
    } finally {
      await stuck.close(true);
      connection.disconnect();
    }
  });

  it('Redis down: enqueue fails at once with a retryable typed error; once it is back, workers go on and nothing is lost or doubled', async () => {
    const prefix = uniqueRedisPrefix('down');
    const producer = await app(prefix, false);
    const before = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        producer.queue.enqueue(DEFINITION, sendBody(`before-${index}@example.com`), {
          idempotencyKey: `before-${index}`,
        }),
      ),
    );
    await redis.pause();
    const started = performance.now();
    const error = await producer.queue
      .enqueue(DEFINITION, sendBody('during@example.com'), { idempotencyKey: 'during' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketingCloudQueueUnavailableError);
    expect((error as MarketingCloudQueueUnavailableError).retryable).toBe(true);
    // Bounded by enqueueTimeoutMs (500 here), not by Redis's reconnect loop.
    expect(performance.now() - started).toBeLessThan(5_000);
    await redis.restart();
    const worker = await app(prefix, {});
    const during = await vi.waitFor(
      () =>
        producer.queue.enqueue(DEFINITION, sendBody('during@example.com'), {
          idempotencyKey: 'during',
        }),
      { timeout: 10_000, interval: 100 },
    );
    for (const { jobId } of [...before, during]) {
      expect(await finalStatus(worker.queue, jobId)).toMatchObject({ state: 'sent' });
    }
    const addresses = emulator.records.sends.map((send) => send.to.address);
    expect(addresses).toHaveLength(21);
    expect(new Set(addresses).size).toBe(21);
  });
});
