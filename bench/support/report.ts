/** Summaries and the Markdown tables `npm run bench` prints (and writes to dist/bench/results.md). */
import type { ContenderRunResult } from '../contender-process.js';
import { CONTENDER_LABELS, type ContenderName } from '../contenders/contender.js';
import type { MemoryRunResult } from '../memory-process.js';
import type { MicroResult } from '../validation-micro.js';
import type { MachineInfo } from './machine.js';
import { median } from './workload.js';

export interface RunRecord {
  round: number;
  contender: ContenderName;
  concurrency: number;
  result?: ContenderRunResult;
  error?: string;
}

export interface Summary {
  contender: ContenderName;
  concurrency: number;
  rounds: number;
  sendsPerSecond: number;
  sendsPerSecondMin: number;
  sendsPerSecondMax: number;
  p50Ms: number;
  p99Ms: number;
  tokenRequests: number[];
  peakRssMiB: number;
  cpuMicrosPerSend: number;
  failures: number;
  errors: string[];
  paths: string[];
  warnings: string[];
}

export interface Ratios {
  concurrency: number;
  bOverA: number;
  bOverC: number;
  bOverD: number;
}

export type TargetStatus = 'MET' | 'MISSED' | 'NOT MEASURED';

export interface BenchReport {
  machine: MachineInfo;
  command: string;
  sends: number;
  warmupSends: number;
  concurrencies: number[];
  contenders: ContenderName[];
  rounds: number;
  moduleConcurrencyLimit: string;
  summaries: Summary[];
  ratios: Ratios[];
  memory: MemoryRunResult | { error: string } | undefined;
  micro: MicroResult | { error: string } | undefined;
  targets: { name: string; status: TargetStatus; detail: string }[];
  wallSeconds: number;
}

const MiB = 1024 * 1024;
const mib = (bytes: number) => (bytes / MiB).toFixed(2);

export function summarize(
  records: readonly RunRecord[],
  concurrencies: readonly number[],
  contenders: readonly ContenderName[],
): Summary[] {
  const summaries: Summary[] = [];
  for (const concurrency of concurrencies) {
    for (const contender of contenders) {
      const mine = records.filter(
        (r) => r.contender === contender && r.concurrency === concurrency,
      );
      const results = mine.flatMap((r) => (r.result ? [r.result] : []));
      const rates = results.map((r) => r.sendsPerSecond);
      summaries.push({
        contender,
        concurrency,
        rounds: results.length,
        sendsPerSecond: median(rates),
        sendsPerSecondMin: Math.min(...rates),
        sendsPerSecondMax: Math.max(...rates),
        p50Ms: median(results.map((r) => r.p50Ms)),
        p99Ms: median(results.map((r) => r.p99Ms)),
        tokenRequests: results.map((r) => r.tokenRequests),
        peakRssMiB: median(results.map((r) => r.peakRssBytes / MiB)),
        cpuMicrosPerSend: median(results.map((r) => r.cpuMicrosPerSend)),
        failures: results.reduce((n, r) => n + r.failures, 0),
        errors: [
          ...mine.flatMap((r) => (r.error ? [r.error] : [])),
          ...results.flatMap((r) => (r.firstFailure ? [r.firstFailure] : [])),
        ],
        paths: results[0]?.paths ?? [],
        warnings: [...new Set(results.flatMap((r) => r.warnings))],
      });
    }
  }
  return summaries;
}

/** Ratios of sends per second, taken within each round (side by side), then the median over rounds. */
export function ratios(records: readonly RunRecord[], concurrencies: readonly number[]): Ratios[] {
  return concurrencies.map((concurrency) => {
    const rate = (round: number, contender: ContenderName) =>
      records.find(
        (r) => r.round === round && r.contender === contender && r.concurrency === concurrency,
      )?.result?.sendsPerSecond;
    const rounds = [...new Set(records.map((r) => r.round))];
    const ratioOver = (other: ContenderName) =>
      median(
        rounds.flatMap((round) => {
          const b = rate(round, 'module');
          const o = rate(round, other);
          return b !== undefined && o !== undefined ? [b / o] : [];
        }),
      );
    return {
      concurrency,
      bOverA: ratioOver('raw-http'),
      bOverC: ratioOver('sfmc-sdk'),
      bOverD: ratioOver('fuel-rest'),
    };
  });
}

const fixed = (value: number, digits: number) =>
  Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
const thousands = (value: number) =>
  Number.isFinite(value) ? Math.round(value).toLocaleString('en-US') : 'n/a';

function tokenCell(counts: readonly number[]): string {
  if (counts.length === 0) return 'n/a';
  const low = Math.min(...counts);
  const high = Math.max(...counts);
  return low === high ? String(low) : `${low}–${high}`;
}

export function throughputTable(summaries: readonly Summary[]): string {
  const lines = [
    '| concurrency | contender | sends/s (median) | sends/s (min–max) | p50 ms | p99 ms | token requests | peak RSS MiB | client CPU µs/send | failed sends |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    if (s.rounds === 0) {
      lines.push(
        `| ${s.concurrency} | ${CONTENDER_LABELS[s.contender]} | failed: ${s.errors[0] ?? 'no result'} | | | | | | | |`,
      );
      continue;
    }
    lines.push(
      `| ${s.concurrency} | ${CONTENDER_LABELS[s.contender]} | ${thousands(s.sendsPerSecond)} | ${thousands(s.sendsPerSecondMin)}–${thousands(s.sendsPerSecondMax)} | ${fixed(s.p50Ms, 2)} | ${fixed(s.p99Ms, 2)} | ${tokenCell(s.tokenRequests)} | ${fixed(s.peakRssMiB, 0)} | ${fixed(s.cpuMicrosPerSend, 0)} | ${s.failures} |`,
    );
  }
  return lines.join('\n');
}

