import { describe, expect, it } from 'vitest';
import { httpStatusForError } from '../errors/http-status-for-error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudQueueUnavailableError } from './marketing-cloud-queue-unavailable.error.js';

describe('MarketingCloudQueueUnavailableError', () => {
  it("answers 503 (this app's store is down), retryable, where an unavailable Marketing Cloud is 502", () => {
    const error = new MarketingCloudQueueUnavailableError('Redis is down');
    expect(error.retryable).toBe(true);
    expect(error.maybeSent).toBe(false);
    expect(httpStatusForError(error)).toBe(503);
    expect(
      httpStatusForError(new MarketingCloudUnavailableError('down', { retryable: true })),
    ).toBe(502);
  });
});
