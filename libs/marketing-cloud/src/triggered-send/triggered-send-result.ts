import type { RequestType } from './triggered-send-request.dto.js';

/** A send Marketing Cloud accepted (HTTP 202, `hasErrors: false`). */
export interface TriggeredSendResult {
  /** Marketing Cloud's id of the request. */
  readonly requestId: string;
  /** The id of this email; ask `getDeliveryRecord` with it for the final status. */
  readonly recipientSendId: string;
  /** What Marketing Cloud said, typically `["Queued"]`. */
  readonly messages: readonly string[];
  /** How the request was processed: `ASYNC` unless the request asked for `SYNC`. */
  readonly requestType: RequestType;
  /** The definition as given to `send`. */
  readonly definition: string;
}

/** Per-call settings of `send` and `getDeliveryRecord`. */
export interface MarketingCloudCallOptions {
  /** Overrides the module's `requestTimeoutMs` for this call. */
  timeoutMs?: number;
  /** Aborts the call. */
  signal?: AbortSignal;
  /**
   * `false`: make one attempt only and throw a retryable failure (429, 503, no connection) at once,
   * for a caller that retries on its own terms (the queue pauses every worker on a 429). Default true.
   */
  retry?: boolean;
}
