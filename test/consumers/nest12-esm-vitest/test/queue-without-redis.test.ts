import { Test } from '@nestjs/testing';
import { MarketingCloudValidationError, TriggeredSendService } from 'nestjs-marketing-cloud';
import {
  MarketingCloudQueueModule,
  MarketingCloudQueueUnavailableError,
  TriggeredSendQueue,
} from 'nestjs-marketing-cloud/queue';
import { RedisTokenStore } from 'nestjs-marketing-cloud/redis-token-store';
import {
  getMarketingCloudEmulator,
  MarketingCloudTestingModule,
} from 'nestjs-marketing-cloud/testing';
import { describe, expect, it } from 'vitest';

// Nothing listens on this port: the optional entries must load, and behave, with no Redis at all.
const NO_REDIS = 'redis://127.0.0.1:1';

describe('nestjs-marketing-cloud/queue and /redis-token-store from the tarball, with no Redis', () => {
  it('validates before storing, fails fast and retryable without Redis, and sends on without a token store', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudTestingModule.forRoot({
          tokenStore: new RedisTokenStore({ connection: NO_REDIS }),
        }),
        MarketingCloudQueueModule.forRoot({
          connection: NO_REDIS,
          worker: false,
          enqueueTimeoutMs: 500,
        }),
      ],
    }).compile();
    await moduleRef.init();
    try {
      const queue = moduleRef.get(TriggeredSendQueue);
      await expect(
        queue.enqueue('key:external_key', { To: { Address: 'not an address' } } as never, {
          idempotencyKey: 'consumer-1',
        }),
      ).rejects.toBeInstanceOf(MarketingCloudValidationError);
      const unavailable = await queue
        .enqueue(
          'key:external_key',
          { To: { Address: 'ada@example.com', SubscriberKey: 'ada' } },
          {
            idempotencyKey: 'consumer-1',
          },
        )
        .catch((error: unknown) => error);
      expect(unavailable).toBeInstanceOf(MarketingCloudQueueUnavailableError);
      expect(unavailable).toMatchObject({ retryable: true, maybeSent: false });
      // The token store is down too: the module asks for its own token and the send goes out.
      const result = await moduleRef
        .get(TriggeredSendService)
        .send('key:external_key', { To: { Address: 'ada@example.com', SubscriberKey: 'ada' } });
      expect(result.messages).toEqual(['Queued']);
      expect(getMarketingCloudEmulator(moduleRef).records.emailsTo('ada@example.com')).toHaveLength(
        1,
      );
    } finally {
      await moduleRef.close();
    }
  });
});
