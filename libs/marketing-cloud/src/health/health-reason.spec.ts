import { describe, expect, it } from 'vitest';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { healthDownOf } from './health-reason.js';

describe('healthDownOf', () => {
  it('a 5xx or a malformed token answer is unavailable, with the status', () => {
    expect(
      healthDownOf(
        new MarketingCloudUnavailableError(
          'Marketing Cloud failed to answer the token request (HTTP 503).',
          { upstreamStatus: 503 },
        ),
      ),
    ).toEqual({
      reason: 'unavailable',
      upstreamStatus: 503,
      message: 'Marketing Cloud failed to answer the token request (HTTP 503).',
    });
  });

  it('a token request timeout is unreachable', () => {
    expect(healthDownOf(new MarketingCloudTimeoutError('no answer')).reason).toBe('unreachable');
  });

  it('keeps only the first line of a message (the potential solutions are for logs)', () => {
    expect(
      healthDownOf(new MarketingCloudTimeoutError('first\nPotential solutions:\n  - x')).message,
    ).toBe('first');
  });

  it('shows nothing of an error that is not the library’s own (its message may hold anything)', () => {
    expect(healthDownOf(new TypeError('secret-looking text'))).toEqual({
      reason: 'error',
      message: 'Unexpected TypeError while getting an access token.',
    });
  });
});
