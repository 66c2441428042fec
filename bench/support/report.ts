/** Summaries and the Markdown tables `npm run bench` prints (and writes to dist/bench/results.md). */
import type { ContenderRunResult } from '../contender-process.js';
import { CONTENDER_LABELS, REFERENCE, type ContenderName } from '../contenders/contender.js';
import type { MemoryRunResult } from '../memory-process.js';
import type { MicroResult } from '../validation-micro.js';
import type { MachineInfo } from './machine.js';
import { median } from './workload.js';

export interface RunRecord {
  /** Which pair of runs this run belongs to (1, 2, …), for its partner. */
  pair: number;
  /** The non-reference contender of the pair (for the reference's own runs, whom it ran beside). */
  partner: ContenderName;
  contender: ContenderName;
  concurrency: number;
  result?: ContenderRunResult;
  error?: string;
}

export interface Summary {
  contender: ContenderName;
  concurrency: number;
  /** Runs that gave a result. */
  runs: number;
  sendsPerSecond: number;
  sendsPerSecondMin: number;
  sendsPerSecondMax: number;
  p50Ms: number;
  p99Ms: number;
  tokenRequests: number[];
  peakRssMiB: number;
  cpuMicrosPerSend: number;
  emulatorCpuMicrosPerSend: number;
  failures: number;
  errors: string[];
  paths: string[];
  warnings: string[];
}

/** A ratio of sends per second taken pair by pair: its median and spread over the pairs. */
export interface RatioSpread {
  median: number;
  min: number;
  max: number;
  values: number[];
}

export interface PairRatio {
  concurrency: number;
  contender: ContenderName;
  over: ContenderName;
  /** Of sends per second. */
  spread: RatioSpread;
  /**
   * Of sends per CPU-second of the client process (1 ÷ CPU per send): the throughput ratio at equal
   * CPU share, far less sensitive than sends/s to how much of the shared machine each run got.
   */
  cpuSpread: RatioSpread;
}

export interface PairRatios {
  /** Each contender ÷ the reference (raw node:http) it ran beside. */
  overReference: PairRatio[];
  /** The module ÷ each other contender: per pair, (module ÷ its raw) ÷ (other ÷ its raw). */
  moduleOver: PairRatio[];
}

export type TargetStatus = 'MET' | 'MISSED' | 'NOT MEASURED';

