import { describe, expect, it } from 'vitest';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudOverloadedError } from '../errors/marketing-cloud-overloaded.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { ResolvedRetryPolicy } from '../options/marketing-cloud-module-options.js';
import { backoffDelayMs, retryDelayMs } from './retry-policy.js';

const policy: ResolvedRetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  maxRetryAfterMs: 30_000,
  unsafeRetryAmbiguousFailures: false,
};

describe('backoffDelayMs', () => {
  it('doubles per attempt, with half of it random, up to the ceiling', () => {
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, () => 0))).toEqual([
      100, 200, 400, 800,
    ]);
    expect([1, 2, 3, 4].map((attempt) => backoffDelayMs(policy, attempt, () => 1))).toEqual([
      200, 400, 800, 1600,
    ]);
    expect(backoffDelayMs(policy, 10, () => 1)).toBe(5000);
    expect(backoffDelayMs(policy, 10, () => 0)).toBe(2500);
  });
});

/** The delay after a first failed attempt. */
const sent = (error: Error, idempotent = false, custom = policy) =>
  retryDelayMs(error, 1, idempotent, custom);

describe('retryDelayMs', () => {
  it("never retries the module's own overload (it would only queue the call again), though it is retryable", () => {
    const overloaded = new MarketingCloudOverloadedError('1000 calls are already waiting.');
    expect(overloaded.retryable).toBe(true);
    expect(sent(overloaded)).toBeUndefined();
    expect(
      sent(overloaded, true, { ...policy, unsafeRetryAmbiguousFailures: true }),
    ).toBeUndefined();
  });

  it('retries a failure caused by 401s (Marketing Cloud did not act) like any retryable one', () => {
    const refused = new MarketingCloudAuthenticationError('401 twice', { retryable: true });
    expect(sent(refused)).toBeGreaterThan(0);
  });

  it('waits the Retry-After of a 429 / 50100, and gives up on one longer than the policy allows', () => {
    expect(
      sent(new MarketingCloudRateLimitError('429', { errorCode: 50100, retryAfterSeconds: 5 })),
    ).toBe(5000);
    expect(
      sent(new MarketingCloudRateLimitError('429', { errorCode: 50100, retryAfterSeconds: 31 })),
    ).toBeUndefined();
  });

  it('backs off when a retryable failure says nothing about when', () => {
    const delay = sent(new MarketingCloudRateLimitError('429', { errorCode: 50100 }));
    expect(delay).toBeGreaterThanOrEqual(100);
    expect(delay).toBeLessThanOrEqual(200);
  });

  it('never retries a 50200, a refused credential or a rejected request', () => {
    expect(
      sent(new MarketingCloudRateLimitError('429', { errorCode: 50200, retryable: false })),
    ).toBeUndefined();
    expect(sent(new MarketingCloudAuthenticationError('401'))).toBeUndefined();
    expect(sent(new MarketingCloudRequestError('400'))).toBeUndefined();
  });

  it('retries a connection that never carried the request, but not an ambiguous failure of a send', () => {
    expect(
      sent(new MarketingCloudUnavailableError('refused', { retryable: true })),
    ).toBeGreaterThan(0);
    expect(
      sent(new MarketingCloudUnavailableError('reset after write', { retryable: false })),
    ).toBeUndefined();
    expect(sent(new MarketingCloudTimeoutError('timeout', { retryable: false }))).toBeUndefined();
  });

  it('retries ambiguous failures of idempotent calls, or of any call when the user opted into unsafe retries', () => {
    const ambiguous = new MarketingCloudTimeoutError('timeout', { retryable: false });
    expect(sent(ambiguous, true)).toBeGreaterThan(0);
    expect(
      sent(ambiguous, false, { ...policy, unsafeRetryAmbiguousFailures: true }),
    ).toBeGreaterThan(0);
  });

  it('stops at maxAttempts, and never retries what is not a MarketingCloudError', () => {
    const retryable = new MarketingCloudUnavailableError('503', { retryable: true });
    expect(retryDelayMs(retryable, 2, false, policy)).toBeGreaterThan(0);
    expect(retryDelayMs(retryable, 3, false, policy)).toBeUndefined();
    expect(retryDelayMs(retryable, 1, false, { ...policy, maxAttempts: 1 })).toBeUndefined();
    expect(retryDelayMs(new TypeError('bug'), 1, true, policy)).toBeUndefined();
  });
});
