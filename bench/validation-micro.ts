/**
 * Micro-benchmark of what request validation costs per send (forked by run-benchmarks.ts). Times,
 * in one process and with no network:
 * - building the body (the baseline every other case includes);
 * - the module's own `validateSendRequest` (class-transformer + class-validator), loaded from the
 *   built package; it is internal, so it is imported by its file, not through the public API;
 * - `JSON.stringify` of the same body, for scale (every client pays it);
 * - `TriggeredSendService.send` with the HTTP client replaced by one that answers 202 at once:
 *   everything the module does per send except the HTTP exchange.
 * Each case: a warm-up batch, then batches interleaved with the other cases (in list order, then
 * in reverse order, alternately: A B, B A); the median batch gives nanoseconds per call. One more
 * batch per case, under v8's GCProfiler, gives the bytes it allocates per call (the heap's growth
 * plus what every GC in the batch freed).
 *
 * A lever's before/after in one process: BENCH_BASELINE_MODULE=<folder> (a copy of another build's
 * libs/marketing-cloud/dist inside the repository, e.g. dist/baseline-module) adds that build's
 * validateSendRequest as "before" cases, interleaved with the others, and reports the per-round
 * ratios after ÷ before (median, min–max). Run by hand (`npm run bench:validation`), it prints a
 * Markdown table.
 */
import 'reflect-metadata';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { GCProfiler, getHeapStatistics } from 'node:v8';
import { Logger } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { IsString } from 'class-validator';
import {
  MarketingCloudHttpClient,
  MarketingCloudModule,
  TriggeredSendService,
  type HttpAnswer,
} from 'nestjs-marketing-cloud';
import {
  ACCOUNT_ID,
  CLIENT_ID,
  CLIENT_SECRET,
  DEFINITION,
  median,
  sendBody,
} from './support/workload.js';
import { serveChild } from './support/child-process.js';
import { microTable } from './support/report.js';

export interface MicroCase {
  name: string;
  nsPerCall: number;
  /**
   * CPU time of the process per call (user + system, median batch): on a shared machine, where
   * the process is descheduled part of the time, the steadier of the two.
   */
  cpuNsPerCall: number;
  /** Heap bytes allocated per call. */
  bytesPerCall: number;
  /** ns per call of each round's batch, in round order; and CPU ns. */
  rounds: number[];
  cpuRounds: number[];
}

/** A case of this build against the same case of the baseline build, round by round. */
export interface MicroComparison {
  name: string;
  beforeNs: number;
  afterNs: number;
  beforeCpuNs: number;
  afterCpuNs: number;
  beforeBytes: number;
  afterBytes: number;
  /** after ÷ before of each round (the two batches of a round ran next to each other). */
  ratios: number[];
  /** The same, of CPU time. */
  cpuRatios: number[];
}

export interface MicroResult {
  /** Batches per case, and calls per batch. */
  batches: number;
  iterations: number;
  cases: MicroCase[];
  /** validateSendRequest minus building the body, per send (documented example body). */
  validationMicros: number | undefined;
  /** The same with 20 subscriber attributes. */
  validationMicros20Attributes: number | undefined;
  /** Bytes validateSendRequest allocates per call, building the body excluded. */
  validationBytes: number | undefined;
  /** TriggeredSendService.send over a stub HTTP client, minus building the body. */
  sendWithoutHttpMicros: number;
  /** With BENCH_EXTRA_DTO_CLASSES: the decorated classes registered before timing. */
  extraDtoClasses?: number;
  /** With BENCH_BASELINE_MODULE: this build's validation against the baseline's. */
  comparisons?: MicroComparison[];
  note: string | undefined;
}

const BATCHES = Number(process.env['BENCH_MICRO_BATCHES'] ?? 9);
const ITERATIONS = 10_000;

function bodyWith20Attributes() {
  const body = sendBody();
  for (let i = 0; i < 20; i += 1)
    body.To.ContactAttributes.SubscriberAttributes[`Attribute${i}`] = `value ${i}`;
  return body;
}

interface TimedCase {
  name: string;
  /** Runs the case `iterations` times. */
  batch(iterations: number): unknown;
}

const syncCase = (name: string, fn: () => unknown): TimedCase => ({
  name,
  batch: (iterations) => {
    let last: unknown;
    for (let i = 0; i < iterations; i += 1) last = fn();
    return last;
  },
});

const asyncCase = (name: string, fn: () => Promise<unknown>): TimedCase => ({
  name,
  batch: async (iterations) => {
    for (let i = 0; i < iterations; i += 1) await fn();
  },
});

