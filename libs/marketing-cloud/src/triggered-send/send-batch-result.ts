import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { TriggeredSendResult } from './triggered-send-result.js';

/** A request of the batch that Marketing Cloud accepted. */
export interface TriggeredSendBatchAccepted {
  readonly status: 'accepted';
  /** The request's position in the array given to `sendBatch`. */
  readonly index: number;
  readonly result: TriggeredSendResult;
}

/**
 * A request of the batch that was not accepted. `error` says why, in the vocabulary of `send`:
 * refused by Marketing Cloud (e.g. MarketingCloudNoValidSubscribersError), `retryable: true`
 * (Marketing Cloud certainly did not act: safe to send again), or `retryable: false` with
 * "may have been sent" (its chunk's answer was lost: never send it again blindly). Every request of
 * a chunk that failed as a whole carries that chunk's one error.
 */
export interface TriggeredSendBatchFailed {
  readonly status: 'failed';
  readonly index: number;
  readonly error: MarketingCloudError;
}

/** What `sendBatch` resolves to for each request, in input order. */
export type TriggeredSendBatchResult = TriggeredSendBatchAccepted | TriggeredSendBatchFailed;
