/**
 * The memory run (forked by run-benchmarks.ts with --expose-gc): 100,000 sends through the module,
 * with the heap measured after a forced GC before the first send, after every 10,000 sends and at
 * the end. A leak shows as a heap that keeps rising from sample to sample.
 */
import { createNestModule } from './contenders/nest-module.js';
import { serveChild } from './support/child-process.js';
import { countWireRequests } from './support/wire-counter.js';
import { runClosedLoop } from './support/workload.js';

export interface MemoryRunConfig {
  authBaseUrl: string;
  sends: number;
  concurrency: number;
  sampleEvery: number;
}

export interface MemoryRunResult {
  sends: number;
  concurrency: number;
  seconds: number;
  failures: number;
  firstFailure: string | undefined;
  tokenRequests: number;
  /** heapUsed after forced GC, with the module started and no send made yet. */
  heapStartBytes: number;
  heapEndBytes: number;
  samples: { sends: number; heapUsedBytes: number }[];
  peakRssBytes: number;
}

function heapAfterGc(): number {
  if (!globalThis.gc) throw new Error('run with node --expose-gc');
  // Twice: the first pass can leave garbage that finalizers made collectable.
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

async function run(config: MemoryRunConfig): Promise<MemoryRunResult> {
  const wire = countWireRequests();
  const contender = await createNestModule({ authBaseUrl: config.authBaseUrl });
  const heapStartBytes = heapAfterGc();
  const samples = [{ sends: 0, heapUsedBytes: heapStartBytes }];
  let sent = 0;
  let seconds = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  while (sent < config.sends) {
    const chunk = Math.min(config.sampleEvery, config.sends - sent);
    const load = await runClosedLoop(config.concurrency, chunk, contender.send);
    sent += chunk;
    seconds += load.seconds;
    failures += load.failures;
    firstFailure ??= load.firstFailure;
    samples.push({ sends: sent, heapUsedBytes: heapAfterGc() });
  }
  const heapEndBytes = samples.at(-1)!.heapUsedBytes;
  await contender.close();
  return {
    sends: sent,
    concurrency: config.concurrency,
    seconds,
    failures,
    firstFailure,
    tokenRequests: wire.counts.tokenRequests,
    heapStartBytes,
    heapEndBytes,
    samples,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
  };
}

serveChild(run);
