import { MarketingCloudError } from '../errors/marketing-cloud.error.js';

/**
 * The library's retry vocabulary as a metric attribute:
 * - `success`;
 * - `retryable`: Marketing Cloud certainly did not act, a later call may succeed (429, 503, no connection);
 * - `may_have_been_sent`: we cannot know whether it acted (`error.maybeSent`: a timeout or a reset after the request left);
 * - `refused`: Marketing Cloud answered no, or the module refused the call (credentials, not found, no valid subscribers).
 */
export type OperationOutcome = 'success' | 'retryable' | 'refused' | 'may_have_been_sent';

export function outcomeOf(error: unknown): Exclude<OperationOutcome, 'success'> {
  if (!(error instanceof MarketingCloudError)) return 'may_have_been_sent';
  if (error.maybeSent) return 'may_have_been_sent';
  if (error.retryable) return 'retryable';
  return 'refused';
}

/** `error.type`: the error's class name, or `_OTHER` (the semantic conventions' fallback). */
export function errorTypeOf(error: unknown): string {
  return error instanceof Error ? error.name : '_OTHER';
}
