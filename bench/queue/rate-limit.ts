/**
 * Rate limit across processes: 4 worker processes against an emulator that allows LIMIT sends per
 * second (the rest get 429 / 50100 with Retry-After). Three runs of JOBS sends each:
 *  - per-process throttling only: 4 processes send directly, each honouring Retry-After on its own;
 *  - the queue: a 429 pauses the whole queue (every worker of every process) for its Retry-After;
 *  - the queue with its global limiter (worker.rateLimit = LIMIT per second).
 * Printed: sends accepted, 429s answered, wall time.
 */
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { startQueueChild, type QueueChild } from '../../test/support/queue-children.js';
import { startTestRedis, uniqueRedisPrefix } from '../../test/support/redis-server.js';
import { enqueueMany, startProducer, waitForDrain } from './queue-run-support.js';

const JOBS = Number(process.env.JOBS ?? 600);
const LIMIT = Number(process.env.LIMIT ?? 50);
const PROCESSES = 4;
const CONCURRENCY = 8;

const redis = await startTestRedis();
const emulator = await startMarketingCloudEmulator({ record: false });
const rows: string[] = [];

async function measure(label: string, run: () => Promise<void>): Promise<void> {
  emulator.reset();
  emulator.faults.rateLimit({ route: 'send', limit: LIMIT, windowMs: 1000 });
  const before = emulator.counters;
  const started = performance.now();
  await run();
  const after = emulator.counters;
  const accepted = after.acceptedSends - before.acceptedSends;
  const throttled = after.sendRequests - before.sendRequests - accepted;
  rows.push(
    `| ${label} | ${accepted} / ${JOBS} | ${throttled} | ${((performance.now() - started) / 1000).toFixed(1)} s |`,
  );
  console.log(rows.at(-1));
}

try {
  await measure('per-process throttling only (4 processes, direct sends)', async () => {
    const children = await Promise.all(
      Array.from({ length: PROCESSES }, (_, index) =>
        startQueueChild({
          mode: 'direct',
          redisUrl: redis.url,
          prefix: 'unused',
          authBaseUrl: emulator.authBaseUrl,
          count: JOBS / PROCESSES,
          concurrency: CONCURRENCY,
          maxAttempts: 10,
          address: `direct-${index}`,
        }),
      ),
    );
    for (const child of children) child.process.send('go');
    await Promise.all(children.map((child) => child.next('direct-done')));
    await Promise.all(children.map((child) => child.kill()));
  });
  for (const [label, rateLimit] of [
    ['the queue: a 429 pauses every worker', undefined],
    [`the queue with its global limiter (${LIMIT}/s)`, { max: LIMIT, durationMs: 1000 }],
  ] as const) {
    await measure(label, async () => {
      const prefix = uniqueRedisPrefix('rate');
      const producer = await startProducer(redis.url, prefix);
      const workers: QueueChild[] = await Promise.all(
        Array.from({ length: PROCESSES }, () =>
          startQueueChild({
            mode: 'worker',
            redisUrl: redis.url,
            prefix,
            authBaseUrl: emulator.authBaseUrl,
            worker: { concurrency: CONCURRENCY, ...(rateLimit && { rateLimit }) },
          }),
        ),
      );
      try {
        await enqueueMany(producer.queue, JOBS, prefix);
        await waitForDrain(producer.queue, JOBS, 10 * 60_000);
      } finally {
        await Promise.all(workers.map((worker) => worker.kill()));
        await producer.close();
      }
    });
  }
  console.log(
    [
      `\nrate limit: ${JOBS} sends, ${PROCESSES} processes x concurrency ${CONCURRENCY}, emulator allows ${LIMIT} sends/s`,
      '| run | accepted | 429s answered | wall |',
      '| --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
} finally {
  await emulator.close();
  await redis.stop();
}
