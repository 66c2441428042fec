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
import { errorTypeOf, outcomeOf } from './operation-outcome.js';
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

/** What a failure adds to a span and to metric points. Library errors hold no secret. */
function failureAttributes(error: unknown): Attributes {
  return {
    [ATTRIBUTES.outcome]: outcomeOf(error),
    [ATTRIBUTES.errorType]: errorTypeOf(error),
    ...(error instanceof MarketingCloudError &&
      error.errorCode !== undefined && { [ATTRIBUTES.errorCode]: error.errorCode }),
    ...(error instanceof MarketingCloudError &&
      error.upstreamStatus !== undefined && { [ATTRIBUTES.httpStatus]: error.upstreamStatus }),
  };
}

function endWithError(span: Span, error: unknown): void {
  // The class name only: messages are for logs, and a span is not the place for anything else.
  span.setStatus({ code: SpanStatusCode.ERROR, message: errorTypeOf(error) });
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

  /** The attributes every operation span ends with. */
  finalAttributes(): Attributes {
    return {
      [ATTRIBUTES.attempts]: this.retryDelays.length + 1,
      ...(this.retryDelays.length > 0 && { [ATTRIBUTES.retryDelays]: [...this.retryDelays] }),
      ...(this.status !== undefined && { [ATTRIBUTES.httpStatus]: this.status }),
    };
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

  constructor(private readonly instance: string) {}

  operation<T>(
    descriptor: OperationDescriptor,
    run: (observer: CallObserver) => Promise<T>,
  ): Promise<T> {
    const base: Attributes = {
      [ATTRIBUTES.instance]: this.instance,
      [ATTRIBUTES.operation]: descriptor.operation,
    };
    const spanAttributes: Attributes = {
      ...base,
      ...(descriptor.definition !== undefined && {
        [ATTRIBUTES.definition]: descriptor.definition,
      }),
      ...(descriptor.requestType !== undefined && {
        [ATTRIBUTES.requestType]: descriptor.requestType,
      }),
    };
    const start = performance.now();
    return this.tracer.startActiveSpan(
      SPAN_NAMES[descriptor.operation],
      { kind: SpanKind.INTERNAL, attributes: spanAttributes },
      async (span) => {
        const observer = new SpanCallObserver(span, this.instruments, base);
        let outcome: Attributes = { [ATTRIBUTES.outcome]: 'success' };
        try {
          return await run(observer);
        } catch (error) {
          outcome = failureAttributes(error);
          endWithError(span, error);
          throw error;
        } finally {
          // Metric points keep low-cardinality attributes only: no definition, no status code.
          const {
            [ATTRIBUTES.errorCode]: _code,
            [ATTRIBUTES.httpStatus]: _status,
            ...point
          } = {
            ...base,
            ...outcome,
          };
          this.instruments.operationDuration.record(secondsSince(start), point);
          if (descriptor.operation === 'send') this.instruments.sends.add(1, point);
          span.setAttributes({ ...observer.finalAttributes(), ...outcome });
          span.end();
        }
      },
    );
  }

  tokenRequest<T>(run: () => Promise<T>): Promise<T> {
    const base: Attributes = { [ATTRIBUTES.instance]: this.instance };
    const start = performance.now();
    return this.tracer.startActiveSpan(
      SPAN_NAMES.token,
      { kind: SpanKind.INTERNAL, attributes: { ...base, [ATTRIBUTES.operation]: 'token' } },
      async (span) => {
        let outcome: Attributes = { [ATTRIBUTES.outcome]: 'success', [ATTRIBUTES.httpStatus]: 200 };
        try {
          return await run();
        } catch (error) {
          outcome = failureAttributes(error);
          recordRateLimit(this.instruments, { ...base, [ATTRIBUTES.operation]: 'token' }, error);
          endWithError(span, error);
          throw error;
        } finally {
          const {
            [ATTRIBUTES.errorCode]: _code,
            [ATTRIBUTES.httpStatus]: _status,
            ...point
          } = {
            ...base,
            ...outcome,
          };
          this.instruments.tokenRequests.add(1, point);
          this.instruments.tokenRequestDuration.record(secondsSince(start), point);
          span.setAttributes(outcome);
          span.end();
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