/**
 * A warm-up batch of each case, then BATCHES rounds in which every case runs one batch in turn
 * (interleaved, so that a noisy moment hits all cases alike); the median batch of each case.
 */
async function timeCases(cases: readonly TimedCase[]): Promise<MicroCase[]> {
  for (const timed of cases) await timed.batch(ITERATIONS);
  const perCase = cases.map(() => [] as number[]);
  const cpuPerCase = cases.map(() => [] as number[]);
  const indices = cases.map((_, index) => index);
  for (let round = 0; round < BATCHES; round += 1) {
    for (const index of round % 2 === 0 ? indices : indices.toReversed()) {
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await cases[index]!.batch(ITERATIONS);
      perCase[index]!.push(((performance.now() - t0) * 1e6) / ITERATIONS);
      const used = process.cpuUsage(cpu);
      cpuPerCase[index]!.push(((used.user + used.system) * 1e3) / ITERATIONS);
    }
  }
  const allocated: number[] = [];
  for (const timed of cases) allocated.push(await bytesPerCall(timed));
  return cases.map((timed, index) => ({
    name: timed.name,
    nsPerCall: median(perCase[index]!),
    cpuNsPerCall: median(cpuPerCase[index]!),
    bytesPerCall: allocated[index]!,
    rounds: perCase[index]!,
    cpuRounds: cpuPerCase[index]!,
  }));
}

