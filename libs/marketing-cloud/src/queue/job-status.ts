import type { SendFailure } from './send-job.js';

/** Where a queued send is. `jobId` is what `enqueue` resolved with. */
export type TriggeredSendJobStatus =
  | {
      readonly jobId: string;
      /** Queued, delayed (`delayMs`), or waiting for a retry after a failure that sent nothing. */
      readonly state: 'waiting';
      readonly attemptsMade: number;
      /** When a delayed job becomes due (ms since the epoch). */
      readonly notBefore: number | undefined;
      /** The failure of the previous attempt, when this is a retry. */
      readonly lastFailure: SendFailure | undefined;
    }
  | { readonly jobId: string; readonly state: 'active'; readonly attemptsMade: number }
  | {
      readonly jobId: string;
      /** Marketing Cloud accepted it. */
      readonly state: 'sent';
      readonly recipientSendId: string;
      readonly requestId: string;
      readonly finishedAt: number | undefined;
    }
  | {
      readonly jobId: string;
      /** Given up: `error.maybeSent` says whether Marketing Cloud may have sent the email. */
      readonly state: 'failed';
      readonly error: SendFailure;
      readonly attemptsMade: number;
      readonly finishedAt: number | undefined;
    };

/** The options of `enqueue`. */
export interface EnqueueOptions {
  /**
   * Required. The caller's name for this send (an order id plus the email's purpose, a request's
   * `Idempotency-Key` header): the same key within the idempotency window gives the same job and at
   * most one email, however often and from however many processes it is enqueued.
   */
  idempotencyKey: string;
  /** Send no earlier than this many milliseconds from now. Default 0. */
  delayMs?: number;
  /** 1 (first) to 2097151; jobs without a priority go before prioritised ones (BullMQ's rule). Default none. */
  priority?: number;
}

/** What `enqueue` resolves with. */
export interface EnqueueResult {
  /** The job's id, for `getStatus`. The same for every enqueue with the same idempotencyKey. */
  readonly jobId: string;
}
