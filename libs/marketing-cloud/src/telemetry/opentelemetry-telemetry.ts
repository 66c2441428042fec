// The only file that imports @opentelemetry/api (an optional peer): load-telemetry.ts loads it
// only when the package is installed.
import {
  metrics,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Counter,
  type Histogram,
  type ObservableResult,
  type ObservableUpDownCounter,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { errorTypeOf, outcomeOf, type OperationOutcome } from './operation-outcome.js';
import {
  ATTRIBUTES,
  EVENT_NAMES,
  INSTRUMENTATION_SCOPE,
  METRIC_NAMES,
  SPAN_NAMES,
} from './telemetry-names.js';
import type {
  CallObserver,
  MarketingCloudTelemetry,
  OperationDescriptor,
} from './telemetry.port.js';

/** The HTTP semantic conventions' duration buckets, in seconds. */
const DURATION_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];
const RETRY_AFTER_BUCKETS = [1, 2, 5, 10, 20, 30, 60, 120, 300];

interface Instruments {
  readonly operationDuration: Histogram;
  readonly sends: Counter;
  readonly retries: Counter;
  readonly tokenRequests: Counter;
  readonly tokenRequestDuration: Histogram;
  readonly reauthentications: Counter;
  readonly rateLimited: Counter;
  readonly retryAfter: Histogram;
  readonly waitingCalls: ObservableUpDownCounter;
}

function createInstruments(): Instruments {
  const meter = metrics.getMeter(INSTRUMENTATION_SCOPE);
  const seconds = (name: string, description: string, buckets: number[]) =>
    meter.createHistogram(name, {
      description,
      unit: 's',
      advice: { explicitBucketBoundaries: buckets },
    });
  return {
    operationDuration: seconds(
      METRIC_NAMES.operationDuration,
      'Duration of Marketing Cloud operations (send, batch send, delivery-record read), retries included.',
      DURATION_BUCKETS,
    ),
    sends: meter.createCounter(METRIC_NAMES.sends, {
      description: 'Triggered sends, by outcome and error class.',
      unit: '{send}',
    }),
    retries: meter.createCounter(METRIC_NAMES.retries, {
      description: 'Calls made again, by the error class that caused the retry.',
      unit: '{retry}',
    }),
    tokenRequests: meter.createCounter(METRIC_NAMES.tokenRequests, {
      description: 'Access token requests, by outcome.',
      unit: '{request}',
    }),
    tokenRequestDuration: seconds(
      METRIC_NAMES.tokenRequestDuration,
      'Duration of access token requests.',
      DURATION_BUCKETS,
    ),
    reauthentications: meter.createCounter(METRIC_NAMES.reauthentications, {
      description: '401 answers after which the access token was dropped and renewed.',
      unit: '{reauthentication}',
    }),
    rateLimited: meter.createCounter(METRIC_NAMES.rateLimited, {
      description: '429 answers from Marketing Cloud, by whether they gave Retry-After.',
      unit: '{response}',
    }),
    retryAfter: seconds(
      METRIC_NAMES.retryAfter,
      'Retry-After of 429 answers that gave one.',
      RETRY_AFTER_BUCKETS,
    ),
    waitingCalls: meter.createObservableUpDownCounter(METRIC_NAMES.waitingCalls, {
      description: 'Calls waiting for a slot (maxConcurrentRequests).',
      unit: '{call}',
    }),
  };
}

/** What the end of a call adds to its span and its metric points. */
interface Ending {
  readonly outcome: OperationOutcome;
  readonly errorType?: string;
  readonly errorCode?: number;
  readonly status?: number;
}

const SUCCESS: Ending = { outcome: 'success' };
const TOKEN_SUCCESS: Ending = { outcome: 'success', status: 200 };

/** A failure's outcome, class, code and status. Library errors hold no secret. */
function endingOf(error: unknown): Ending {
  const library = error instanceof MarketingCloudError ? error : undefined;
  return {
    outcome: outcomeOf(error),
    errorType: errorTypeOf(error),
    errorCode: library?.errorCode,
    status: library?.upstreamStatus,
  };
}

/** Distinct metric attribute sets kept for reuse (operations x outcomes x error classes stay far below). */
const MAX_CACHED_POINTS = 256;

/**
 * The attribute sets of metric points, built once and reused: this runs on every call, with an SDK
 * or without one, and building objects with dotted keys on each call cost several microseconds.
 */
class PointAttributes {
  private readonly cache = new Map<string, Attributes>();

  constructor(private readonly instance: string) {}

  of(operation: string | undefined, ending?: Ending): Attributes {
    const key = `${operation}|${ending?.outcome}|${ending?.errorType}`;
    let point = this.cache.get(key);
    if (point === undefined) {
      point = { [ATTRIBUTES.instance]: this.instance };
      if (operation !== undefined) point[ATTRIBUTES.operation] = operation;
      if (ending !== undefined) point[ATTRIBUTES.outcome] = ending.outcome;
      if (ending?.errorType !== undefined) point[ATTRIBUTES.errorType] = ending.errorType;
      Object.freeze(point);
      if (this.cache.size < MAX_CACHED_POINTS) this.cache.set(key, point);
    }
    return point;
  }
}