export function ratioTable(rows: readonly Ratios[]): string {
  return [
    '| concurrency | (b)/(a) module ÷ raw | (b)/(c) module ÷ sfmc-sdk | (b)/(d) module ÷ fuel-rest |',
    '|---:|---:|---:|---:|',
    ...rows.map(
      (r) =>
        `| ${r.concurrency} | ${fixed(r.bOverA, 2)} | ${fixed(r.bOverC, 2)} | ${fixed(r.bOverD, 2)} |`,
    ),
  ].join('\n');
}

export function memoryTable(memory: MemoryRunResult | { error: string } | undefined): string {
  if (!memory) return 'Not run (BENCH_MEMORY=0).';
  if ('error' in memory) return `Memory run failed: ${memory.error}`;
  return [
    `${memory.sends.toLocaleString('en-US')} sends through the module at concurrency ${memory.concurrency} in ${memory.seconds.toFixed(1)} s (${thousands(memory.sends / memory.seconds)} sends/s), ${memory.tokenRequests} token request(s), ${memory.failures} failed sends, peak RSS ${mib(memory.peakRssBytes)} MiB.`,
    '',
    '| after sends | heapUsed after forced GC (MiB) | change since start (MiB) |',
    '|---:|---:|---:|',
    ...memory.samples.map(
      (s) =>
        `| ${s.sends.toLocaleString('en-US')} | ${mib(s.heapUsedBytes)} | ${s.sends === 0 ? '—' : `${s.heapUsedBytes >= memory.heapStartBytes ? '+' : ''}${mib(s.heapUsedBytes - memory.heapStartBytes)}`} |`,
    ),
  ].join('\n');
}

export function microTable(
  micro: MicroResult | { error: string } | undefined,
  moduleCpuMicrosAt128: number,
): string {
  if (!micro) return 'Not run (BENCH_MICRO=0).';
  if ('error' in micro) return `Micro-benchmark failed: ${micro.error}`;
  const lines = [
    `| case | ns per call (median of ${micro.batches} interleaved batches of ${micro.iterations.toLocaleString('en-US')}) |`,
    '|---|---:|',
    ...micro.cases.map((c) => `| ${c.name} | ${thousands(c.nsPerCall)} |`),
    '',
  ];
  if (micro.validationMicros !== undefined) {
    lines.push(
      `Validation costs ${micro.validationMicros.toFixed(1)} µs per send (${micro.validationMicros20Attributes?.toFixed(1) ?? 'n/a'} µs with 20 attributes): ${fixed((micro.validationMicros / moduleCpuMicrosAt128) * 100, 0)}% of the module's client CPU per send at concurrency 128 (${fixed(moduleCpuMicrosAt128, 0)} µs). Everything the module does per send except the HTTP exchange: ${micro.sendWithoutHttpMicros.toFixed(1)} µs.`,
    );
  }
  if (micro.note) lines.push(micro.note);
  return lines.join('\n');
}

function warningLines(summaries: readonly Summary[]): string[] {
  const lines = summaries.flatMap((s) =>
    s.warnings.map(
      (warning) => `- ${CONTENDER_LABELS[s.contender]}, concurrency ${s.concurrency}: ${warning}`,
    ),
  );
  return lines.length > 0 ? lines : ['None.'];
}

export function markdownReport(report: BenchReport): string {
  const m = report.machine;
  const moduleAt128 = report.summaries.find(
    (s) => s.contender === 'module' && s.concurrency === 128,
  );
  const pathLines = report.summaries
    .filter((s) => s.concurrency === report.concurrencies[0])
    .map((s) => `- ${CONTENDER_LABELS[s.contender]}: ${s.paths.join(', ') || 'n/a'}`);
  return [
    `## Machine and command`,
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores; memory ${m.memoryGiB} GiB; ${m.os}; Node.js ${m.node}; load average at start ${m.loadAverageAtStart.join(' ')}`,
    `- Command: \`${report.command}\`; ${report.rounds} round(s); wall time of the measurement ${report.wallSeconds.toFixed(0)} s`,
    `- Workload: ${report.sends.toLocaleString('en-US')} sends per contender per concurrency, each contender and concurrency in a fresh process with a fresh emulator (cold token cache), after ${report.warmupSends.toLocaleString('en-US')} warm-up sends by a throw-away instance; contenders interleaved in every round (${report.contenders.join(', ')}).`,
    `- Module concurrency limit: ${report.moduleConcurrencyLimit}`,
    '',
    '## Throughput, latency, tokens, memory',
    '',
    throughputTable(report.summaries),
    '',
    '## Ratios of sends per second (per-round ratios, median)',
    '',
    ratioTable(report.ratios),
    '',
    '## Memory run',
    '',
    memoryTable(report.memory),
    '',
    '## Validation micro-benchmark',
    '',
    microTable(report.micro, moduleAt128?.cpuMicrosPerSend ?? Number.NaN),
    '',
    '## Targets',
    '',
    ...report.targets.map((t) => `- ${t.status}: ${t.name} (${t.detail})`),
    '',
    '## Where each client sent its requests (first of each kind)',
    '',
    ...pathLines,
    '',
    '## Process warnings',
    '',
    ...warningLines(report.summaries),
    '',
  ].join('\n');
}
