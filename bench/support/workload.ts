/** The one workload every contender runs: the same send, the same definition, the same emulator client. */
import { performance } from 'node:perf_hooks';
import {
  documentedSendBody,
  type DocumentedSendBody,
} from '../../src/messaging/documented-examples.js';

/**
 * Salesforce's documented example send (shared/seed-messageDefinitionSends.md), built afresh for
 * each send as an application would build it. Every contender sends exactly this.
 */
export const sendBody = (): DocumentedSendBody => documentedSendBody();

/** The same body serialised once, for the emulator's own throughput benchmark. */
export const SEND_BODY_JSON = JSON.stringify(sendBody());

/** The definition every send addresses (one of the emulator's default definitions). */
export const DEFINITION = 'key:external_key';
/** The send route below the REST base URL. */
export const SEND_PATH = `messaging/v1/messageDefinitionSends/${DEFINITION}/send`;

/** The emulator's default API integration, and the MID every contender asks a token for. */
export const CLIENT_ID = 'emulator-client-id';
export const CLIENT_SECRET = 'emulator-client-secret';
/** sfmc-sdk requires an account_id; every contender sends the same one, so token requests are alike. */
export const ACCOUNT_ID = '100000001';

/**
 * The module queues calls beyond `maxConcurrentRequests` (default 32). The benchmark drives up to
 * 128 concurrent sends, so it raises the limit above that: the measure is the module's own cost,
 * not its queue. Said so in docs/BENCHMARKS.md.
 */
export const BENCH_MAX_CONCURRENT_REQUESTS = 256;

export interface LoadResult {
  /** Sends made (started and settled). */
  sends: number;
  seconds: number;
  /** Latency of each send in milliseconds, in completion order. */
  latencies: Float64Array;
  failures: number;
  firstFailure: string | undefined;
}

/**
 * Closed loop: `concurrency` workers, each starting its next send as soon as its previous one
 * settled, until `sends` sends were made or, with `seconds`, until that much time has passed and at
 * least `minSends` sends were started (no send starts after that). Latency is measured around each
 * `sendOnce()` call.
 */
export async function runClosedLoop(
  concurrency: number,
  sends: number,
  sendOnce: () => Promise<void>,
  seconds = Infinity,
  minSends = 0,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let started = 0;
  let failures = 0;
  let firstFailure: string | undefined;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, sends) }, async () => {
      while (started < sends && (started < minSends || performance.now() < deadline)) {
        started += 1;
        const begin = performance.now();
        try {
          await sendOnce();
        } catch (error) {
          failures += 1;
          firstFailure ??=
            error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        }
        latencies.push(performance.now() - begin);
      }
    }),
  );
  return {
    sends: latencies.length,
    seconds: (performance.now() - t0) / 1000,
    latencies: Float64Array.from(latencies),
    failures,
    firstFailure,
  };
}

/** The q-quantile (0..1) of a list of numbers, nearest rank. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const sorted = Float64Array.from(values).toSorted();
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** The median (the mean of the two middle values for an even count). */
export function median(values: readonly number[]): number {
  const sorted = values.toSorted((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
