/**
 * The issue's targets, checked against one bench run (reported, never asserted in tests). Ratios are
 * the medians of per-pair ratios (report.ts).
 */
import type { MemoryRunResult } from '../memory-process.js';
import type { MicroResult } from '../validation-micro.js';
import type { ContenderName } from '../contenders/contender.js';
import type { PairRatios, Summary, TargetStatus } from './report.js';

export interface Target {
  name: string;
  status: TargetStatus;
  detail: string;
}

const MiB = 1024 * 1024;
const HEAP_GROWTH_LIMIT_BYTES = 5 * MiB;
/** "Flat": the heap moves by less than this over the second half of the memory run. */
const HEAP_FLAT_LIMIT_BYTES = 1 * MiB;
const VALIDATION_TARGET_MICROS = 8;

function status(measured: boolean, met: boolean): TargetStatus {
  if (!measured) return 'NOT MEASURED';
  return met ? 'MET' : 'MISSED';
}

const two = (value: number | undefined) =>
  value !== undefined && Number.isFinite(value) ? value.toFixed(2) : 'n/a';

export function targets(run: {
  summaries: readonly Summary[];
  ratios: PairRatios;
  memory: MemoryRunResult | { error: string } | undefined;
  micro: MicroResult | { error: string } | undefined;
  memorySends: number;
}): Target[] {
  const moduleOver = (over: ContenderName, concurrency: number) =>
    over === 'raw-http'
      ? run.ratios.overReference.find(
          (r) => r.contender === 'module' && r.concurrency === concurrency,
        )
      : run.ratios.moduleOver.find((r) => r.over === over && r.concurrency === concurrency);
  const ratioTarget = (over: ContenderName, at: number[], least: number): Target => {
    const found = at.map((c) => ({
      c,
      ratio: moduleOver(over, c)?.spread,
      cpu: moduleOver(over, c)?.cpuSpread,
    }));
    const measured = found.filter((f) => f.ratio && f.ratio.values.length > 0);
    return {
      name: `module ÷ ${over} at least ${least} at concurrency ${at.join(' and ')}`,
      status: status(
        measured.length === at.length,
        measured.every((f) => f.ratio!.median >= least),
      ),
      detail: found
        .map((f) => `c=${f.c}: ${two(f.ratio?.median)} (${two(f.ratio?.min)}–${two(f.ratio?.max)})`)
        .join('; '),
    };
  };
  const cpu = (contender: ContenderName, concurrency: number) =>
    run.summaries.find((s) => s.contender === contender && s.concurrency === concurrency)
      ?.cpuMicrosPerSend;
  const cpuTarget = (() => {
    const rows = [16, 128].map((c) => ({
      c,
      module: cpu('module', c),
      peers: [cpu('fuel-rest', c), cpu('sfmc-sdk', c)],
    }));
    const measured = rows.every(
      (r) => r.module !== undefined && r.peers.every((p) => p !== undefined),
    );
    return {
      name: "module's client CPU per send below fuel-rest's and sfmc-sdk's at concurrency 16 and 128",
      status: status(
        measured,
        rows.every((r) => r.peers.every((p) => r.module! < p!)),
      ),
      detail: rows
        .map(
          (r) =>
            `c=${r.c}: module ${r.module?.toFixed(0) ?? 'n/a'} µs, fuel-rest ${r.peers[0]?.toFixed(0) ?? 'n/a'}, sfmc-sdk ${r.peers[1]?.toFixed(0) ?? 'n/a'}`,
        )
        .join('; '),
    } satisfies Target;
  })();
  const moduleRuns = run.summaries.filter((s) => s.contender === 'module');
  const memory = run.memory && !('error' in run.memory) ? run.memory : undefined;
  const growth = memory ? memory.heapEndBytes - memory.heapStartBytes : Number.NaN;
  const half = memory?.samples.find((s) => s.sends >= memory.sends / 2);
  const secondHalf = memory && half ? memory.heapEndBytes - half.heapUsedBytes : Number.NaN;
  const micro = run.micro && !('error' in run.micro) ? run.micro : undefined;
  const undici = [16, 128].map((c) => `c=${c}: ${two(moduleOver('undici', c)?.spread.median)}`);
  return [
    ratioTarget('fuel-rest', [16, 128], 1.2),
    ratioTarget('sfmc-sdk', [16, 128], 1.5),
    ratioTarget('raw-http', [128], 0.5),
    cpuTarget,
    {
      name: 'module ÷ undici reported',
      status: status(moduleOver('undici', 128) !== undefined, true),
      detail: undici.join('; '),
    },
    {
      name: 'exactly 1 token request per cold start, at every concurrency, for the module',
      status: status(
        moduleRuns.some((s) => s.tokenRequests.length > 0),
        moduleRuns.every(
          (s) => s.tokenRequests.length > 0 && s.tokenRequests.every((n) => n === 1),
        ),
      ),
      detail: `token requests per run: ${moduleRuns.map((s) => `c=${s.concurrency}: ${s.tokenRequests.join(', ') || 'n/a'}`).join('; ') || 'n/a'}`,
    },
    {
      name: `heap flat over ${run.memorySends.toLocaleString('en-US')} sends (growth under 5 MiB, under 1 MiB over the second half)`,
      status: status(
        Number.isFinite(growth),
        growth < HEAP_GROWTH_LIMIT_BYTES && Math.abs(secondHalf) < HEAP_FLAT_LIMIT_BYTES,
      ),
      detail: memory
        ? `+${(growth / MiB).toFixed(2)} MiB in all, ${(secondHalf / MiB).toFixed(2)} MiB over the second half`
        : 'memory run not run or failed',
    },
    {
      name: `valid-body validation at most ${VALIDATION_TARGET_MICROS} µs (micro-benchmark)`,
      status: status(
        micro?.validationMicros !== undefined,
        (micro?.validationMicros ?? Infinity) <= VALIDATION_TARGET_MICROS,
      ),
      detail:
        micro?.validationMicros !== undefined
          ? `${micro.validationMicros.toFixed(1)} µs${micro.validationBytes !== undefined ? `, ${Math.round(micro.validationBytes).toLocaleString('en-US')} bytes allocated per call` : ''}`
          : 'not measured',
    },
  ];
}
