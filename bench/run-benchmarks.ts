/**
 * `npm run bench`: this module against the ceiling (raw keep-alive node:http) and the existing
 * Marketing Cloud clients (sfmc-sdk; fuel-rest with fuel-auth), on the same sends to the same
 * emulator, interleaved round by round. Then a memory run (100,000 sends through the module) and a
 * micro-benchmark of request validation. Prints Markdown tables and writes them, with the raw
 * figures, to dist/bench/results.md and dist/bench/results.json.
 *
 * Every measurement runs in a process of its own against an emulator process of its own (the
 * emulator's CLI, --no-record), so that each contender starts with a cold token cache, its peak RSS
 * is its own, and the emulator's memory does not grow across runs.
 *
 * Environment (all optional; the defaults are what the issue asks for):
 * - BENCH_ROUNDS: rounds at most (default 3). A round starts only if the previous one's duration
 *   still fits in BENCH_BUDGET_SECONDS (default 200) of throughput measurement, so that the whole
 *   `npm run bench` stays under 5 minutes on a slow or busy machine.
 * - BENCH_CONTENDERS: comma-separated, from raw-http, module, sfmc-sdk, fuel-rest, axios
 *   (default the first four; axios is an optional reference, see contenders/axios-alone.ts).
 * - BENCH_CONCURRENCIES: comma-separated (default 1,16,128).
 * - BENCH_MEMORY=0, BENCH_MICRO=0: skip the memory run, the micro-benchmark.
 * - BENCH_CPU_PROF=<dir>: run every contender process under `node --cpu-prof`, writing
 *   <dir>/<contender>-c<concurrency>-r<round>.cpuprofile (profiling slows the runs: figures taken
 *   with it are for finding hot spots, not for quoting).
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { ContenderRunConfig, ContenderRunResult } from './contender-process.js';
import {
  ALL_CONTENDERS,
  CONTENDER_LABELS,
  CONTENDERS,
  type ContenderName,
} from './contenders/contender.js';
import type { MemoryRunConfig, MemoryRunResult } from './memory-process.js';
import { runInChild } from './support/child-process.js';
import { startEmulatorProcess } from './support/emulator-process.js';
import { describeMachine } from './support/machine.js';
import { BENCH_MAX_CONCURRENT_REQUESTS } from './support/workload.js';
import {
  markdownReport,
  ratios,
  summarize,
  type BenchReport,
  type RunRecord,
  type TargetStatus,
} from './support/report.js';
import type { MicroResult } from './validation-micro.js';

const SENDS = 20_000;
const WARMUP_SENDS = 2_000;
const env = process.env;
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim());
const CONCURRENCIES = list(env['BENCH_CONCURRENCIES'])?.map(Number) ?? [1, 16, 128];
const SELECTED = (list(env['BENCH_CONTENDERS']) ?? CONTENDERS) as ContenderName[];
const MAX_ROUNDS = Number(env['BENCH_ROUNDS'] ?? 3);
const THROUGHPUT_BUDGET_SECONDS = Number(env['BENCH_BUDGET_SECONDS'] ?? 200);
const RUN_MEMORY = env['BENCH_MEMORY'] !== '0';
const RUN_MICRO = env['BENCH_MICRO'] !== '0';
const CPU_PROFILE_DIR = env['BENCH_CPU_PROF'];
for (const name of SELECTED) {
  if (!ALL_CONTENDERS.includes(name)) {
    throw new Error(
      `BENCH_CONTENDERS: unknown contender '${name}' (known: ${ALL_CONTENDERS.join(', ')})`,
    );
  }
}
const MEMORY_SENDS = 100_000;
const MEMORY_CONCURRENCY = 16;
const HEAP_GROWTH_LIMIT_BYTES = 5 * 1024 * 1024;
const RATIO_TARGET = 0.9;

const script = (name: string) => new URL(`./${name}`, import.meta.url);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One contender at one concurrency: a fresh emulator process, a fresh contender process. */
async function measure(
  round: number,
  contender: ContenderName,
  concurrency: number,
): Promise<RunRecord> {
  const emulator = await startEmulatorProcess({ record: false });
  try {
    const config: ContenderRunConfig = {
      contender,
      concurrency,
      sends: SENDS,
      warmupSends: WARMUP_SENDS,
      authBaseUrl: emulator.authBaseUrl,
    };
    const execArgv = CPU_PROFILE_DIR
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${CPU_PROFILE_DIR}`,
          `--cpu-prof-name=${contender}-c${concurrency}-r${round}.cpuprofile`,
        ]
      : [];
    const result = await runInChild<ContenderRunResult>(script('contender-process.js'), config, {
      execArgv,
    });
    return { round, contender, concurrency, result };
  } catch (error) {
    return { round, contender, concurrency, error: errorText(error) };
  } finally {
    await emulator.stop();
  }
}

function progress(record: RunRecord): string {
  const head = `round ${record.round}  c=${String(record.concurrency).padStart(3)}  ${CONTENDER_LABELS[record.contender].padEnd(40)}`;
  const r = record.result;
  if (!r) return `${head}  FAILED: ${record.error}`;
  return `${head}  ${Math.round(r.sendsPerSecond).toLocaleString('en-US').padStart(6)} sends/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  ${r.tokenRequests} token req.  ${(r.peakRssBytes / 1048576).toFixed(0)} MiB  ${r.cpuMicrosPerSend.toFixed(0)} µs CPU/send${r.failures ? `  ${r.failures} FAILED (${r.firstFailure})` : ''}`;
}

async function throughput(): Promise<{ records: RunRecord[]; rounds: number }> {
  const records: RunRecord[] = [];
  const started = performance.now();
  let lastRoundSeconds = 0;
  let round = 0;
  while (round < MAX_ROUNDS) {
    const elapsed = (performance.now() - started) / 1000;
    if (round > 0 && elapsed + lastRoundSeconds > THROUGHPUT_BUDGET_SECONDS) {
      console.log(
        `(stopping after ${round} round(s): another would pass the ${THROUGHPUT_BUDGET_SECONDS} s budget)`,
      );
      break;
    }
    round += 1;
    const roundStart = performance.now();
    for (const concurrency of CONCURRENCIES) {
      for (const contender of SELECTED) {
        const record = await measure(round, contender, concurrency);
        records.push(record);
        console.log(progress(record));
      }
    }
    lastRoundSeconds = (performance.now() - roundStart) / 1000;
  }
  return { records, rounds: round };
}

async function memoryRun(): Promise<MemoryRunResult | { error: string }> {
  const emulator = await startEmulatorProcess({ record: false });
  try {
    const config: MemoryRunConfig = {
      authBaseUrl: emulator.authBaseUrl,
      sends: MEMORY_SENDS,
      concurrency: MEMORY_CONCURRENCY,
      sampleEvery: 10_000,
    };
    return await runInChild<MemoryRunResult>(script('memory-process.js'), config, {
      execArgv: ['--expose-gc'],
    });
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    await emulator.stop();
  }
}

async function microRun(): Promise<MicroResult | { error: string }> {
  try {
    return await runInChild<MicroResult>(script('validation-micro.js'), {});
  } catch (error) {
    return { error: errorText(error) };
  }
}

function status(measured: boolean, met: boolean): TargetStatus {
  if (!measured) return 'NOT MEASURED';
  return met ? 'MET' : 'MISSED';
}

function targets(report: Omit<BenchReport, 'targets'>): BenchReport['targets'] {
  const at128 = report.ratios.find((r) => r.concurrency === 128)?.bOverA ?? Number.NaN;
  const moduleTokens = report.summaries
    .filter((s) => s.contender === 'module')
    .map((s) => `c=${s.concurrency}: ${s.tokenRequests.join(', ') || 'n/a'}`);
  const moduleRuns = report.summaries.filter((s) => s.contender === 'module');
  const memory = report.memory;
  const growth =
    !memory || 'error' in memory ? Number.NaN : memory.heapEndBytes - memory.heapStartBytes;
  return [
    {
      name: `(b)/(a) at least ${RATIO_TARGET} at concurrency 128`,
      status: status(Number.isFinite(at128), at128 >= RATIO_TARGET),
      detail: `measured ${Number.isFinite(at128) ? at128.toFixed(2) : 'n/a'}`,
    },
    {
      name: 'exactly 1 token request per cold start, at every concurrency, for the module',
      status: status(
        moduleRuns.some((s) => s.tokenRequests.length > 0),
        moduleRuns.every(
          (s) => s.tokenRequests.length > 0 && s.tokenRequests.every((n) => n === 1),
        ),
      ),
      detail: `token requests per run: ${moduleTokens.join('; ') || 'n/a'}`,
    },
    {
      name: `heap growth under 5 MiB over ${MEMORY_SENDS.toLocaleString('en-US')} sends`,
      status: status(Number.isFinite(growth), growth < HEAP_GROWTH_LIMIT_BYTES),
      detail: Number.isFinite(growth)
        ? `measured ${(growth / 1048576).toFixed(2)} MiB`
        : 'memory run not run or failed',
    },
  ];
}

/** `npm run bench`, with the BENCH_* variables that were set. */
function commandLine(): string {
  const set = Object.entries(env)
    .filter(([name]) => name.startsWith('BENCH_'))
    .map(([name, value]) => `${name}=${value}`);
  return [...set, 'npm run bench'].join(' ');
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = describeMachine();
  console.log(
    `Benchmarks: ${SENDS.toLocaleString('en-US')} sends per contender at concurrency ${CONCURRENCIES.join(', ')}; up to ${MAX_ROUNDS} rounds. ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}.`,
  );
  const { records, rounds } = await throughput();
  if (RUN_MEMORY)
    console.log(`memory run: ${MEMORY_SENDS.toLocaleString('en-US')} sends through the module…`);
  const memory = RUN_MEMORY ? await memoryRun() : undefined;
  if (RUN_MICRO) console.log('validation micro-benchmark…');
  const micro = RUN_MICRO ? await microRun() : undefined;

  const partial = {
    machine,
    command: commandLine(),
    sends: SENDS,
    warmupSends: WARMUP_SENDS,
    concurrencies: CONCURRENCIES,
    rounds,
    moduleConcurrencyLimit: `maxConcurrentRequests set to ${BENCH_MAX_CONCURRENT_REQUESTS} (default 32), above the 128 concurrent sends, so no send waits in the module's queue`,
    contenders: SELECTED,
    summaries: summarize(records, CONCURRENCIES, SELECTED),
    ratios: ratios(records, CONCURRENCIES),
    memory,
    micro,
    wallSeconds: (performance.now() - started) / 1000,
  };
  const report: BenchReport = { ...partial, targets: targets(partial) };
  const markdown = markdownReport(report);
  console.log(`\n${markdown}`);
  await writeFile(script('results.md'), markdown);
  await writeFile(script('results.json'), `${JSON.stringify({ report, records }, null, 2)}\n`);
  console.log(`(written to dist/bench/results.md and dist/bench/results.json)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
