import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import {
  MAX_SEND_BATCH_REQUESTS,
  type TriggeredSendBatchFailed,
  type TriggeredSendBatchResult,
} from './send-batch-result.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import { TriggeredSendService } from './triggered-send.service.js';

const DEFINITION = 'key:external_key';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const addressOf = (index: number) => `r${index}@example.com`;
/** `count` requests, element i to r{i}@example.com. */
const requestsFor = (count: number, requestType?: 'SYNC'): TriggeredSendRequest[] =>
  Array.from({ length: count }, (_, index) => ({
    ...sendBody(addressOf(index)),
    ...(requestType && { Options: { RequestType: requestType } }),
  }));

/** The failed results, and the accepted ones. */
function split(results: readonly TriggeredSendBatchResult[]) {
  return {
    failed: results.filter(
      (result): result is TriggeredSendBatchFailed => result.status === 'failed',
    ),
    accepted: results.filter((result) => result.status === 'accepted'),
  };
}

describe('TriggeredSendService.sendBatch against the emulator', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      deliveryDelayMs: 0,
      excludedAddresses: ['excluded@example.com'],
    });
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, { requestTimeoutMs: 2_000 }),
    );
    service = moduleRef.get(TriggeredSendService);
  });
  afterAll(async () => {
    await moduleRef.close();
    await emulator.close();
  });
  afterEach(() => emulator.reset());

  /** Each accepted request reached the emulator exactly once, as the element its result says. */
  function expectOneEmailEach(results: readonly TriggeredSendBatchResult[]): void {
    const accepted = results.filter((result) => result.status === 'accepted');
    expect(
      accepted.map((result) =>
        emulator.records.emailsTo(addressOf(result.index)).map((email) => email.recipientSendId),
      ),
    ).toEqual(accepted.map((result) => [result.result.recipientSendId]));
  }

  it.each([
    [1, 1],
    [50, 1],
    [51, 2],
    [1_000, 20],
  ])(
    'sends %i requests in %i sendBatch request(s), all accepted, in input order',
    async (count, chunks) => {
      const results = await service.sendBatch(DEFINITION, requestsFor(count));

      expect(results).toHaveLength(count);
      results.forEach((result, index) => {
        expect(result).toEqual({
          status: 'accepted',
          index,
          result: {
            requestId: expect.stringMatching(GUID) as unknown,
            recipientSendId: expect.stringMatching(GUID) as unknown,
            messages: ['Queued'],
            requestType: 'ASYNC',
            definition: DEFINITION,
          },
        });
      });
      expect(emulator.counters).toMatchObject({
        sendBatchRequests: chunks,
        sendRequests: 0,
        acceptedSends: count,
      });
      // Chunks as the emulator saw them: `chunks` requests, none above 50 elements.
      const perRequest = new Map<string, number>();
      for (const send of emulator.records.sends) {
        perRequest.set(send.requestId, (perRequest.get(send.requestId) ?? 0) + 1);
      }
      expect(perRequest.size).toBe(chunks);
      expect(Math.max(...perRequest.values())).toBe(Math.min(count, 50));
      expectOneEmailEach(results);
    },
  );

  it('validates every element first: one bad element is named by its index and nothing is sent', async () => {
    const requests = requestsFor(60);
    requests[3] = { ...requests[3]!, To: { ...requests[3]!.To, Address: 'not-an-email' } };
    const error = await service.sendBatch(DEFINITION, requests).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MarketingCloudValidationError);
    const violations = (error as MarketingCloudValidationError).violations;
    expect(violations).toEqual([
      expect.objectContaining({
        path: '[3].To.Address',
        message: expect.stringMatching(/^\[3\]\.To\.Address /) as unknown,
      }),
    ]);
    expect(emulator.counters).toMatchObject({
      tokenRequests: 0,
      sendBatchRequests: 0,
      acceptedSends: 0,
    });
  });

  it('lists at most 20 element violations and counts the rest', async () => {
    const requests = Array.from(
      { length: 500 },
      () => ({ To: {} }) as unknown as TriggeredSendRequest,
    );
    const error = (await service
      .sendBatch(DEFINITION, requests)
      .catch((caught: unknown) => caught)) as MarketingCloudValidationError;
    expect(error).toBeInstanceOf(MarketingCloudValidationError);
    expect(error.violations).toHaveLength(21);
    expect(error.violations.at(-1)).toMatchObject({ path: 'requests', rule: 'moreViolations' });
    expect(emulator.counters.sendBatchRequests).toBe(0);
  });

  it.each([
    ['no request', []],
    [`${MAX_SEND_BATCH_REQUESTS + 1} requests`, requestsFor(MAX_SEND_BATCH_REQUESTS + 1)],
  ])('refuses %s with a typed validation error before any request', async (_, requests) => {
    const error = await service.sendBatch(DEFINITION, requests).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketingCloudValidationError);
    expect((error as MarketingCloudValidationError).violations).toEqual([
      expect.objectContaining({ path: 'requests', rule: 'arrayLength' }),
    ]);
    expect(emulator.counters.sendBatchRequests).toBe(0);
  });

  it('refuses a definition and call options as send does, naming each', async () => {
    const error = await service
      .sendBatch('not a definition', requestsFor(1), { timeoutMs: 1 })
      .catch((caught: unknown) => caught);
    expect(
      (error as MarketingCloudValidationError).violations.map((violation) => violation.path),
    ).toEqual(['definition', 'options.timeoutMs']);
    expect(emulator.counters.sendBatchRequests).toBe(0);
  });

  it('reports a per-recipient refusal in the middle at its place; the others are accepted, order kept', async () => {
    const requests = requestsFor(60, 'SYNC');
    requests[25] = { ...sendBody('excluded@example.com'), Options: { RequestType: 'SYNC' } };
    const results = await service.sendBatch(DEFINITION, requests);

    const { failed, accepted } = split(results);
    expect(failed.map((result) => result.index)).toEqual([25]);
    expect(failed[0]?.error).toBeInstanceOf(MarketingCloudNoValidSubscribersError);
    expect(failed[0]?.error).toMatchObject({ errorCode: 180008, retryable: false });
    expect(accepted).toHaveLength(59);
    expect(results.map((result) => result.index)).toEqual([...Array.from({ length: 60 }).keys()]);
    expectOneEmailEach(results);
    expect(emulator.records.emailsTo('excluded@example.com')).toEqual([]);
  });

  it('a chunk answered 500 fails as a whole, with one error, never retried; the other chunks succeed', async () => {
    emulator.faults.inject({
      route: 'sendBatch',
      after: 1,
      action: {
        type: 'respond',
        status: 500,
        body: { message: 'Internal Server Error', errorcode: 500, documentation: '' },
      },
    });
    const results = await service.sendBatch(DEFINITION, requestsFor(150));

    const { failed, accepted } = split(results);
    expect(failed).toHaveLength(50);
    // One whole chunk: 50 consecutive requests aligned on the batch size.
    const first = failed[0]!.index;
    expect(first % 50).toBe(0);
    expect(failed.map((result) => result.index)).toEqual(
      Array.from({ length: 50 }, (_, offset) => first + offset),
    );
    const error: MarketingCloudError = failed[0]!.error;
    expect(error).toBeInstanceOf(MarketingCloudUnavailableError);
    expect(error).toMatchObject({ upstreamStatus: 500, retryable: false });
    expect(failed.every((result) => result.error === error)).toBe(true);
    expect(accepted).toHaveLength(100);
    // Exactly one email per accepted element, none for the failed chunk, and no retry of it.
    expectOneEmailEach(results);
    for (const result of failed)
      expect(emulator.records.emailsTo(addressOf(result.index))).toEqual([]);
    expect(emulator.counters).toMatchObject({ sendBatchRequests: 3, acceptedSends: 100 });
  });

  it('a chunk whose answer is lost after Marketing Cloud acted is "may have been sent": not retried, no second email', async () => {
    emulator.faults.inject({
      route: 'sendBatch',
      action: { type: 'reset', afterProcessing: true },
    });
    const results = await service.sendBatch(DEFINITION, requestsFor(50));

    const { failed } = split(results);
    expect(failed).toHaveLength(50);
    expect(failed[0]?.error.retryable).toBe(false);
    expect(failed[0]?.error).not.toBeInstanceOf(MarketingCloudTimeoutError);
    // Marketing Cloud did queue them: exactly once each, because the chunk was not sent again.
    for (let index = 0; index < 50; index += 1) {
      expect(emulator.records.emailsTo(addressOf(index))).toHaveLength(1);
    }
    expect(emulator.counters.sendBatchRequests).toBe(1);
  });

  it('a chunk Marketing Cloud certainly did not act on (503) is retried, and every element sent once', async () => {
    emulator.faults.inject({
      route: 'sendBatch',
      action: { type: 'unavailable', retryAfterSeconds: 0 },
    });
    const results = await service.sendBatch(DEFINITION, requestsFor(100));

    expect(split(results).accepted).toHaveLength(100);
    expectOneEmailEach(results);
    expect(emulator.counters).toMatchObject({ sendBatchRequests: 3, acceptedSends: 100 });
  });
});
