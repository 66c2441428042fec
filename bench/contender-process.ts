/**
 * One contender at one concurrency, in a process of its own (forked by run-benchmarks.ts), so that
 * its token cache starts cold and its peak RSS is its own. A throw-away instance first warms up the
 * code (JIT) and the connection to the emulator; then a new instance, with an empty token cache,
 * makes the measured sends. The result goes back to the parent over IPC. CPU is counted in both
 * processes over the measured sends only: this process's own `process.cpuUsage()`, and the
 * emulator's, which the parent reads from the emulator process (`EMULATOR_CPU_QUESTION`).
 */
import { performance } from 'node:perf_hooks';
import { LOAD_CONTENDER } from './contenders/index.js';
import type { ContenderName } from './contenders/contender.js';
import { askParent, serveChild } from './support/child-process.js';
import { EMULATOR_CPU_QUESTION, EMULATOR_URL_QUESTION } from './support/emulator-process.js';
import { countWireRequests } from './support/wire-counter.js';
import { quantile, runClosedLoop } from './support/workload.js';

export interface ContenderRunConfig {
  contender: ContenderName;
  concurrency: number;
  /** Measured sends at most… */
  sends: number;
  /** …and measured seconds at most: the run ends at whichever comes first… */
  seconds: number;
  /** …once at least this many sends were made. */
  minSends: number;
  warmupSends: number;
  /** The emulator's address; when absent, asked of the parent once the contender is loaded. */
  authBaseUrl?: string;
}

export interface ContenderRunResult {
  contender: ContenderName;
  concurrency: number;
  sends: number;
  sendsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  failures: number;
  firstFailure: string | undefined;
  /** Token requests the measured (cold) instance put on the wire. */
  tokenRequests: number;
  /** Send requests on the wire (more than `sends` would mean retries). */
  sendRequests: number;
  otherRequests: number;
  paths: string[];
  /** CPU time of this process (user + system) per measured send, in microseconds. */
  cpuMicrosPerSend: number;
  /** The emulator process's CPU time (user + system) per measured send, in microseconds. */
  emulatorCpuMicrosPerSend: number;
  /** Peak resident set size of the process (warm-up included), in bytes. */
  peakRssBytes: number;
  /** Time to create the measured instance (the Nest context, the SDK object…). */
  setupMs: number;
  /** Process warnings emitted during the run (e.g. MaxListenersExceededWarning), once each. */
  warnings: string[];
}

async function run(config: ContenderRunConfig): Promise<ContenderRunResult> {
  const create = await LOAD_CONTENDER[config.contender]();
  // The parent starts the emulator while this process loads the contender's modules.
  const target = {
    authBaseUrl: config.authBaseUrl ?? (await askParent<string>(EMULATOR_URL_QUESTION)),
  };
  const wire = countWireRequests();
  const warnings = new Set<string>();
  process.on('warning', (warning) => warnings.add(`${warning.name}: ${warning.message}`));

  if (config.warmupSends > 0) {
    const warmup = await create(target);
    const warm = await runClosedLoop(config.concurrency, config.warmupSends, warmup.send);
    await warmup.close();
    if (warm.failures > 0) throw new Error(`warm-up failed: ${warm.firstFailure}`);
  }

  wire.reset();
  const setupStart = performance.now();
  const contender = await create(target);
  const setupMs = performance.now() - setupStart;
  const emulatorBefore = await askParent<number>(EMULATOR_CPU_QUESTION);
  const cpuBefore = process.cpuUsage();
  const load = await runClosedLoop(
    config.concurrency,
    config.sends,
    contender.send,
    config.seconds,
    config.minSends,
  );
  const cpu = process.cpuUsage(cpuBefore);
  const emulatorAfter = await askParent<number>(EMULATOR_CPU_QUESTION);
  await contender.close();

  return {
    contender: config.contender,
    concurrency: config.concurrency,
    sends: load.sends,
    sendsPerSecond: load.sends / load.seconds,
    p50Ms: quantile(load.latencies, 0.5),
    p99Ms: quantile(load.latencies, 0.99),
    failures: load.failures,
    firstFailure: load.firstFailure,
    tokenRequests: wire.counts.tokenRequests,
    sendRequests: wire.counts.sendRequests,
    otherRequests: wire.counts.otherRequests,
    paths: [...wire.counts.paths],
    cpuMicrosPerSend: (cpu.user + cpu.system) / load.sends,
    emulatorCpuMicrosPerSend: (emulatorAfter - emulatorBefore) / load.sends,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    setupMs,
    warnings: [...warnings],
  };
}

serveChild(run);
