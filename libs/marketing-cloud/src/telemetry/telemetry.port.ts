import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';

/**
 * The telemetry the core reports, behind a port: the core never imports @opentelemetry/api (an
 * optional peer). Without it installed, NO_TELEMETRY is used; with it, OpenTelemetryTelemetry.
 */

/** The operations that get a span and metrics of their own. */
export type MarketingCloudOperation = 'send' | 'batch_send' | 'delivery_record.read';

export interface OperationDescriptor {
  readonly operation: MarketingCloudOperation;
  /** The definition as the caller gave it (`key:…` or an ObjectID). Never the recipient. */
  readonly definition?: string;
  /** `ASYNC` or `SYNC`, for sends. */
  readonly requestType?: string;
  /** Recipients in one sendBatch request. */
  readonly batchSize?: number;
}

/** What the HTTP client reports about one call while it runs. */
export interface CallObserver {
  /** An attempt failed (before the retry decision): counts 429s and their Retry-After. */
  attemptFailed(error: unknown): void;
  /** The call is made again after `delayMs`, because of `error`. */
  retrying(error: MarketingCloudError, delayMs: number): void;
  /** A 401 made the client drop its token and get a new one. */
  reauthenticated(): void;
  /** Marketing Cloud answered with `status` (the last answer counts). */
  answered(status: number): void;
}

export interface MarketingCloudTelemetry {
  /** Runs one operation inside its span (the active context, so HTTP spans are its children). */
  operation<T>(
    descriptor: OperationDescriptor,
    run: (observer: CallObserver) => Promise<T>,
  ): Promise<T>;
  /** Runs one token request inside its span. */
  tokenRequest<T>(run: () => Promise<T>): Promise<T>;
  /** Reports `read()` as the calls waiting for a slot; the returned function stops it. */
  observeWaitingCalls(read: () => number): () => void;
}

export const NO_CALL_OBSERVER: CallObserver = Object.freeze({
  attemptFailed: () => undefined,
  retrying: () => undefined,
  reauthenticated: () => undefined,
  answered: () => undefined,
});

/** Telemetry that does nothing: the default, and the fallback when @opentelemetry/api is absent. */
export const NO_TELEMETRY: MarketingCloudTelemetry = Object.freeze({
  operation: <T>(_: OperationDescriptor, run: (observer: CallObserver) => Promise<T>) =>
    run(NO_CALL_OBSERVER),
  tokenRequest: <T>(run: () => Promise<T>) => run(),
  observeWaitingCalls: () => () => undefined,
});