export interface BenchReport {
  machine: MachineInfo;
  command: string;
  sends: number;
  seconds: number;
  warmupSends: number;
  concurrencies: number[];
  contenders: ContenderName[];
  pairs: number;
  moduleConcurrencyLimit: string;
  summaries: Summary[];
  ratios: PairRatios;
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
        runs: results.length,
        sendsPerSecond: median(rates),
        sendsPerSecondMin: Math.min(...rates),
        sendsPerSecondMax: Math.max(...rates),
        p50Ms: median(results.map((r) => r.p50Ms)),
        p99Ms: median(results.map((r) => r.p99Ms)),
        tokenRequests: results.map((r) => r.tokenRequests),
        peakRssMiB: median(results.map((r) => r.peakRssBytes / MiB)),
        cpuMicrosPerSend: median(results.map((r) => r.cpuMicrosPerSend)),
        emulatorCpuMicrosPerSend: median(results.map((r) => r.emulatorCpuMicrosPerSend)),
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

const defined = (values: (number | undefined)[]) =>
  values.filter((v): v is number => v !== undefined);

function spread(values: number[]): RatioSpread {
  return {
    median: median(values),
    min: values.length > 0 ? Math.min(...values) : Number.NaN,
    max: values.length > 0 ? Math.max(...values) : Number.NaN,
    values,
  };
}

type Metric = (result: ContenderRunResult) => number;
const perSecond: Metric = (r) => r.sendsPerSecond;
const perCpuSecond: Metric = (r) => 1e6 / r.cpuMicrosPerSend;

/**
 * Ratios of sends per second, each taken within one pair (two runs side by side), then their median
 * and spread over the pairs.
 */
export function pairRatios(
  records: readonly RunRecord[],
  concurrencies: readonly number[],
  partners: readonly ContenderName[],
): PairRatios {
  const pairs = [...new Set(records.map((r) => r.pair))].toSorted((x, y) => x - y);
  const rate = (
    metric: Metric,
    pair: number,
    concurrency: number,
    partner: ContenderName,
    who: ContenderName,
  ) => {
    const result = records.find(
      (r) =>
        r.pair === pair &&
        r.concurrency === concurrency &&
        r.partner === partner &&
        r.contender === who,
    )?.result;
    return result ? metric(result) : undefined;
  };
  /** partner ÷ the reference it ran beside, per pair (undefined where a run failed). */
  const overRaw = (concurrency: number, partner: ContenderName, metric = perSecond) =>
    pairs.map((pair) => {
      const mine = rate(metric, pair, concurrency, partner, partner);
      const raw = rate(metric, pair, concurrency, partner, REFERENCE);
      return mine !== undefined && raw !== undefined ? mine / raw : undefined;
    });
  const moduleOverOther = (concurrency: number, other: ContenderName, metric: Metric) => {
    const moduleRatios = overRaw(concurrency, 'module', metric);
    const otherRatios = overRaw(concurrency, other, metric);
    return defined(
      moduleRatios.map((m, i) => {
        const o = otherRatios[i];
        return m !== undefined && o !== undefined ? m / o : undefined;
      }),
    );
  };
  const overReference: PairRatio[] = [];
  const moduleOver: PairRatio[] = [];
  for (const concurrency of concurrencies) {
    for (const contender of partners) {
      overReference.push({
        concurrency,
        contender,
        over: REFERENCE,
        spread: spread(defined(overRaw(concurrency, contender))),
        cpuSpread: spread(defined(overRaw(concurrency, contender, perCpuSecond))),
      });
    }
    if (!partners.includes('module')) continue;
    for (const other of partners.filter((name) => name !== 'module')) {
      moduleOver.push({
        concurrency,
        contender: 'module',
        over: other,
        spread: spread(moduleOverOther(concurrency, other, perSecond)),
        cpuSpread: spread(moduleOverOther(concurrency, other, perCpuSecond)),
      });
    }
  }
  return { overReference, moduleOver };
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
    '| concurrency | contender | runs | sends/s (median) | sends/s (min–max) | p50 ms | p99 ms | token requests | peak RSS MiB | client CPU µs/send | emulator CPU µs/send | failed sends |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of summaries) {
    if (s.runs === 0) {
      lines.push(
        `| ${s.concurrency} | ${CONTENDER_LABELS[s.contender]} | 0 | failed: ${s.errors[0] ?? 'no result'} | | | | | | | | |`,
      );
      continue;
    }
    lines.push(
      `| ${s.concurrency} | ${CONTENDER_LABELS[s.contender]} | ${s.runs} | ${thousands(s.sendsPerSecond)} | ${thousands(s.sendsPerSecondMin)}–${thousands(s.sendsPerSecondMax)} | ${fixed(s.p50Ms, 2)} | ${fixed(s.p99Ms, 2)} | ${tokenCell(s.tokenRequests)} | ${fixed(s.peakRssMiB, 0)} | ${fixed(s.cpuMicrosPerSend, 0)} | ${fixed(s.emulatorCpuMicrosPerSend, 0)} | ${s.failures} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The emulator's ceiling on one core (1 s ÷ its CPU per send), from the runs beside which it did
 * the least work per send: the most sends/s it could answer, whatever the client.
 */
export function emulatorCeiling(summaries: readonly Summary[]): string {
  const concurrencies = [...new Set(summaries.map((s) => s.concurrency))];
  const cells = concurrencies.map((concurrency) => {
    const runs = summaries.filter(
      (s) => s.concurrency === concurrency && Number.isFinite(s.emulatorCpuMicrosPerSend),
    );
    const leanest = Math.min(...runs.map((s) => s.emulatorCpuMicrosPerSend));
    return `c=${concurrency}: ${thousands(1e6 / leanest)} sends/s (${fixed(leanest, 0)} µs of its CPU per send)`;
  });
  return `The emulator's ceiling on one core, 1 s ÷ its least CPU per send in a row above: ${cells.join('; ')}.`;
}

const spreadCell = (s: RatioSpread) =>
  s.values.length === 0
    ? 'n/a'
    : `**${fixed(s.median, 2)}** (${fixed(s.min, 2)}–${fixed(s.max, 2)}; ${s.values.map((v) => fixed(v, 2)).join(', ')})`;

export function ratioTable(rows: readonly PairRatio[]): string {
  return [
    '| concurrency | ratio | sends/s: median (min–max; each pair in order) | sends per CPU-second of the client: median (min–max; each pair) |',
    '|---:|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.concurrency} | ${r.contender} ÷ ${r.over} | ${spreadCell(r.spread)} | ${spreadCell(r.cpuSpread)} |`,
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

/** after ÷ before ratios: median (min–max). */
const ratioSpread = (ratios: readonly number[]) =>
  `×${fixed(median(ratios), 2)} (${fixed(Math.min(...ratios), 2)}–${fixed(Math.max(...ratios), 2)})`;

/** The micro-benchmark's table; `moduleCpuMicrosAt128` (the module's CPU per send) puts validation in scale. */
export function microTable(
  micro: MicroResult | { error: string } | undefined,
  moduleCpuMicrosAt128?: number,
): string {
  if (!micro) return 'Not run (BENCH_MICRO=0).';
  if ('error' in micro) return `Micro-benchmark failed: ${micro.error}`;
  const lines = [
    `| case | ns per call (median of ${micro.batches} interleaved batches of ${micro.iterations.toLocaleString('en-US')}) | CPU ns per call | bytes allocated per call |`,
    '|---|---:|---:|---:|',
    ...micro.cases.map(
      (c) =>
        `| ${c.name} | ${thousands(c.nsPerCall)} | ${thousands(c.cpuNsPerCall)} | ${thousands(c.bytesPerCall)} |`,
    ),
    '',
  ];
  if (micro.validationMicros !== undefined) {
    const share =
      moduleCpuMicrosAt128 === undefined
        ? ''
        : `: ${fixed((micro.validationMicros / moduleCpuMicrosAt128) * 100, 1)}% of the module's client CPU per send at concurrency 128 (${fixed(moduleCpuMicrosAt128, 0)} µs)`;
    lines.push(
      `Validation costs ${micro.validationMicros.toFixed(1)} µs per send (${micro.validationMicros20Attributes?.toFixed(1) ?? 'n/a'} µs with 20 attributes) and allocates ${thousands(micro.validationBytes ?? Number.NaN)} bytes, building the body excluded${share}. Everything the module does per send except the HTTP exchange: ${micro.sendWithoutHttpMicros.toFixed(1)} µs.`,
    );
  }
  for (const c of micro.comparisons ?? []) {
    lines.push(
      '',
      `${c.name}, against the baseline build (building the body included): ${thousands(c.beforeNs)} → ${thousands(c.afterNs)} ns (${ratioSpread(c.ratios)} per round), CPU ${thousands(c.beforeCpuNs)} → ${thousands(c.afterCpuNs)} ns (${ratioSpread(c.cpuRatios)}), ${thousands(c.beforeBytes)} → ${thousands(c.afterBytes)} bytes per call.`,
    );
  }
  if (micro.extraDtoClasses) {
    lines.push(
      '',
      `(${thousands(micro.extraDtoClasses)} more decorated classes registered with class-validator before timing: BENCH_EXTRA_DTO_CLASSES.)`,
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
    `- Command: \`${report.command}\`; ${report.pairs} pair(s) per row; wall time of the measurement ${report.wallSeconds.toFixed(0)} s`,
    `- Workload: each run measures for ${report.seconds} s (or ${report.sends.toLocaleString('en-US')} sends, whichever ends first), each run in a fresh process with a fresh emulator (cold token cache), after ${report.warmupSends.toLocaleString('en-US')} warm-up sends by a throw-away instance. Each of ${report.contenders.filter((c) => c !== REFERENCE).join(', ')} ran in pairs beside ${REFERENCE}, the reference first in odd pairs and second in even pairs; every ratio is taken within one pair.`,
    `- Module concurrency limit: ${report.moduleConcurrencyLimit}`,
    '',
    '## Throughput, latency, tokens, memory',
    '',
    throughputTable(report.summaries),
    '',
    emulatorCeiling(report.summaries),
    '',
    '## Ratios of sends per second, pair by pair',
    '',
    'Each contender ÷ raw node:http, the run beside it:',
    '',
    ratioTable(report.ratios.overReference),
    '',
    'The module ÷ each other contender, per pair: (module ÷ its raw) ÷ (other ÷ its raw):',
    '',
    ratioTable(report.ratios.moduleOver),
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
