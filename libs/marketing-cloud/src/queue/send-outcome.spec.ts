import { describe, expect, it } from 'vitest';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { decideFailure, describeFailure, sentNothing } from './send-outcome.js';

const MAX_PAUSE = 60_000;

describe('decideFailure: what the queue does with a failed attempt', () => {
  it.each([
    [
      '429 with Retry-After: pause the queue',
      new MarketingCloudRateLimitError('x', { retryAfterSeconds: 7 }),
      { kind: 'pause-queue', pauseMs: 7000 },
    ],
    [
      'a Retry-After longer than the cap: pause for the cap',
      new MarketingCloudRateLimitError('x', { retryAfterSeconds: 3600 }),
      { kind: 'pause-queue', pauseMs: MAX_PAUSE },
    ],
    [
      '503 with no Retry-After: retry with backoff',
      new MarketingCloudUnavailableError('x', { retryable: true }),
      { kind: 'retry' },
    ],
    [
      'aborted before sending: retry',
      new MarketingCloudAbortedError('x', { retryable: true }),
      { kind: 'retry' },
    ],
    [
      'timeout after sending: may have been sent',
      new MarketingCloudTimeoutError('x'),
      { kind: 'maybe-sent' },
    ],
    [
      '5xx / reset after sending: may have been sent',
      new MarketingCloudUnavailableError('x'),
      { kind: 'maybe-sent' },
    ],
    [
      'aborted after sending: may have been sent',
      new MarketingCloudAbortedError('x', { retryable: false }),
      { kind: 'maybe-sent' },
    ],
    [
      'recipient refused: refused',
      new MarketingCloudNoValidSubscribersError('x'),
      { kind: 'refused' },
    ],
    ['bad credentials: refused', new MarketingCloudAuthenticationError('x'), { kind: 'refused' }],
    [
      '50200 temporarily blocked: refused',
      new MarketingCloudRateLimitError('x', { retryable: false }),
      { kind: 'refused' },
    ],
    ['validation: refused', new MarketingCloudValidationError('x', []), { kind: 'refused' }],
    [
      'an error the module marked maybeSent: may have been sent',
      new MarketingCloudUnavailableError('x', { retryable: true, maybeSent: true }),
      { kind: 'maybe-sent' },
    ],
    ['not a MarketingCloudError: may have been sent', new TypeError('bug'), { kind: 'maybe-sent' }],
  ])('%s', (_, error, decision) => {
    expect(decideFailure(error, MAX_PAUSE)).toEqual(decision);
  });

  it('removes the marker (sent nothing) for every decision but "may have been sent"', () => {
    expect(sentNothing({ kind: 'retry' })).toBe(true);
    expect(sentNothing({ kind: 'pause-queue', pauseMs: 1000 })).toBe(true);
    expect(sentNothing({ kind: 'refused' })).toBe(true);
    expect(sentNothing({ kind: 'maybe-sent' })).toBe(false);
  });

  it('describes a failure without the message of an unknown error (it could hold anything)', () => {
    const failure = describeFailure(new Error('secret-ish detail'), { kind: 'maybe-sent' });
    expect(failure).toEqual({
      name: 'Error',
      message: 'The send failed with an unexpected error.',
      errorCode: undefined,
      retryable: false,
      maybeSent: true,
    });
  });
});
