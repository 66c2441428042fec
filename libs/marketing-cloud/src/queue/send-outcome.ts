import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { SendFailure } from './send-job.js';

/** What the queue does with a failed attempt, by what is known of it. */
export type FailureDecision =
  /** Marketing Cloud asked every caller to wait (`Retry-After`): pause the whole queue, put the job back. */
  | { readonly kind: 'pause-queue'; readonly pauseMs: number }
  /** Marketing Cloud certainly did not act, with no wait asked: retry with backoff. */
  | { readonly kind: 'retry' }
  /** Marketing Cloud answered no (or a person must fix something): fail now, nothing was sent. */
  | { readonly kind: 'refused' }
  /** Marketing Cloud may have acted: fail now, marked "may have been sent", never retried by itself. */
  | { readonly kind: 'maybe-sent' };

/**
 * Failures after the request may have been written: a timeout, a reset or a 5xx other than 503, an
 * abort after sending. The module marks them `maybeSent`; the class is the fallback for an error
 * built without it (`retryable` false and an ambiguous class).
 */
function isAmbiguous(error: MarketingCloudError): boolean {
  return (
    error instanceof MarketingCloudTimeoutError ||
    error instanceof MarketingCloudUnavailableError ||
    error instanceof MarketingCloudAbortedError
  );
}

/**
 * Decides a failed attempt. Anything that is not a MarketingCloudError (a bug, an unexpected throw)
 * counts as "may have been sent": the queue does not know, so it does not send again.
 */
export function decideFailure(error: unknown, maxPauseMs: number): FailureDecision {
  if (!(error instanceof MarketingCloudError) || error.maybeSent) return { kind: 'maybe-sent' };
  if (error.retryable) {
    if (error.retryAfterSeconds === undefined) return { kind: 'retry' };
    return {
      kind: 'pause-queue',
      pauseMs: Math.min(maxPauseMs, Math.max(1, error.retryAfterSeconds * 1000)),
    };
  }
  return isAmbiguous(error) ? { kind: 'maybe-sent' } : { kind: 'refused' };
}

/**
 * Whether the attempt certainly sent nothing (retry, pause, refusal): then its marker is removed,
 * so that a failed job still holding one always means "may have been sent".
 */
export function sentNothing(decision: FailureDecision): boolean {
  return decision.kind !== 'maybe-sent';
}

/** The record a failure leaves on its job. Messages of MarketingCloudErrors never hold a secret. */
export function describeFailure(error: unknown, decision: FailureDecision): SendFailure {
  const known = error instanceof MarketingCloudError;
  return {
    name: error instanceof Error ? error.name : 'Error',
    message: known ? error.message : 'The send failed with an unexpected error.',
    errorCode: known ? error.errorCode : undefined,
    retryable: decision.kind === 'retry' || decision.kind === 'pause-queue',
    maybeSent: decision.kind === 'maybe-sent',
  };
}
