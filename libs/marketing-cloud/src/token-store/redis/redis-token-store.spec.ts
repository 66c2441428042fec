import { freePort } from '../../../../../test/support/tcp.js';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  ManualClock,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../../test/support/capturing-logger.js';
import { emulatorOptions, sendBody } from '../../../../../test/support/marketing-cloud-testing.js';
import {
  startTestRedis,
  uniqueRedisPrefix,
  type TestRedis,
} from '../../../../../test/support/redis-server.js';
import { MarketingCloudModule } from '../../marketing-cloud.module.js';
import type { MarketingCloudModuleOptions } from '../../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../../triggered-send/triggered-send.service.js';
import { Secret } from '../../options/secret.js';
import type { SharedToken } from '../token-store.js';
import { RedisTokenStore } from './redis-token-store.js';

const TOKEN: SharedToken = {
  accessToken: 'canary-token-for-a-dead-redis',
  restBaseUrl: 'https://rest.example/',
  scope: undefined,
  requestedAtEpochMs: Date.now(),
  expiresAtEpochMs: Date.now() + 1_000_000,
  refreshAtEpochMs: Date.now() + 900_000,
};

/** The timers and sockets this process holds: a leaked reconnect timer shows up here. */
function liveHandles(): string[] {
  return process
    .getActiveResourcesInfo()
    .filter((kind) => kind === 'Timeout' || kind === 'TCPSocketWrap')
    .toSorted();
}

describe('RedisTokenStore with Redis down', () => {
  it('fetches the token alone, and close() leaves no reconnect timer or socket behind', async () => {
    const before = liveHandles();
    const store = new RedisTokenStore({ connection: `redis://127.0.0.1:${await freePort()}` });
    let fetches = 0;
    const token = await store.obtain(
      { key: 'k'.repeat(32), clientSecret: new Secret('canary-secret'), now: () => Date.now() },
      async () => {
        fetches += 1;
        return TOKEN;
      },
    );
    expect(token).toBe(TOKEN);
    expect(fetches).toBe(1);
    await store.close();
    // QUIT on a client still reconnecting would keep its reconnect timer (the process stays up).
    expect(liveHandles()).toEqual(before);
  });
});

describe('RedisTokenStore under the module, over real Redis', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  let clock: ManualClock;

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  afterEach(async () => {
    redis.thaw();
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function sends(options: Partial<MarketingCloudModuleOptions> = {}) {
    clock = new ManualClock();
    emulator = await startMarketingCloudEmulator({ clock });
    const tokenStore = new RedisTokenStore({
      connection: redis.url,
      keyPrefix: uniqueRedisPrefix('token'),
      commandTimeoutMs: 200,
    });
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudModule.forRoot(emulatorOptions(emulator, { clock, tokenStore, ...options })),
      ],
    })
      .setLogger(new CapturingLogger())
      .compile();
    return moduleRef.get(TriggeredSendService);
  }

  it("ages the stored token on the module's clock: a ManualClock past the lifetime means one new token, no 401", async () => {
    const service = await sends();
    await service.send('key:external_key', sendBody('first@example.com'));
    clock.advance(1_080_000); // past expires_in (1079 s) on both sides
    await service.send('key:external_key', sendBody('second@example.com'));
    // Before: the store compared with Date.now(), served the expired token as fresh: a 401 and a third send.
    expect(emulator.counters).toMatchObject({ tokenRequests: 2, sendRequests: 2 });
  });

  it.skipIf(Boolean(process.env.REDIS_URL))(
    'a Redis that stops answering neither blocks sends (each process asks alone) nor the shutdown',
    async () => {
      const service = await sends();
      await service.send('key:external_key', sendBody('before@example.com'));
      redis.freeze();
      emulator.expireAllTokens();
      // Before: the 401's invalidation and the next read waited on Redis for ever (30 s and more).
      const result = await service.send('key:external_key', sendBody('during@example.com'), {
        timeoutMs: 3_000,
      });
      expect(result.messages).toEqual(['Queued']);
      expect(emulator.counters.tokenRequests).toBe(2);
      // Before: QUIT to a frozen server was never acknowledged, and app.close() hung.
      await moduleRef!.close();
      moduleRef = undefined;
    },
    15_000,
  );
});
