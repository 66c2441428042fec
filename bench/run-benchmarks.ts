/**
 * `npm run bench`: this module against raw keep-alive node:http, the existing Marketing Cloud clients
 * (sfmc-sdk; fuel-rest with fuel-auth) and undici's Pool (the physical-limit reference), on the same
 * sends to the same emulator; a memory run (100,000 sends through the module) and a
 * micro-benchmark of request validation, which run first. Prints Markdown tables and writes them, with the raw
 * figures, to dist/bench/results.md and dist/bench/results.json.
 *
 * Pairing: every contender runs beside raw node:http, in pairs (raw then the contender, then the
 * contender then raw, alternately), and each ratio is taken within one pair. The machine is shared
 * and its speed drifts by up to 2x within minutes; two runs that sat next to each other saw about
 * the same machine, so the per-pair ratio is the figure to read, with its spread over the pairs.
 *
 * Every measurement runs in a process of its own against an emulator process of its own (the
 * emulator's CLI, --no-record), so that each contender starts with a cold token cache, its peak RSS
 * and its CPU are its own, and the emulator's memory does not grow across runs.
 *
 * Environment (all optional; the defaults are what the issue asks for):
 * - BENCH_PAIRS: pairs per contender and concurrency at most (default 3).
 * - BENCH_BUDGET_SECONDS (default 300): the wall time of this script, the build excluded, setup
 *   and every part included. The micro-benchmark and the memory run go first (their cost is
 *   fixed by the work asked); then the throughput part runs set after set of pairs, one set
 *   always, another only if the previous set's duration still fits in what is left, so that
 *   `npm run bench` (build included) stays under 6 minutes whatever the machine's load.
 * - BENCH_SECONDS (1.5), BENCH_SENDS (20000): each run measures for BENCH_SECONDS or BENCH_SENDS sends,
 *   whichever ends first but at least BENCH_MIN_SENDS (1000), after BENCH_WARMUP_SENDS (1000)
 *   warm-up sends. Time-boxed runs keep the bench's duration nearly independent of how slow a
 *   contender or the machine is.
 * - BENCH_CONTENDERS: comma-separated, from raw-http, module, sfmc-sdk, fuel-rest, undici, axios
 *   (default all but axios, an optional reference, see contenders/axios-alone.ts). raw-http is
 *   always run, as every other contender's pair partner.
 * - BENCH_CONCURRENCIES: comma-separated (default 1,16,128).
 * - BENCH_MEMORY=0, BENCH_MICRO=0: skip the memory run, the micro-benchmark.
 * - BENCH_CPU_PROF=<dir>: run every contender process under `node --cpu-prof`, writing
 *   <dir>/<contender>-c<concurrency>-p<pair>.cpuprofile (profiling slows the runs: figures taken
 *   with it are for finding hot spots, not for quoting).
 */
import { writeFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { ContenderRunConfig, ContenderRunResult } from './contender-process.js';
import {
  ALL_CONTENDERS,
  CONTENDER_LABELS,
  CONTENDERS,
  REFERENCE,
  type ContenderName,
} from './contenders/contender.js';
import type { MemoryRunConfig, MemoryRunResult } from './memory-process.js';
import { runInChild } from './support/child-process.js';
import {
  EMULATOR_CPU_QUESTION,
  EMULATOR_URL_QUESTION,
  startEmulatorProcess,
} from './support/emulator-process.js';
import { describeMachine } from './support/machine.js';
import { BENCH_MAX_CONCURRENT_REQUESTS } from './support/workload.js';
import {
  markdownReport,
  pairRatios,
  summarize,
  type BenchReport,
  type RunRecord,
} from './support/report.js';
import { targets } from './support/targets.js';
import type { MicroResult } from './validation-micro.js';

const env = process.env;
const list = (value: string | undefined) => value?.split(',').map((item) => item.trim());
const SECONDS = Number(env['BENCH_SECONDS'] ?? 1.5);
const SENDS = Number(env['BENCH_SENDS'] ?? 20_000);
const MIN_SENDS = Number(env['BENCH_MIN_SENDS'] ?? 1_000);
const WARMUP_SENDS = Number(env['BENCH_WARMUP_SENDS'] ?? 1_000);
const CONCURRENCIES = list(env['BENCH_CONCURRENCIES'])?.map(Number) ?? [1, 16, 128];
const SELECTED = (list(env['BENCH_CONTENDERS']) ?? CONTENDERS) as ContenderName[];
const MAX_PAIRS = Number(env['BENCH_PAIRS'] ?? 3);
const BUDGET_SECONDS = Number(env['BENCH_BUDGET_SECONDS'] ?? 300);
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
/** Every selected contender but the reference, each of which runs in pairs beside it. */
const PARTNERS = SELECTED.filter((name) => name !== REFERENCE);
const MEMORY_SENDS = 100_000;
const MEMORY_CONCURRENCY = 16;

const script = (name: string) => new URL(`./${name}`, import.meta.url);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** One contender at one concurrency: a fresh emulator process, a fresh contender process. */
async function measure(
  pair: number,
  partner: ContenderName,
  contender: ContenderName,
  concurrency: number,
): Promise<RunRecord> {
  const where = { pair, partner, contender, concurrency };
  // Started while the contender process loads its modules; it asks for the address after.
  const starting = startEmulatorProcess({ record: false });
  // Its failure is the run's (through the answers below), never an unhandled rejection.
  starting.catch(() => undefined);
  try {
    const config: ContenderRunConfig = {
      contender,
      concurrency,
      sends: SENDS,
      seconds: SECONDS,
      minSends: MIN_SENDS,
      warmupSends: WARMUP_SENDS,
    };
    const execArgv = CPU_PROFILE_DIR
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${CPU_PROFILE_DIR}`,
          `--cpu-prof-name=${contender}-c${concurrency}-p${pair}${contender === REFERENCE ? `-${partner}` : ''}.cpuprofile`,
        ]
      : [];
    const result = await runInChild<ContenderRunResult>(script('contender-process.js'), config, {
      execArgv,
      answer: async (question) => {
        if (question === EMULATOR_URL_QUESTION) return (await starting).authBaseUrl;
        return question === EMULATOR_CPU_QUESTION ? (await starting).cpuMicros() : undefined;
      },
    });
    return { ...where, result };
  } catch (error) {
    return { ...where, error: errorText(error) };
  } finally {
    await starting.then(
      (emulator) => emulator.stop(),
      () => undefined,
    );
  }
}

function progress(record: RunRecord): string {
  const head = `pair ${record.pair}  c=${String(record.concurrency).padStart(3)}  ${CONTENDER_LABELS[record.contender].padEnd(46)}`;
  const r = record.result;
  if (!r) return `${head}  FAILED: ${record.error}`;
  return `${head}  ${Math.round(r.sendsPerSecond).toLocaleString('en-US').padStart(6)} sends/s  p50 ${r.p50Ms.toFixed(2)} ms  p99 ${r.p99Ms.toFixed(2)} ms  ${r.tokenRequests} token req.  ${(r.peakRssBytes / 1048576).toFixed(0)} MiB  CPU µs/send: client ${r.cpuMicrosPerSend.toFixed(0)}, emulator ${r.emulatorCpuMicrosPerSend.toFixed(0)}${r.failures ? `  ${r.failures} FAILED (${r.firstFailure})` : ''}`;
}

/**
 * Set after set of pairs: in each set, every concurrency and every partner runs one pair beside the
 * reference, the reference first in odd sets and second in even sets (A B, then B A), so that a
 * steady drift of the machine does not favour one side of the pair.
 */
async function throughput(started: number): Promise<{ records: RunRecord[]; pairs: number }> {
  const records: RunRecord[] = [];
  let lastSetSeconds = 0;
  let pair = 0;
  while (pair < MAX_PAIRS) {
    const elapsed = (performance.now() - started) / 1000;
    if (pair > 0 && elapsed + lastSetSeconds > BUDGET_SECONDS) {
      console.log(
        `(stopping after ${pair} pair(s) per row: another set of ${lastSetSeconds.toFixed(0)} s after ${elapsed.toFixed(0)} s would pass the ${BUDGET_SECONDS} s budget)`,
      );
      break;
    }
    pair += 1;
    const setStart = performance.now();
    for (const concurrency of CONCURRENCIES) {
      for (const partner of PARTNERS) {
        const order = pair % 2 === 1 ? [REFERENCE, partner] : [partner, REFERENCE];
        for (const contender of order) {
          const record = await measure(pair, partner, contender, concurrency);
          records.push(record);
          console.log(progress(record));
        }
      }
    }
    lastSetSeconds = (performance.now() - setStart) / 1000;
  }
  return { records, pairs: pair };
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
    // 100,000 sends at the module's speed: minutes on a loaded machine (the default is 3 minutes).
    return await runInChild<MemoryRunResult>(script('memory-process.js'), config, {
      execArgv: ['--expose-gc'],
      timeoutMs: 900_000,
    });
  } catch (error) {
    return { error: errorText(error) };
  } finally {
    await emulator.stop();
  }
}

async function microRun(): Promise<MicroResult | { error: string }> {
  try {
    return await runInChild<MicroResult>(
      script('validation-micro.js'),
      {},
      {
        execArgv: ['--expose-gc'],
      },
    );
  } catch (error) {
    return { error: errorText(error) };
  }
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
    `Benchmarks: ${SECONDS} s or ${SENDS.toLocaleString('en-US')} sends per run at concurrency ${CONCURRENCIES.join(', ')}; each of ${PARTNERS.join(', ')} in up to ${MAX_PAIRS} pairs beside ${REFERENCE}. ${machine.cpuModel}, ${machine.cores} cores, Node.js ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}.`,
  );
  // The fixed-cost parts first, so that the throughput part gets what is left of the budget.
  if (RUN_MICRO) console.log('validation micro-benchmark…');
  const micro = RUN_MICRO ? await microRun() : undefined;
  if (RUN_MEMORY)
    console.log(`memory run: ${MEMORY_SENDS.toLocaleString('en-US')} sends through the module…`);
  const memory = RUN_MEMORY ? await memoryRun() : undefined;
  if (memory && !('error' in memory)) {
    console.log(
      `memory run: ${memory.seconds.toFixed(1)} s, heap ${((memory.heapEndBytes - memory.heapStartBytes) / 1048576).toFixed(2)} MiB from start to end; ${((performance.now() - started) / 1000).toFixed(0)} s of the ${BUDGET_SECONDS} s budget used`,
    );
  }
  const { records, pairs } = await throughput(started);

  const summaries = summarize(records, CONCURRENCIES, [REFERENCE, ...PARTNERS]);
  const ratios = pairRatios(records, CONCURRENCIES, PARTNERS);
  const report: BenchReport = {
    machine,
    command: commandLine(),
    sends: SENDS,
    seconds: SECONDS,
    warmupSends: WARMUP_SENDS,
    concurrencies: CONCURRENCIES,
    pairs,
    moduleConcurrencyLimit: `maxConcurrentRequests set to ${BENCH_MAX_CONCURRENT_REQUESTS} (default 32), above the 128 concurrent sends, so no send waits in the module's queue`,
    contenders: [REFERENCE, ...PARTNERS],
    summaries,
    ratios,
    memory,
    micro,
    targets: targets({ summaries, ratios, memory, micro, memorySends: MEMORY_SENDS }),
    wallSeconds: (performance.now() - started) / 1000,
  };
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
