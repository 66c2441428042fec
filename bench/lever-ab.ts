/**
 * `npm run bench:ab`: a lever's before/after, the module against the same module built from another
 * commit (BENCH_BASELINE_MODULE, see contenders/nest-module.ts), in ONE process against one emulator
 * process: short batches alternate between the two (A B, B A, …), and each batch's CPU time and
 * sends/s are compared with its neighbour's. On a shared machine whose load swings from second to
 * second this is far steadier than separate runs: both sides see the same moments. Reported: the
 * median of the per-pair ratios (after ÷ before) with their spread, and each side's median CPU µs
 * per send (this process's CPU: both instances share it, batch by batch).
 *
 * Environment: BENCH_BASELINE_MODULE (required), BENCH_CONCURRENCIES (16,128), BENCH_AB_PAIRS (15),
 * BENCH_AB_BATCH (1000 sends per batch).
 */
import { performance } from 'node:perf_hooks';
import { createBaselineModule, createNestModule } from './contenders/nest-module.js';
import type { Contender } from './contenders/contender.js';
import { startEmulatorProcess } from './support/emulator-process.js';
import { median, runClosedLoop } from './support/workload.js';

const env = process.env;
const CONCURRENCIES = env['BENCH_CONCURRENCIES']?.split(',').map(Number) ?? [16, 128];
const PAIRS = Number(env['BENCH_AB_PAIRS'] ?? 15);
const BATCH = Number(env['BENCH_AB_BATCH'] ?? 1_000);

interface Batch {
  cpuMicrosPerSend: number;
  sendsPerSecond: number;
}

async function batch(contender: Contender, concurrency: number): Promise<Batch> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const load = await runClosedLoop(concurrency, BATCH, contender.send);
  if (load.failures > 0) throw new Error(`a send failed: ${load.firstFailure}`);
  const used = process.cpuUsage(cpu);
  return {
    cpuMicrosPerSend: (used.user + used.system) / load.sends,
    sendsPerSecond: load.sends / ((performance.now() - t0) / 1000),
  };
}

const spread = (values: number[]) =>
  `${median(values).toFixed(3)} (${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)})`;

const emulator = await startEmulatorProcess({ record: false });
try {
  const target = { authBaseUrl: emulator.authBaseUrl };
  const after = await createNestModule(target);
  const before = await createBaselineModule(target);
  console.log(
    `A/B: the module (after) against ${env['BENCH_BASELINE_MODULE']} (before), ${PAIRS} pairs of ${BATCH}-send batches per concurrency, one process`,
  );
  console.log(
    '| concurrency | CPU µs/send before | CPU µs/send after | CPU after ÷ before, per pair: median (min–max) | sends/s after ÷ before, per pair: median (min–max) |',
  );
  console.log('|---:|---:|---:|---:|---:|');
  for (const concurrency of CONCURRENCIES) {
    // Warm-up: JIT and connections for both.
    for (let i = 0; i < 3; i += 1) {
      await batch(before, concurrency);
      await batch(after, concurrency);
    }
    const pairs: { before: Batch; after: Batch }[] = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      if (pair % 2 === 0) {
        const b = await batch(before, concurrency);
        pairs.push({ before: b, after: await batch(after, concurrency) });
      } else {
        const a = await batch(after, concurrency);
        pairs.push({ before: await batch(before, concurrency), after: a });
      }
    }
    console.log(
      `| ${concurrency} | ${median(pairs.map((p) => p.before.cpuMicrosPerSend)).toFixed(0)} | ${median(pairs.map((p) => p.after.cpuMicrosPerSend)).toFixed(0)} | ${spread(pairs.map((p) => p.after.cpuMicrosPerSend / p.before.cpuMicrosPerSend))} | ${spread(pairs.map((p) => p.after.sendsPerSecond / p.before.sendsPerSecond))} |`,
    );
  }
  await after.close();
  await before.close();
} finally {
  await emulator.stop();
}
