import { describe, expect, it } from 'vitest';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { parseSendBatchResponse } from './parse-send-batch-response.js';

const context = { definition: 'key:k', requestType: 'ASYNC' as const };
const ok = (id: string) => ({ recipientSendId: id, hasErrors: false, messages: ['Queued'] });

describe('parseSendBatchResponse', () => {
  it('reads one result per entry, in order: accepted sends and typed rejections', () => {
    const parsed = parseSendBatchResponse(
      {
        status: 202,
        headers: {},
        data: {
          requestId: 'req',
          responses: [
            ok('a'),
            { recipientSendId: '', hasErrors: true, messages: ['InvalidOrMissingToAddress'] },
            ok('c'),
          ],
        },
      },
      [context, context, context],
    );
    expect(Array.isArray(parsed)).toBe(true);
    const [first, second, third] = parsed as unknown[];
    expect(first).toMatchObject({ requestId: 'req', recipientSendId: 'a' });
    expect(second).toBeInstanceOf(MarketingCloudNoValidSubscribersError);
    expect(third).toMatchObject({ recipientSendId: 'c' });
  });

  it.each([
    ['fewer entries than elements', { requestId: 'r', responses: [ok('a')] }],
    ['more entries than elements', { requestId: 'r', responses: [ok('a'), ok('b'), ok('c')] }],
    ['no responses array', { requestId: 'r' }],
    ['a body that is not JSON', '<html>'],
  ])('makes the whole chunk "may have been queued" for %s', (_, data) => {
    const parsed = parseSendBatchResponse({ status: 202, headers: {}, data }, [context, context]);
    expect(parsed).toBeInstanceOf(MarketingCloudUnavailableError);
    expect(parsed).toMatchObject({ retryable: false, upstreamStatus: 202 });
    expect((parsed as Error).message).toMatch(/may or may not have been queued/);
  });

  it('an entry without a recipientSendId is that element\'s own "may have been queued"', () => {
    const parsed = parseSendBatchResponse(
      {
        status: 202,
        headers: {},
        data: { requestId: 'r', responses: [ok('a'), { hasErrors: false }] },
      },
      [context, context],
    ) as unknown[];
    expect(parsed[0]).toMatchObject({ recipientSendId: 'a' });
    expect(parsed[1]).toBeInstanceOf(MarketingCloudUnavailableError);
  });
});
