/**
 * Redis down for 10 s mid-run: 4 worker processes work through a queue while a producer keeps
 * enqueueing; Redis is stopped (its data kept on disk) for DOWN_MS and started again. While it is
 * down every `enqueue` must fail fast with the typed, retryable MarketingCloudQueueUnavailableError
 * (no hang); after, the workers resume: nothing lost or doubled; a send whose crash-safety marker
 * met the outage may end "may have been sent" (at most the sends in progress), never sent twice.
 * The producer retries a refused enqueue with the same idempotencyKey, as an app would.
 *
 * Run: npm run bench:queue -- redis-down   (options: JOBS=3000 WORKERS=4 CONCURRENCY=4 DOWN_MS=10000)
 */
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { MarketingCloudQueueUnavailableError } from 'nestjs-marketing-cloud/queue';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestRedis, uniqueRedisPrefix } from '../../test/support/redis-server.js';
import {
  compareWithEmulator,
  percentile,
  startProducer,
  startWorkers,
  waitForDrain,
  workerConfig,
} from './queue-run-support.js';

const JOBS = Number(process.env.JOBS ?? 3_000);
const WORKERS = Number(process.env.WORKERS ?? 4);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const DOWN_MS = Number(process.env.DOWN_MS ?? 10_000);
/** Redis goes down once this many jobs are enqueued, so that sends are under way when it does. */
const DOWN_AFTER_JOBS = Math.floor(JOBS / 3);

if (process.env.REDIS_URL) {
  console.error('redis-down stops and restarts its own redis-server: unset REDIS_URL.');
  process.exit(2);
}
const redis = await startTestRedis({ durable: true });
const emulator = await startMarketingCloudEmulator({ deliveryDelayMs: 10 });
emulator.faults.inject({ route: 'send', times: Infinity, action: { type: 'delay', ms: 20 } });
const prefix = uniqueRedisPrefix('redis-down');
const producer = await startProducer(redis.url, prefix);
const workers = await startWorkers(
  WORKERS,
  workerConfig(redis.url, prefix, emulator.authBaseUrl, { concurrency: CONCURRENCY }),
);
const started = performance.now();
const at = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const jobs: { jobId: string; address: string }[] = [];
const refusals = { count: 0, typedRetryable: 0, other: new Set<string>() };
const refusalLatenciesMs: number[] = [];
let down = false;
try {
  const outage = (async () => {
    while (jobs.length < DOWN_AFTER_JOBS) await sleep(20);
    console.log(`${at()}: ${jobs.length} enqueued, stopping Redis for ${DOWN_MS / 1000} s`);
    down = true;
    await redis.pause();
    await sleep(DOWN_MS);
    await redis.restart();
    down = false;
    console.log(`${at()}: Redis started again`);
  })();
  for (let index = 0; index < JOBS; index += 1) {
    const address = `down-${index}@example.com`;
    for (;;) {
      const began = performance.now();
      try {
        const { jobId } = await producer.queue.enqueue(
          'key:external_key',
          { To: { Address: address, SubscriberKey: address } },
          { idempotencyKey: `down-${index}` },
        );
        jobs.push({ jobId, address });
        break;
      } catch (error) {
        refusalLatenciesMs.push(performance.now() - began);
        refusals.count += 1;
        if (error instanceof MarketingCloudQueueUnavailableError && error.retryable) {
          refusals.typedRetryable += 1;
        } else {
          refusals.other.add(String((error as Error)?.name ?? error));
        }
        await sleep(down ? 250 : 50);
      }
    }
  }
  await outage;
  console.log(`${at()}: all ${JOBS} enqueued, draining`);
  await waitForDrain(producer.queue, JOBS, 10 * 60_000);
  const truth = await compareWithEmulator(producer.queue, jobs, emulator);
  console.log(
    [
      `redis down: ${JOBS} jobs, ${WORKERS} worker processes x concurrency ${CONCURRENCY}, Redis stopped ${DOWN_MS / 1000} s after ${DOWN_AFTER_JOBS} enqueues; wall ${at()}`,
      `  enqueue refused while down: ${refusals.count} (typed MarketingCloudQueueUnavailableError, retryable: ${refusals.typedRetryable}; other: ${[...refusals.other].join(', ') || 'none'})`,
      `  time to refuse: p50 ${Math.round(percentile(refusalLatenciesMs, 50))} ms, max ${Math.round(Math.max(0, ...refusalLatenciesMs))} ms`,
      `  lost ${truth.lost} | doubled ${truth.doubled} | emails ${truth.emails} | sent ${truth.sent} (exactly 1 email: ${truth.sentWithExactlyOneEmail}) | failed certain ${truth.failedCertain} | may have been sent ${truth.maybeSent} (<= sends in progress ${WORKERS * CONCURRENCY})`,
    ].join('\n'),
  );
  // A send whose marker write met the outage is honestly "may have been sent" (the conservative
  // side, as for a kill): at most the sends in progress when Redis stopped.
  const inProgress = WORKERS * CONCURRENCY;
  const ok =
    refusals.count > 0 &&
    refusals.typedRetryable === refusals.count &&
    truth.lost === 0 &&
    truth.doubled === 0 &&
    truth.sentWithExactlyOneEmail === truth.sent &&
    truth.failedCertainWithNoEmail === truth.failedCertain &&
    truth.maybeSent <= inProgress &&
    truth.sent + truth.maybeSent + truth.failedCertain === JOBS;
  console.log(ok ? 'redis down: PASS' : 'redis down: FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all(workers.map((worker) => worker.kill()));
  await producer.close();
  await emulator.close();
  await redis.stop();
}
