import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';

/**
 * The library's retry vocabulary as a metric attribute:
 * - `success`;
 * - `retryable`: Marketing Cloud certainly did not act, a later call may succeed (429, 503, no connection);
 * - `refused`: Marketing Cloud answered no (credentials, not found, no valid subscribers, bad request);
 * - `may_have_been_sent`: we cannot know whether it acted (a timeout or a reset after the request left).
 */
export type OperationOutcome = 'success' | 'retryable' | 'refused' | 'may_have_been_sent';

export function outcomeOf(error: unknown): Exclude<OperationOutcome, 'success'> {
  if (!(error instanceof MarketingCloudError)) return 'may_have_been_sent';
  if (error.retryable) return 'retryable';
  if (
    error instanceof MarketingCloudTimeoutError ||
    error instanceof MarketingCloudUnavailableError ||
    error instanceof MarketingCloudAbortedError
  ) {
    return 'may_have_been_sent';
  }
  return 'refused';
}

/** `error.type`: the error's class name, or `_OTHER` (the semantic conventions' fallback). */
export function errorTypeOf(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}
