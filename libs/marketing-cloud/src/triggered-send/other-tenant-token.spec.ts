import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { httpStatusForError } from '../errors/http-status-for-error.js';
import { TriggeredSendService } from './triggered-send.service.js';

/**
 * Two tenants on one emulator: `wrong-stack` issues tokens whose rest_instance_url is the default
 * tenant's REST base URL, so the module sends a token of one tenant to another tenant's endpoint,
 * and Marketing Cloud answers 403 / 40002 (documented, shared/sfmc-api.md §2.4, §9 item 3).
 */
describe('A token used on another tenant’s REST base URL (403 / 40002)', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      tenants: [{ name: 'wrong-stack', restInstanceUrlOf: 'default' }],
    });
    const wrongStack = emulator.tenant('wrong-stack');
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, { authBaseUrl: wrongStack.authBaseUrl }),
    );
    service = moduleRef.get(TriggeredSendService);
  });
  afterAll(async () => {
    await moduleRef.close();
    await emulator.close();
  });

  it('send: a typed authentication error naming 40002, not retryable, sent once and accepted nowhere', async () => {
    const error = await service
      .send('key:external_key', sendBody())
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(error).toMatchObject({ upstreamStatus: 403, errorCode: 40002, retryable: false });
    expect((error as Error).message).toMatch(
      /HTTP 403, errorcode 40002 AuthorizationTokenInvalidOnThisEndpoint/,
    );
    // An upstream configuration problem, not the app caller's: 502, never a 401/403 of our own.
    expect(httpStatusForError(error as MarketingCloudAuthenticationError)).toBe(502);
    // Not taken for an expired token: no new token, no second attempt.
    expect(emulator.counters).toMatchObject({ tokensIssued: 1, sendRequests: 1, acceptedSends: 0 });
  });

  it('sendBatch: every element carries that error', async () => {
    emulator.reset();
    const results = await service.sendBatch('key:external_key', [
      sendBody('a@example.com'),
      sendBody('b@example.com'),
    ]);
    expect(results.map((result) => result.status)).toEqual(['failed', 'failed']);
    for (const result of results) {
      expect(result.status === 'failed' && result.error).toMatchObject({
        errorCode: 40002,
        retryable: false,
      });
    }
    expect(emulator.counters).toMatchObject({ sendBatchRequests: 1, acceptedSends: 0 });
  });
});
