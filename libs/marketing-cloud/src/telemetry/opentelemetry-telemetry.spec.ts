import { context, metrics, trace, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InstrumentType,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import {
  InMemorySpanExporter,
  SimpleSpanProcessor,
  TracerProvider,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { emulatorOptions, sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { leakedCanaries } from '../../../../test/support/secrets.js';
import { until } from '../../../../test/support/until.js';
import type { MarketingCloudHttp } from '../http/create-http-service.js';
import { getTriggeredSendServiceToken } from '../instances/instance-tokens.constants.js';
import { MARKETING_CLOUD_HTTP } from '../marketing-cloud.constants.js';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import type { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { ATTRIBUTES, METRIC_NAMES, SPAN_NAMES } from './telemetry-names.js';

const DEFINITION = 'key:external_key';
const EXCLUDED = 'excluded-canary@example.com';

/**
 * A metric reader the test drains on demand: delta temporality, so each collect shows the points
 * since the last one (the gauge-like waiting calls stay cumulative: their value is the current one).
 */
class TestMetricReader extends MetricReader {
  constructor() {
    super({
      aggregationTemporalitySelector: (type) =>
        type === InstrumentType.OBSERVABLE_UP_DOWN_COUNTER
          ? AggregationTemporality.CUMULATIVE
          : AggregationTemporality.DELTA,
    });
  }
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

interface Point {
  readonly name: string;
  readonly attributes: Record<string, unknown>;
  /** A counter's sum, or a histogram's count. */
  readonly value: number;
  readonly sum?: number;
}

const pointsOf = (points: Point[], name: string) => points.filter((point) => point.name === name);

describe('OpenTelemetry spans and metrics (in-memory SDK)', () => {
  const spans = new InMemorySpanExporter();
  const reader = new TestMetricReader();
  const tracerProvider = new TracerProvider({
    spanProcessors: [new SimpleSpanProcessor({ exporter: spans })],
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  /** The span active when each HTTP request left (seen from an axios interceptor of the instance). */
  let activeAtExchange: (Span | undefined)[];

  beforeAll(() => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    trace.setGlobalTracerProvider(tracerProvider);
    metrics.setGlobalMeterProvider(meterProvider);
  });
  afterAll(async () => {
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    trace.disable();
    metrics.disable();
    context.disable();
  });
  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator({ excludedAddresses: [EXCLUDED] });
    spans.reset();
    await collect(); // drop the points of earlier tests
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function start(overrides: Partial<MarketingCloudModuleOptions> = {}) {
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudModule.forRoot({ name: 'de', ...emulatorOptions(emulator, overrides) }),
      ],
    })
      .setLogger(new CapturingLogger())
      .compile();
    await moduleRef.init();
    activeAtExchange = [];
    moduleRef
      .get<MarketingCloudHttp>(MARKETING_CLOUD_HTTP)
      .service.axiosRef.interceptors.request.use((config) => {
        activeAtExchange.push(trace.getActiveSpan());
        return config;
      });
    return moduleRef.get<TriggeredSendService>(getTriggeredSendServiceToken('de'));
  }

  async function collect(): Promise<Point[]> {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        (metric.dataPoints as DataPoint<number | Histogram>[]).map((point) => ({
          name: metric.descriptor.name,
          attributes: point.attributes,
          value: typeof point.value === 'number' ? point.value : point.value.count,
          ...(typeof point.value !== 'number' && { sum: point.value.sum }),
        })),
      ),
    );
  }

  const finished = (name: string): ReadableSpan[] =>
    spans.getFinishedSpans().filter((span) => span.name === name);

  it('a successful send: its span (with the token request as a child) and its metric points', async () => {
    const sends = await start();
    await sends.send(DEFINITION, sendBody('first@example.com'));

    const [send] = finished(SPAN_NAMES.send);
    const [token] = finished(SPAN_NAMES.token);
    expect(send!.attributes).toEqual({
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'send',
      [ATTRIBUTES.definition]: DEFINITION,
      [ATTRIBUTES.requestType]: 'ASYNC',
      [ATTRIBUTES.outcome]: 'success',
      [ATTRIBUTES.attempts]: 1,
      [ATTRIBUTES.httpStatus]: 202,
    });
    expect(send!.status.code).toBe(0); // UNSET
    expect(token!.attributes).toEqual({
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'token',
      [ATTRIBUTES.outcome]: 'success',
      [ATTRIBUTES.httpStatus]: 200,
    });
    expect(token!.parentSpanContext?.spanId).toBe(send!.spanContext().spanId);
    // The send span is the active context of both HTTP exchanges (token, then send).
    expect(activeAtExchange.map((span) => span?.spanContext().spanId)).toEqual([
      token!.spanContext().spanId,
      send!.spanContext().spanId,
    ]);

    const points = await collect();
    const success = {
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'send',
      [ATTRIBUTES.outcome]: 'success',
    };
    expect(pointsOf(points, METRIC_NAMES.operationDuration)).toEqual([
      {
        name: METRIC_NAMES.operationDuration,
        attributes: success,
        value: 1,
        sum: expect.any(Number),
      },
    ]);
    expect(pointsOf(points, METRIC_NAMES.sends)).toEqual([
      { name: METRIC_NAMES.sends, attributes: success, value: 1 },
    ]);
    expect(pointsOf(points, METRIC_NAMES.tokenRequests)).toEqual([
      {
        name: METRIC_NAMES.tokenRequests,
        attributes: { [ATTRIBUTES.instance]: 'de', [ATTRIBUTES.outcome]: 'success' },
        value: 1,
      },
    ]);
    expect(pointsOf(points, METRIC_NAMES.tokenRequestDuration)).toMatchObject([{ value: 1 }]);
    expect(pointsOf(points, METRIC_NAMES.retries)).toEqual([]);

    // A second send reuses the token: no token span, no token request point.
    spans.reset();
    await sends.send(DEFINITION, sendBody('second@example.com'));
    expect(spans.getFinishedSpans().map((span) => span.name)).toEqual([SPAN_NAMES.send]);
    expect(pointsOf(await collect(), METRIC_NAMES.tokenRequests)).toEqual([]);
  });

  it('a 429 then success: two attempts, the retry delay, the retry and the 429 counted with its Retry-After', async () => {
    const sends = await start();
    emulator.faults.inject({ route: 'send', action: { type: 'rate-limit', retryAfterSeconds: 0 } });
    await sends.send(DEFINITION, sendBody('retried@example.com'));

    const [send] = finished(SPAN_NAMES.send);
    expect(send!.attributes).toMatchObject({
      [ATTRIBUTES.outcome]: 'success',
      [ATTRIBUTES.attempts]: 2,
      [ATTRIBUTES.retryDelays]: [0],
      [ATTRIBUTES.httpStatus]: 202,
    });
    expect(send!.events.map((event) => [event.name, event.attributes])).toEqual([
      [
        'marketing_cloud.retry',
        {
          [ATTRIBUTES.errorType]: 'MarketingCloudRateLimitError',
          [ATTRIBUTES.retryDelay]: 0,
          [ATTRIBUTES.attempts]: 2,
        },
      ],
    ]);
    const points = await collect();
    const base = { [ATTRIBUTES.instance]: 'de', [ATTRIBUTES.operation]: 'send' };
    expect(pointsOf(points, METRIC_NAMES.retries)).toEqual([
      {
        name: METRIC_NAMES.retries,
        attributes: { ...base, [ATTRIBUTES.errorType]: 'MarketingCloudRateLimitError' },
        value: 1,
      },
    ]);
    expect(pointsOf(points, METRIC_NAMES.rateLimited)).toEqual([
      {
        name: METRIC_NAMES.rateLimited,
        attributes: { ...base, [ATTRIBUTES.retryAfterPresent]: true },
        value: 1,
      },
    ]);
    expect(pointsOf(points, METRIC_NAMES.retryAfter)).toEqual([
      { name: METRIC_NAMES.retryAfter, attributes: base, value: 1, sum: 0 },
    ]);
    expect(pointsOf(points, METRIC_NAMES.sends)).toEqual([
      {
        name: METRIC_NAMES.sends,
        attributes: { ...base, [ATTRIBUTES.outcome]: 'success' },
        value: 1,
      },
    ]);
  });

  it('a refused recipient: outcome refused, the error class and Marketing Cloud error code', async () => {
    const sends = await start();
    const body = sendBody(EXCLUDED);
    await expect(
      sends.send(DEFINITION, { ...body, Options: { RequestType: 'SYNC' } }),
    ).rejects.toMatchObject({ name: 'MarketingCloudNoValidSubscribersError', errorCode: 180008 });

    const [send] = finished(SPAN_NAMES.send);
    expect(send!.attributes).toEqual({
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'send',
      [ATTRIBUTES.definition]: DEFINITION,
      [ATTRIBUTES.requestType]: 'SYNC',
      [ATTRIBUTES.outcome]: 'refused',
      [ATTRIBUTES.errorType]: 'MarketingCloudNoValidSubscribersError',
      [ATTRIBUTES.errorCode]: 180008,
      [ATTRIBUTES.attempts]: 1,
      [ATTRIBUTES.httpStatus]: 202,
    });
    expect(send!.status).toEqual({ code: 2, message: 'MarketingCloudNoValidSubscribersError' });
    const refused = {
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'send',
      [ATTRIBUTES.outcome]: 'refused',
      [ATTRIBUTES.errorType]: 'MarketingCloudNoValidSubscribersError',
    };
    const points = await collect();
    expect(pointsOf(points, METRIC_NAMES.sends)).toEqual([
      { name: METRIC_NAMES.sends, attributes: refused, value: 1 },
    ]);
    expect(pointsOf(points, METRIC_NAMES.operationDuration)).toMatchObject([
      { attributes: refused, value: 1 },
    ]);
  });

  it('a 401: one re-authentication, counted and on the span', async () => {
    const sends = await start();
    await sends.send(DEFINITION, sendBody('warm@example.com'));
    await collect();
    spans.reset();
    emulator.expireAllTokens();
    await sends.send(DEFINITION, sendBody('after-401@example.com'));
    const [send] = finished(SPAN_NAMES.send);
    expect(send!.events.map((event) => event.name)).toEqual(['marketing_cloud.reauthentication']);
    expect(finished(SPAN_NAMES.token)[0]!.parentSpanContext?.spanId).toBe(
      send!.spanContext().spanId,
    );
    expect(pointsOf(await collect(), METRIC_NAMES.reauthentications)).toEqual([
      {
        name: METRIC_NAMES.reauthentications,
        attributes: { [ATTRIBUTES.instance]: 'de', [ATTRIBUTES.operation]: 'send' },
        value: 1,
      },
    ]);
  });

  it('a delivery-record read and a refused token request get their spans', async () => {
    const sends = await start();
    const { recipientSendId } = await sends.send(DEFINITION, sendBody('record@example.com'));
    await sends.getDeliveryRecord(DEFINITION, recipientSendId);
    expect(finished(SPAN_NAMES['delivery_record.read'])[0]!.attributes).toEqual({
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'delivery_record.read',
      [ATTRIBUTES.definition]: DEFINITION,
      [ATTRIBUTES.outcome]: 'success',
      [ATTRIBUTES.attempts]: 1,
      [ATTRIBUTES.httpStatus]: 200,
    });

    await moduleRef!.close();
    spans.reset();
    const refused = await start({ clientSecret: 'canary-wrong-secret' });
    await expect(refused.send(DEFINITION, sendBody('never@example.com'))).rejects.toMatchObject({
      name: 'MarketingCloudAuthenticationError',
    });
    expect(finished(SPAN_NAMES.token)[0]!.attributes).toEqual({
      [ATTRIBUTES.instance]: 'de',
      [ATTRIBUTES.operation]: 'token',
      [ATTRIBUTES.outcome]: 'refused',
      [ATTRIBUTES.errorType]: 'MarketingCloudAuthenticationError',
      [ATTRIBUTES.httpStatus]: 401,
    });
    expect(pointsOf(await collect(), METRIC_NAMES.tokenRequests)).toContainEqual({
      name: METRIC_NAMES.tokenRequests,
      attributes: {
        [ATTRIBUTES.instance]: 'de',
        [ATTRIBUTES.outcome]: 'refused',
        [ATTRIBUTES.errorType]: 'MarketingCloudAuthenticationError',
      },
      value: 1,
    });
  });

  it('a batch send: one span per sendBatch request, with its size', async () => {
    const sends = await start({ batchSize: 2 });
    const results = await sends.sendBatch(
      DEFINITION,
      ['b1@example.com', 'b2@example.com', 'b3@example.com'].map((address) => sendBody(address)),
    );
    expect(results.map((result) => result.status)).toEqual(['accepted', 'accepted', 'accepted']);
    const batches = finished(SPAN_NAMES.batch_send).map((span) => span.attributes);
    expect(batches.map((attributes) => attributes[ATTRIBUTES.batchSize]).toSorted()).toEqual([
      1, 2,
    ]);
    for (const attributes of batches) {
      expect(attributes).toMatchObject({
        [ATTRIBUTES.instance]: 'de',
        [ATTRIBUTES.operation]: 'batch_send',
        [ATTRIBUTES.definition]: DEFINITION,
        [ATTRIBUTES.outcome]: 'success',
        [ATTRIBUTES.attempts]: 1,
        [ATTRIBUTES.httpStatus]: 202,
      });
    }
    expect(pointsOf(await collect(), METRIC_NAMES.operationDuration)).toEqual([
      {
        name: METRIC_NAMES.operationDuration,
        attributes: {
          [ATTRIBUTES.instance]: 'de',
          [ATTRIBUTES.operation]: 'batch_send',
          [ATTRIBUTES.outcome]: 'success',
        },
        value: 2,
        sum: expect.any(Number),
      },
    ]);
  });

  it('reports the calls waiting for a slot', async () => {
    const sends = await start({ maxConcurrentRequests: 1 });
    await sends.send(DEFINITION, sendBody('warm@example.com'));
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 300 } });
    const running = [1, 2, 3].map((n) =>
      sends.send(DEFINITION, sendBody(`queued-${n}@example.com`)),
    );
    await until(() => emulator.counters.sendRequests === 2, 'the first send to reach the emulator');
    expect(pointsOf(await collect(), METRIC_NAMES.waitingCalls)).toEqual([
      { name: METRIC_NAMES.waitingCalls, attributes: { [ATTRIBUTES.instance]: 'de' }, value: 2 },
    ]);
    await Promise.all(running);
    expect(pointsOf(await collect(), METRIC_NAMES.waitingCalls)).toMatchObject([{ value: 0 }]);
  });

  it('no span, event or metric point carries a recipient address, a secret or a token', async () => {
    const sends = await start();
    const addresses = ['canary.one@example.com', 'canary.two@example.com', EXCLUDED];
    emulator.faults.inject({ route: 'send', action: { type: 'rate-limit', retryAfterSeconds: 0 } });
    await sends.send(DEFINITION, sendBody(addresses[0]));
    emulator.expireAllTokens();
    await sends.send(DEFINITION, sendBody(addresses[1], 'canary-subscriber-key'));
    await sends
      .send(DEFINITION, { ...sendBody(EXCLUDED), Options: { RequestType: 'SYNC' } })
      .catch(() => undefined);
    const tokens = [...emulator.counters.requestsPerToken.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(2);

    const shown = JSON.stringify({
      spans: spans.getFinishedSpans().map((span) => ({
        name: span.name,
        attributes: span.attributes,
        events: span.events,
        status: span.status,
        links: span.links,
      })),
      points: await collect(),
    });
    expect(shown).toContain('marketing_cloud.send');
    expect(
      leakedCanaries(shown, [
        ...addresses,
        'canary-subscriber-key',
        DEFAULT_EMULATOR_CLIENT.clientSecret,
        ...tokens,
      ]),
    ).toEqual([]);
  });
});