/** One batch under GCProfiler: heap growth plus the bytes each GC during the batch freed. */
async function bytesPerCall(timed: TimedCase): Promise<number> {
  globalThis.gc?.();
  const profiler = new GCProfiler();
  const before = getHeapStatistics().used_heap_size;
  profiler.start();
  await timed.batch(ITERATIONS);
  const after = getHeapStatistics().used_heap_size;
  const freed = (profiler.stop()?.statistics ?? []).reduce(
    (sum, gc) =>
      sum + gc.beforeGC.heapStatistics.usedHeapSize - gc.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  return (after - before + freed) / ITERATIONS;
}

/** The module's internal validators, from the built package's own file (dist/cjs). */
interface Validators {
  validateSendRequest?: (input: unknown) => unknown;
  /** The same without the fast path (class-validator on every body), where the build has it. */
  validateSendRequestWithClassValidator?: (input: unknown) => unknown;
}

const VALIDATOR_FILE = 'cjs/triggered-send/validate-send-request.js';

async function loadValidators(): Promise<Validators> {
  // The package's ESM entry (dist/esm) re-exports its CommonJS build, where the internal files are.
  const url = new URL(`../${VALIDATOR_FILE}`, import.meta.resolve('nestjs-marketing-cloud'));
  try {
    return (await import(url.href)) as Validators;
  } catch {
    return {};
  }
}

/** The baseline build's validateSendRequest (BENCH_BASELINE_MODULE), if one is given. */
async function loadBaselineValidator(): Promise<Validators['validateSendRequest']> {
  const folder = process.env['BENCH_BASELINE_MODULE'];
  if (!folder) return undefined;
  const url = pathToFileURL(resolve(folder, VALIDATOR_FILE));
  return ((await import(url.href)) as Validators).validateSendRequest;
}

/** The module's TriggeredSendService, wired by Nest, with an HTTP client that answers 202 at once. */
async function serviceOverStubHttp(): Promise<TriggeredSendService> {
  const accepted: HttpAnswer = {
    status: 202,
    headers: {},
    data: {
      requestId: 'f2f115ba-36d8-4f38-b1aa-4b19d9a052ab',
      responses: [
        {
          recipientSendId: 'c1b9fa0f-9dac-4b74-99de-5aa4ef8cd6ff',
          hasErrors: false,
          messages: ['Queued'],
        },
      ],
    },
  };
  Logger.overrideLogger(false);
  const moduleRef = await Test.createTestingModule({
    imports: [
      MarketingCloudModule.forRoot({
        authBaseUrl: 'http://127.0.0.1:9/auth/',
        clientId: CLIENT_ID,
        clientSecret: CLIENT_SECRET,
        accountId: ACCOUNT_ID,
      }),
    ],
  }).compile();
  // The service is built by a factory over the instance's private token, so overriding the
  // MarketingCloudHttpClient class provider would not reach it: the one client instance it holds
  // answers at once instead.
  const client = moduleRef.get(MarketingCloudHttpClient);
  client.request = async () => accepted;
  return moduleRef.get(TriggeredSendService);
}

const REFUSED_CASE = 'validateSendRequest(body with a bad To.Address), refused';

/** A body class-validator decides (and words): the documented one with a bad recipient address. */
function refused(validate: (input: unknown) => unknown): unknown {
  const body = sendBody();
  body.To.Address = 'not an address';
  try {
    return validate(body);
  } catch (error) {
    return error;
  }
}

/**
 * BENCH_EXTRA_DTO_CLASSES=<n>: registers n more classes with a class-validator rule each, as a
 * large application has, before timing (class-validator's metadata lookup walks all of them).
 */
function registerExtraDtoClasses(): number {
  const count = Number(process.env['BENCH_EXTRA_DTO_CLASSES'] ?? 0);
  for (let index = 0; index < count; index += 1) {
    const Dto = class {
      name?: string;
    };
    IsString()(Dto.prototype, 'name');
  }
  return count;
}

async function run(): Promise<MicroResult> {
  const extraDtoClasses = registerExtraDtoClasses();
  const validators = await loadValidators();
  const validate = validators.validateSendRequest;
  const slow = validators.validateSendRequestWithClassValidator;
  const service = await serviceOverStubHttp();
  const cases: TimedCase[] = [
    syncCase('build the body (baseline)', sendBody),
    syncCase('build a body with 20 attributes', bodyWith20Attributes),
    syncCase('JSON.stringify(body)', () => JSON.stringify(sendBody())),
    asyncCase('TriggeredSendService.send, HTTP stubbed', () =>
      service.send(DEFINITION, sendBody()),
    ),
  ];
  if (validate) {
    cases.push(
      syncCase('validateSendRequest(body)', () => validate(sendBody())),
      syncCase('validateSendRequest(body with 20 attributes)', () =>
        validate(bodyWith20Attributes()),
      ),
      syncCase(REFUSED_CASE, () => refused(validate)),
    );
  }
  if (slow) {
    cases.push(
      syncCase('validateSendRequest without the fast path (class-validator)', () =>
        slow(sendBody()),
      ),
    );
  }
  const before = await loadBaselineValidator();
  if (before) {
    cases.push(
      syncCase(`${BEFORE}validateSendRequest(body)`, () => before(sendBody())),
      syncCase(`${BEFORE}validateSendRequest(body with 20 attributes)`, () =>
        before(bodyWith20Attributes()),
      ),
      syncCase(`${BEFORE}${REFUSED_CASE}`, () => refused(before)),
    );
  }
  const timed = await timeCases(cases);
  const ns = (name: string) => timed.find((c) => c.name === name)?.nsPerCall ?? Number.NaN;
  const baseline = ns('build the body (baseline)');
  const bytes = (name: string) => timed.find((c) => c.name === name)?.bytesPerCall ?? Number.NaN;
  return {
    batches: BATCHES,
    iterations: ITERATIONS,
    cases: timed,
    validationMicros: validate ? (ns('validateSendRequest(body)') - baseline) / 1000 : undefined,
    validationMicros20Attributes: validate
      ? (ns('validateSendRequest(body with 20 attributes)') -
          ns('build a body with 20 attributes')) /
        1000
      : undefined,
    validationBytes: validate
      ? bytes('validateSendRequest(body)') - bytes('build the body (baseline)')
      : undefined,
    sendWithoutHttpMicros: (ns('TriggeredSendService.send, HTTP stubbed') - baseline) / 1000,
    ...(before && { comparisons: comparisons(timed) }),
    ...(extraDtoClasses > 0 && { extraDtoClasses }),
    note: validate
      ? undefined
      : 'validate-send-request.js not found in the built package: validation timed only inside send()',
  };
}

const BEFORE = 'before: ';

/** Each "before:" case against the same case of this build, round by round. */
function comparisons(timed: readonly MicroCase[]): MicroComparison[] {
  return timed.flatMap((beforeCase) => {
    if (!beforeCase.name.startsWith(BEFORE)) return [];
    const afterCase = timed.find((c) => c.name === beforeCase.name.slice(BEFORE.length));
    if (!afterCase) return [];
    return [
      {
        name: afterCase.name,
        beforeNs: beforeCase.nsPerCall,
        afterNs: afterCase.nsPerCall,
        beforeCpuNs: beforeCase.cpuNsPerCall,
        afterCpuNs: afterCase.cpuNsPerCall,
        beforeBytes: beforeCase.bytesPerCall,
        afterBytes: afterCase.bytesPerCall,
        ratios: afterCase.rounds.map((ns, round) => ns / beforeCase.rounds[round]!),
        cpuRatios: afterCase.cpuRounds.map((ns, round) => ns / beforeCase.cpuRounds[round]!),
      },
    ];
  });
}

serveChild(run, (result) => microTable(result));
