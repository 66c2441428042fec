import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MarketingCloudOverloadedError } from '../errors/marketing-cloud-overloaded.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { ResolvedRetryPolicy } from '../options/marketing-cloud-module-options.js';

/** Failures where Marketing Cloud may or may not have acted: a timeout, a reset or a 5xx after the request was written. */
function isAmbiguous(error: MarketingCloudError): boolean {
  return (
    error instanceof MarketingCloudUnavailableError || error instanceof MarketingCloudTimeoutError
  );
}

/** Exponential backoff with "equal jitter": half the delay is fixed, half random. */
export function backoffDelayMs(
  policy: ResolvedRetryPolicy,
  attempt: number,
  random = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * How long to wait before attempt `attempt + 1`, or undefined when the failure must be surfaced.
 * Retried: failures Marketing Cloud certainly did not act on (`error.retryable`), after its
 * `Retry-After` when it gave one (a longer wait than the policy allows is not retried); and for
 * idempotent calls, or when the user opted into it, the ambiguous ones too. Never the module's own
 * overload refusal: retrying it would only queue the call again.
 */
export function retryDelayMs(
  error: unknown,
  attempt: number,
  idempotent: boolean,
  policy: ResolvedRetryPolicy,
): number | undefined {
  if (!(error instanceof MarketingCloudError) || attempt >= policy.maxAttempts) return undefined;
  if (error instanceof MarketingCloudOverloadedError) return undefined;
  const safe =
    error.retryable || ((idempotent || policy.unsafeRetryAmbiguousFailures) && isAmbiguous(error));
  if (!safe) return undefined;
  if (error.retryAfterSeconds === undefined) return backoffDelayMs(policy, attempt);
  const asked = error.retryAfterSeconds * 1000;
  return asked > policy.maxRetryAfterMs ? undefined : asked;
}
