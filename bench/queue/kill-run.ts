/**
 * The kill run: 10,000 jobs, 4 worker processes, one of them killed with SIGKILL every 2 s and
 * restarted (at least 20 kills). The emulator answers each send 100 ms late (after taking it), so
 * kills land on sends in flight. After the drain: every job sent or failed (0 lost), no address
 * emailed twice, every sent job has exactly 1 email, every job failed as certain has none, and the
 * jobs marked "may have been sent" are at most kills x concurrency.
 *
 * Run: npm run bench:queue -- kill-run   (options: JOBS=10000 WORKERS=4 CONCURRENCY=4 KILL_EVERY_MS=2000 MIN_KILLS=20)
 */
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { setTimeout as sleep } from 'node:timers/promises';
import { startQueueChild, type QueueChild } from '../../test/support/queue-children.js';
import { startTestRedis, uniqueRedisPrefix } from '../../test/support/redis-server.js';
import {
  compareWithEmulator,
  enqueueMany,
  startProducer,
  waitForDrain,
  workerConfig,
} from './queue-run-support.js';

const JOBS = Number(process.env.JOBS ?? 10_000);
const WORKERS = Number(process.env.WORKERS ?? 4);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const KILL_EVERY_MS = Number(process.env.KILL_EVERY_MS ?? 2_000);
const MIN_KILLS = Number(process.env.MIN_KILLS ?? 20);
const ANSWER_DELAY_MS = 100;

const redis = await startTestRedis();
const emulator = await startMarketingCloudEmulator({ deliveryDelayMs: 10 });
emulator.faults.inject({
  route: 'send',
  times: Infinity,
  action: { type: 'delay', ms: ANSWER_DELAY_MS },
});
const prefix = uniqueRedisPrefix('kill-run');
const config = workerConfig(redis.url, prefix, emulator.authBaseUrl, {
  concurrency: CONCURRENCY,
  lockDurationMs: 2_000,
  stalledIntervalMs: 1_000,
});
const producer = await startProducer(redis.url, prefix);
const started = performance.now();
try {
  const { jobs } = await enqueueMany(producer.queue, JOBS, 'kill');
  console.log(`enqueued ${jobs.length} jobs in ${Math.round(performance.now() - started)} ms`);
  const workers: (QueueChild | Promise<QueueChild>)[] = Array.from({ length: WORKERS }, () =>
    startQueueChild(config),
  );
  let kills = 0;
  const state = { drained: false };
  const killer = (async () => {
    for (;;) {
      await sleep(KILL_EVERY_MS);
      if (state.drained && kills >= MIN_KILLS) break;
      if (process.env.DEBUG_KILLS)
        console.log(
          `  kill ${kills + 1} at ${Math.round((performance.now() - started) / 100) / 10} s`,
        );
      const slot = kills % WORKERS;
      const victim = await workers[slot]!;
      await victim.kill();
      kills += 1;
      workers[slot] = startQueueChild(config);
    }
  })();
  let lastPrint = 0;
  await waitForDrain(producer.queue, JOBS, 30 * 60_000, (finished) => {
    if (Date.now() - lastPrint > Number(process.env.PRINT_EVERY_MS ?? 5_000)) {
      lastPrint = Date.now();
      console.log(
        `  ${Math.round((performance.now() - started) / 1000)} s: ${finished}/${JOBS} finished, ${kills} kills`,
      );
    }
  });
  state.drained = true;
  await killer;
  await Promise.all(workers.map(async (worker) => (await worker).kill()));
  const truth = await compareWithEmulator(producer.queue, jobs, emulator);
  const bound = kills * CONCURRENCY;
  console.log(
    [
      `kill run: ${JOBS} jobs, ${WORKERS} worker processes x concurrency ${CONCURRENCY}, SIGKILL every ${KILL_EVERY_MS} ms`,
      `  kills ${kills}, wall ${Math.round((performance.now() - started) / 1000)} s, token requests ${emulator.counters.tokenRequests}`,
      `  lost ${truth.lost} | doubled (addresses with >1 email) ${truth.doubled} | emails ${truth.emails}`,
      `  sent ${truth.sent} (exactly 1 email: ${truth.sentWithExactlyOneEmail})`,
      `  failed, certainly not sent ${truth.failedCertain} (no email: ${truth.failedCertainWithNoEmail})`,
      `  may have been sent ${truth.maybeSent} (of which emailed: ${truth.maybeSentWithAnEmail}) <= kills x concurrency ${bound}: ${truth.maybeSent <= bound}`,
    ].join('\n'),
  );
  const ok =
    truth.lost === 0 &&
    truth.doubled === 0 &&
    truth.sentWithExactlyOneEmail === truth.sent &&
    truth.failedCertainWithNoEmail === truth.failedCertain &&
    truth.maybeSent <= bound &&
    kills >= MIN_KILLS;
  console.log(ok ? 'kill run: PASS' : 'kill run: FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  await producer.close();
  await emulator.close();
  await redis.stop();
}
