/**
 * One access token for every process: 4 processes with a RedisTokenStore, started cold at once,
 * over a private redis-server and the emulator (the 8-process run is bench/queue/token-sharing.ts).
 */
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTokenChild, type TokenChild } from './support/queue-children.js';
import { startTestRedis, uniqueRedisPrefix, type TestRedis } from './support/redis-server.js';
import { leakedCanaries } from './support/secrets.js';

const PROCESSES = 4;

/** 'sent', or the error name the child reported. */
function outcome(child: TokenChild): Promise<string> {
  return Promise.race([
    child.next('sent').then(() => 'sent'),
    child.next('failed').then((message) => message.error),
  ]);
}

// Child processes compile their TypeScript on start: seconds each on a loaded machine.
describe('RedisTokenStore across processes', { timeout: 90_000 }, () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let children: TokenChild[] = [];

  beforeAll(async () => {
    redis = await startTestRedis();
    emulator = await startMarketingCloudEmulator();
  });
  afterAll(async () => {
    await Promise.all(children.map((child) => child.kill()));
    await emulator.close();
    await redis.stop();
  });

  async function sendFromAll(): Promise<string[]> {
    for (const child of children) child.process.send('send');
    return Promise.all(children.map((child) => outcome(child)));
  }

  it(`${PROCESSES} cold processes make 1 token request between them; a 401 in one makes exactly 1 more for all`, async () => {
    const keyPrefix = uniqueRedisPrefix('token');
    children = await Promise.all(
      Array.from({ length: PROCESSES }, () =>
        startTokenChild({ redisUrl: redis.url, keyPrefix, authBaseUrl: emulator.authBaseUrl }),
      ),
    );
    expect(await sendFromAll()).toEqual(Array(PROCESSES).fill('sent'));
    expect(emulator.counters.tokenRequests).toBe(1);

    // The token dies. One process meets the 401 first, then all the others meet it too.
    emulator.expireAllTokens();
    children[0]!.process.send('send');
    expect(
      (await Promise.race([children[0]!.next('sent'), children[0]!.next('failed')])).type,
    ).toBe('sent');
    expect(emulator.counters.tokenRequests).toBe(2);
    children[0]!.process.send('send');
    expect(await outcome(children[0]!)).toBe('sent');
    expect(await sendFromAll()).toEqual(Array(PROCESSES).fill('sent'));
    expect(emulator.counters.tokenRequests).toBe(2);
    expect(emulator.counters.acceptedSends).toBe(2 * PROCESSES + 2);

    // Redis holds no usable token: neither the tokens nor the secret appear in it.
    const inspector = new Redis(redis.url);
    try {
      const keys = await inspector.keys(`${keyPrefix}:*`);
      const values = await Promise.all(keys.map((key) => inspector.get(key)));
      const tokens = emulator.records.requests.flatMap((request) => request.bearerToken ?? []);
      expect(keys).toHaveLength(1);
      expect(
        leakedCanaries([...keys, ...values].join('\n'), [
          'emulator-client-secret',
          'emulator-client-id',
          ...tokens,
        ]),
      ).toEqual([]);
    } finally {
      inspector.disconnect();
    }
  });
});