/** Sets the ending on a span that records (a no-op span gets nothing built for it). */
function endSpan(span: Span, ending: Ending, more: Attributes = {}): void {
  if (span.isRecording()) {
    const attributes: Attributes = { ...more };
    attributes[ATTRIBUTES.outcome] = ending.outcome;
    if (ending.errorType !== undefined) {
      attributes[ATTRIBUTES.errorType] = ending.errorType;
      // The class name only: messages are for logs, and a span is not the place for anything else.
      span.setStatus({ code: SpanStatusCode.ERROR, message: ending.errorType });
    }
    if (ending.errorCode !== undefined) attributes[ATTRIBUTES.errorCode] = ending.errorCode;
    if (ending.status !== undefined) attributes[ATTRIBUTES.httpStatus] = ending.status;
    span.setAttributes(attributes);
  }
  span.end();
}

/** Records one call's attempts, retries, 401s and 429s on its span and on the instruments. */
class SpanCallObserver implements CallObserver {
  readonly retryDelays: number[] = [];
  status: number | undefined;

  constructor(
    private readonly span: Span,
    private readonly instruments: Instruments,
    private readonly base: Attributes,
  ) {}

  attemptFailed(error: unknown): void {
    recordRateLimit(this.instruments, this.base, error);
  }

  retrying(error: MarketingCloudError, delayMs: number): void {
    this.retryDelays.push(delayMs);
    this.instruments.retries.add(1, { ...this.base, [ATTRIBUTES.errorType]: error.name });
    this.span.addEvent(EVENT_NAMES.retry, {
      [ATTRIBUTES.errorType]: error.name,
      [ATTRIBUTES.retryDelay]: delayMs,
      [ATTRIBUTES.attempts]: this.retryDelays.length + 1,
    });
  }

  reauthenticated(): void {
    this.instruments.reauthentications.add(1, this.base);
    this.span.addEvent(EVENT_NAMES.reauthentication);
  }

  answered(status: number): void {
    this.status = status;
  }

  /** The attempts, retry delays and last status of the call. */
  finalAttributes(): Attributes {
    const attributes: Attributes = { [ATTRIBUTES.attempts]: this.retryDelays.length + 1 };
    if (this.retryDelays.length > 0) attributes[ATTRIBUTES.retryDelays] = [...this.retryDelays];
    if (this.status !== undefined) attributes[ATTRIBUTES.httpStatus] = this.status;
    return attributes;
  }
}

function recordRateLimit(instruments: Instruments, base: Attributes, error: unknown): void {
  if (!(error instanceof MarketingCloudRateLimitError)) return;
  const retryAfter = error.retryAfterSeconds;
  instruments.rateLimited.add(1, {
    ...base,
    [ATTRIBUTES.retryAfterPresent]: retryAfter !== undefined,
  });
  if (retryAfter !== undefined) instruments.retryAfter.record(retryAfter, base);
}

const secondsSince = (start: number): number => (performance.now() - start) / 1000;

/**
 * Telemetry through the global OpenTelemetry API: a no-op until the app registers an SDK (register
 * it before the Nest app is created, as OpenTelemetry asks: meters taken earlier stay no-ops).
 */
export class OpenTelemetryTelemetry implements MarketingCloudTelemetry {
  private readonly tracer: Tracer = trace.getTracer(INSTRUMENTATION_SCOPE);
  private readonly instruments = createInstruments();
  private readonly points: PointAttributes;

  constructor(private readonly instance: string) {
    this.points = new PointAttributes(instance);
  }

  operation<T>(
    descriptor: OperationDescriptor,
    run: (observer: CallObserver) => Promise<T>,
  ): Promise<T> {
    const base = this.points.of(descriptor.operation);
    const start = performance.now();
    return this.tracer.startActiveSpan(
      SPAN_NAMES[descriptor.operation],
      { kind: SpanKind.INTERNAL },
      async (span) => {
        if (span.isRecording()) {
          span.setAttributes(base);
          if (descriptor.definition !== undefined) {
            span.setAttribute(ATTRIBUTES.definition, descriptor.definition);
          }
          if (descriptor.requestType !== undefined) {
            span.setAttribute(ATTRIBUTES.requestType, descriptor.requestType);
          }
          if (descriptor.batchSize !== undefined) {
            span.setAttribute(ATTRIBUTES.batchSize, descriptor.batchSize);
          }
        }
        const observer = new SpanCallObserver(span, this.instruments, base);
        let ending = SUCCESS;
        try {
          return await run(observer);
        } catch (error) {
          ending = endingOf(error);
          throw error;
        } finally {
          const point = this.points.of(descriptor.operation, ending);
          this.instruments.operationDuration.record(secondsSince(start), point);
          if (descriptor.operation === 'send') this.instruments.sends.add(1, point);
          endSpan(span, ending, span.isRecording() ? observer.finalAttributes() : undefined);
        }
      },
    );
  }

  tokenRequest<T>(run: () => Promise<T>): Promise<T> {
    const start = performance.now();
    return this.tracer.startActiveSpan(
      SPAN_NAMES.token,
      { kind: SpanKind.INTERNAL, attributes: this.points.of('token') },
      async (span) => {
        let ending: Ending = TOKEN_SUCCESS;
        try {
          return await run();
        } catch (error) {
          ending = endingOf(error);
          recordRateLimit(this.instruments, this.points.of('token'), error);
          throw error;
        } finally {
          const point = this.points.of(undefined, ending);
          this.instruments.tokenRequests.add(1, point);
          this.instruments.tokenRequestDuration.record(secondsSince(start), point);
          endSpan(span, ending);
        }
      },
    );
  }

  observeWaitingCalls(read: () => number): () => void {
    const callback = (result: ObservableResult): void =>
      result.observe(read(), { [ATTRIBUTES.instance]: this.instance });
    this.instruments.waitingCalls.addCallback(callback);
    return () => this.instruments.waitingCalls.removeCallback(callback);
  }
}
