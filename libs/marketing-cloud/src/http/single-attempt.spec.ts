import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const DEFINITION = 'key:external_key';

describe('the per-call option retry: false (one attempt; the caller retries on its own)', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator();
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, { retry: { maxAttempts: 3, baseDelayMs: 0 } }),
    );
    service = moduleRef.get(TriggeredSendService);
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await moduleRef.close();
    await emulator.close();
  });

  it('throws a 503 at once, retryable, after one request (the module policy would retry it)', async () => {
    emulator.faults.inject({
      route: 'send',
      action: { type: 'unavailable', retryAfterSeconds: 0 },
    });
    const error = await service
      .send(DEFINITION, sendBody(), { retry: false })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MarketingCloudUnavailableError);
    expect((error as MarketingCloudUnavailableError).retryable).toBe(true);
    expect(emulator.counters.sendRequests).toBe(1);
  });

  it('throws a 429 at once with its Retry-After, instead of sleeping on it', async () => {
    emulator.faults.inject({
      route: 'send',
      action: { type: 'rate-limit', retryAfterSeconds: 20 },
    });
    await expect(service.send(DEFINITION, sendBody(), { retry: false })).rejects.toMatchObject({
      constructor: MarketingCloudRateLimitError,
      retryAfterSeconds: 20,
    });
    expect(emulator.counters.sendRequests).toBe(1);
  });

  it('still renews a refused token once (a 401 is not a retry: Marketing Cloud did not act)', async () => {
    await service.send(DEFINITION, sendBody());
    emulator.expireAllTokens();
    await service.send(DEFINITION, sendBody(), { retry: false });
    expect(emulator.counters.sendRequests).toBe(3);
    expect(emulator.counters.acceptedSends).toBe(2);
  });

  it('is validated like the other call options', async () => {
    const error = await service
      .send(DEFINITION, sendBody(), { retry: 'no' as unknown as boolean })
      .catch((caught: unknown) => caught as MarketingCloudValidationError);
    expect(error).toBeInstanceOf(MarketingCloudValidationError);
    expect((error as MarketingCloudValidationError).violations).toEqual([
      expect.objectContaining({ path: 'options.retry', rule: 'isBoolean' }),
    ]);
  });
});
