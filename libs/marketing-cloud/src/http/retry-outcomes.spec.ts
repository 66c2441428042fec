/**
 * What a call ends with after the retry policy ran, over HTTP against the emulator: a failure after
 * an attempt that may have been acted on stays "may have been sent"; calls sleeping before a retry
 * are bounded by maxQueuedRequests; a 401 refused for good is not repeated.
 */
import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { httpStatusForError } from '../errors/http-status-for-error.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudOverloadedError } from '../errors/marketing-cloud-overloaded.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const DEFINITION = 'key:external_key';

function failureOf(promise: Promise<unknown>): Promise<MarketingCloudError> {
  return promise.then(
    () => expect.fail('expected the call to fail'),
    (error: unknown) => error as MarketingCloudError,
  );
}

describe('retry outcomes', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  let logger: CapturingLogger;

  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator();
    logger = new CapturingLogger();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function sends(overrides: Partial<MarketingCloudModuleOptions>) {
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, overrides),
      logger,
    );
    return moduleRef.get(TriggeredSendService);
  }

  const UNSAFE_RETRIES = {
    requestTimeoutMs: 300,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, unsafeRetryAmbiguousFailures: true },
  } as const;

  it('a timeout then 503s (unsafe retries on) ends "may have been sent", not retryable, 500', async () => {
    const service = await sends(UNSAFE_RETRIES);
    // Attempt 1: accepted, but answered after the timeout. Attempts 2 and 3: 503 (did not act).
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 1000 } });
    emulator.faults.inject({
      route: 'send',
      after: 1,
      times: Infinity,
      action: { type: 'respond', status: 503, body: { message: 'Service Unavailable' } },
    });
    const failure = await failureOf(service.send(DEFINITION, sendBody('twice@example.com')));
    expect(emulator.counters.sendRequests).toBe(3);
    expect(emulator.counters.acceptedSends).toBe(1); // the first attempt was queued
    expect(failure).toBeInstanceOf(MarketingCloudTimeoutError);
    expect(failure).toMatchObject({ maybeSent: true, retryable: false, upstreamStatus: 503 });
    expect(failure.message).toMatch(/^The send may have been sent: .*within 300 ms.*HTTP 503/);
    expect(failure.cause).toBeInstanceOf(MarketingCloudUnavailableError);
    expect(failure.cause).toMatchObject({ retryable: true, maybeSent: false });
    expect(httpStatusForError(failure)).toBe(500);
  });

  it('a timeout then a retry refused by the module (bound full) also ends "may have been sent"', async () => {
    // maxQueuedRequests 0: no call may wait, so no call may sleep before a retry either.
    const service = await sends({ ...UNSAFE_RETRIES, maxQueuedRequests: 0 });
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 1000 } });
    const failure = await failureOf(service.send(DEFINITION, sendBody('refused@example.com')));
    expect(emulator.counters.sendRequests).toBe(1);
    expect(failure).toBeInstanceOf(MarketingCloudTimeoutError);
    expect(failure).toMatchObject({ maybeSent: true, retryable: false });
    expect(failure.message).toContain('may have been sent');
    expect(failure.cause).toBeInstanceOf(MarketingCloudOverloadedError);
    expect(httpStatusForError(failure)).toBe(500);
  });

  it('counts calls sleeping before a retry against maxQueuedRequests: one more fails as overloaded, not sent', async () => {
    const service = await sends({ maxConcurrentRequests: 2, maxQueuedRequests: 1 });
    emulator.faults.inject({
      route: 'send',
      times: Infinity,
      action: { type: 'rate-limit', retryAfterSeconds: 1 },
    });
    const sleeper = new AbortController();
    const first = failureOf(
      service.send(DEFINITION, sendBody('sleeper@example.com'), { signal: sleeper.signal }),
    );
    // The first call got its 429 and sleeps its Retry-After: the bound (1) is taken.
    await vi.waitFor(() =>
      expect(logger.lines.some((line) => line.includes('Retrying'))).toBe(true),
    );
    const second = await failureOf(service.send(DEFINITION, sendBody('second@example.com')));
    expect(second).toBeInstanceOf(MarketingCloudOverloadedError);
    expect(second).toMatchObject({ retryable: true, maybeSent: false });
    expect(second.message).toContain('not sent and not retried');
    expect(second.message).toContain('(maxQueuedRequests)');
    expect(second.cause).toBeInstanceOf(MarketingCloudRateLimitError);
    expect(httpStatusForError(second)).toBe(503);
    expect(emulator.counters.sendRequests).toBe(2);
    sleeper.abort();
    expect(await first).toBeInstanceOf(MarketingCloudAbortedError);
    expect(emulator.counters.sendRequests).toBe(2);
  });

  it('a 401 to every token: one re-authentication, 2 send requests and 2 token requests, retryable', async () => {
    const service = await sends({ retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
    emulator.faults.inject({
      route: 'send',
      times: Infinity,
      action: {
        type: 'respond',
        status: 401,
        body: { message: 'Not Authorized', errorcode: 0, documentation: '' },
      },
    });
    const failure = await failureOf(service.send(DEFINITION, sendBody('refused@example.com')));
    expect(failure).toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(failure).toMatchObject({ retryable: true, maybeSent: false, upstreamStatus: 401 });
    expect({
      sendRequests: emulator.counters.sendRequests,
      tokenRequests: emulator.counters.tokenRequests,
    }).toEqual({ sendRequests: 2, tokenRequests: 2 });
  });
});
