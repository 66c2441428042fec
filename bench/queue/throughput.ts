/**
 * Queued throughput with 1, 2 and 4 worker processes (concurrency CONCURRENCY each) against an
 * emulator that answers every send 100 ms late, and enqueue latency (p50, p99) with 50 enqueues
 * in flight. Printed as the table of docs/BENCHMARKS.md.
 */
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { startTestRedis, uniqueRedisPrefix } from '../../test/support/redis-server.js';
import {
  enqueueMany,
  percentile,
  startProducer,
  startWorkers,
  waitForDrain,
  workerConfig,
} from './queue-run-support.js';

const JOBS = Number(process.env.JOBS ?? 2_000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 16);
const PROCESS_COUNTS = (process.env.PROCESSES ?? '1,2,4').split(',').map(Number);

const redis = await startTestRedis();
const emulator = await startMarketingCloudEmulator({ record: false });
emulator.faults.inject({ route: 'send', times: Infinity, action: { type: 'delay', ms: 100 } });
const rows: string[] = [];
try {
  for (const processes of PROCESS_COUNTS) {
    const prefix = uniqueRedisPrefix(`throughput-${processes}`);
    const producer = await startProducer(redis.url, prefix);
    // Enqueued first (workers not yet started): enqueue latency alone, then the drain alone.
    const { latenciesMs } = await enqueueMany(producer.queue, JOBS, prefix);
    const workers = await startWorkers(
      processes,
      workerConfig(redis.url, prefix, emulator.authBaseUrl, { concurrency: CONCURRENCY }),
    );
    const started = performance.now();
    await waitForDrain(producer.queue, JOBS, 10 * 60_000);
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((worker) => worker.kill()));
    await producer.close();
    rows.push(
      `| ${processes} | ${CONCURRENCY} | ${JOBS} | ${(JOBS / seconds).toFixed(0)} sends/s | ${Math.round((processes * CONCURRENCY) / 0.1)} | ${percentile(latenciesMs, 50).toFixed(2)} ms | ${percentile(latenciesMs, 99).toFixed(2)} ms |`,
    );
    console.log(rows.at(-1));
  }
  console.log(
    [
      `\nqueued throughput: emulator answers each send after 100 ms; ${JOBS} jobs per run; enqueue with 50 in flight`,
      '| worker processes | concurrency each | jobs | throughput | ceiling (in flight / 100 ms) | enqueue p50 | enqueue p99 |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...rows,
    ].join('\n'),
  );
} finally {
  await emulator.close();
  await redis.stop();
}
