import { validationErrorMessage } from '../errors/error-messages.js';
import {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from '../errors/marketing-cloud-validation.error.js';
import type { MarketingCloudCallOptions } from './triggered-send-result.js';

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
  const violations: MarketingCloudViolation[] = [];
  if (
    timeoutMs !== undefined &&
    !(
      Number.isInteger(timeoutMs) &&
      (timeoutMs as number) >= MIN_TIMEOUT_MS &&
      (timeoutMs as number) <= MAX_TIMEOUT_MS
    )
  ) {
    violations.push({
      path: 'options.timeoutMs',
      rule: 'isTimeout',
      message: `options.timeoutMs must be a whole number of milliseconds from ${MIN_TIMEOUT_MS} to ${MAX_TIMEOUT_MS}`,
    });
  }
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    violations.push({
      path: 'options.signal',
      rule: 'isAbortSignal',
      message: 'options.signal must be an AbortSignal',
    });
  }
  if (retry !== undefined && typeof retry !== 'boolean') {
    violations.push({
      path: 'options.retry',
      rule: 'isBoolean',
      message: 'options.retry must be true or false',
    });
  }
  if (violations.length > 0) {
    throw new MarketingCloudValidationError(
      validationErrorMessage('call options', violations),
      violations,
    );
  }
  return {
    ...(timeoutMs !== undefined && { timeoutMs: timeoutMs as number }),
    ...(signal !== undefined && { signal: signal as AbortSignal }),
    ...(retry !== undefined && { retry: retry as boolean }),
  };
}

/**
 * Runs every check of a call and throws one MarketingCloudValidationError listing all their
 * violations, so the caller learns everything that is wrong at once.
 */
export function validateAll<T extends unknown[]>(
  what: string,
  ...checks: { [K in keyof T]: () => T[K] }
): T {
  const violations: MarketingCloudViolation[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof MarketingCloudValidationError)) throw error;
      violations.push(...error.violations);
      return undefined;
    }
  });
  if (violations.length > 0) {
    throw new MarketingCloudValidationError(validationErrorMessage(what, violations), violations);
  }
  return results as T;
}
