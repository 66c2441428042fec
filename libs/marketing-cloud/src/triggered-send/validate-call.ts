import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import type { MarketingCloudCallOptions } from './triggered-send-result.js';
import { ViolationList } from './violation-list.js';

/** The same bounds as the module's `requestTimeoutMs`. */
const MIN_TIMEOUT_MS = 100;
const MAX_TIMEOUT_MS = 300_000;

/**
 * Reads only the documented per-call settings: an options bag is never spread into the request,
 * so it cannot change the body, the retry safety or anything else of the call.
 */
export function validateCallOptions(options: unknown): MarketingCloudCallOptions {
  if (options === undefined) return {};
  const { timeoutMs, signal, retry } = (options ?? {}) as Record<string, unknown>;
  const violations = new ViolationList();
  if (
    timeoutMs !== undefined &&
    !(
      Number.isInteger(timeoutMs) &&
      (timeoutMs as number) >= MIN_TIMEOUT_MS &&
      (timeoutMs as number) <= MAX_TIMEOUT_MS
    )
  ) {
    violations.add(
      'options.timeoutMs',
      'isTimeout',
      `must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`,
    );
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    violations.add('options.signal', 'isAbortSignal', 'must be an AbortSignal');
  }
  if (retry !== undefined && typeof retry !== 'boolean') {
    violations.add('options.retry', 'isBoolean', 'must be true or false');
  }
  if (violations.size > 0) throw violations.toError('call options');
  return {
    ...(timeoutMs !== undefined && { timeoutMs: timeoutMs as number }),
    ...(signal !== undefined && { signal: signal as AbortSignal }),
    ...(retry !== undefined && { retry: retry as boolean }),
  };
}

/**
 * Runs every check of a call and throws one MarketingCloudValidationError listing all their
 * violations, so the caller learns everything that is wrong at once (capped, as each list is).
 */
export function validateAll<T extends unknown[]>(
  what: string,
  ...checks: { [K in keyof T]: () => T[K] }
): T {
  const violations = new ViolationList();
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof MarketingCloudValidationError)) throw error;
      // One by one: spreading an input-sized list into push() overflows the stack.
      violations.pushAll(error.violations);
      return undefined;
    }
  });
  if (violations.size > 0) throw violations.toError(what);
  return results as T;
}
