/**
 * Every span, metric and attribute name this library emits, in OpenTelemetry's semantic-convention
 * style (dotted namespaces, units in UCUM, `error.type` and `http.response.status_code` from the
 * general conventions). The README lists them; tests assert them.
 */

/** The instrumentation scope (tracer and meter name). */
export const INSTRUMENTATION_SCOPE = 'nestjs-marketing-cloud';

export const SPAN_NAMES = Object.freeze({
  send: 'marketing_cloud.send',
  batch_send: 'marketing_cloud.batch_send',
  'delivery_record.read': 'marketing_cloud.delivery_record.read',
  token: 'marketing_cloud.token',
});

export const METRIC_NAMES = Object.freeze({
  /** Histogram, s: every operation (send, batch send, delivery-record read), by outcome. */
  operationDuration: 'marketing_cloud.client.operation.duration',
  /** Counter, {send}: sends by outcome and error class. */
  sends: 'marketing_cloud.client.sends',
  /** Counter, {retry}: retries by reason (the error class that caused them). */
  retries: 'marketing_cloud.client.retries',
  /** Counter, {request}: token requests by outcome. */
  tokenRequests: 'marketing_cloud.client.token_requests',
  /** Histogram, s: token request duration. */
  tokenRequestDuration: 'marketing_cloud.client.token_request.duration',
  /** Counter, {reauthentication}: 401 answers after which the token was renewed. */
  reauthentications: 'marketing_cloud.client.reauthentications',
  /** Counter, {response}: 429 answers, by whether they carried Retry-After. */
  rateLimited: 'marketing_cloud.client.rate_limited',
  /** Histogram, s: the Retry-After of 429 answers that gave one. */
  retryAfter: 'marketing_cloud.client.rate_limited.retry_after',
  /** UpDownCounter (observable), {call}: calls waiting for a slot of maxConcurrentRequests. */
  waitingCalls: 'marketing_cloud.client.waiting_calls',
});

export const ATTRIBUTES = Object.freeze({
  instance: 'marketing_cloud.instance',
  operation: 'marketing_cloud.operation.name',
  definition: 'marketing_cloud.definition',
  requestType: 'marketing_cloud.request_type',
  batchSize: 'marketing_cloud.batch.size',
  outcome: 'marketing_cloud.outcome',
  errorCode: 'marketing_cloud.error_code',
  attempts: 'marketing_cloud.attempts',
  retryDelays: 'marketing_cloud.retry.delays_ms',
  retryDelay: 'marketing_cloud.retry.delay_ms',
  retryAfterPresent: 'marketing_cloud.retry_after.present',
  errorType: 'error.type',
  httpStatus: 'http.response.status_code',
});

/** Span events. */
export const EVENT_NAMES = Object.freeze({
  retry: 'marketing_cloud.retry',
  reauthentication: 'marketing_cloud.reauthentication',
});
