import { Redis } from 'ioredis';
import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../test/support/tcp.js';
import { startTestRedis, type TestRedis } from '../../../../test/support/redis-server.js';
import { closeRedisClient } from './close-redis-client.js';

describe('closeRedisClient', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('QUITs a connected client', async () => {
    const client = new Redis(redis.url);
    await once(client, 'ready');
    await closeRedisClient(client);
    expect(client.status).toBe('end');
  });

  it.skipIf(Boolean(process.env.REDIS_URL))(
    'ends a client whose server stopped answering (QUIT is never acknowledged)',
    async () => {
      const client = new Redis(redis.url);
      await once(client, 'ready');
      redis.freeze();
      try {
        // Before: awaited QUIT for ever.
        await closeRedisClient(client);
        expect(client.status).toBe('end');
      } finally {
        redis.thaw();
      }
    },
    10_000,
  );

  it('stops a client reconnecting to a server that is down: no reconnect timer, no socket', async () => {
    const client = new Redis(`redis://127.0.0.1:${await freePort()}`);
    client.on('error', () => {});
    // Not events.once: it would reject on the client's 'error' (ECONNREFUSED).
    await new Promise((resolve) => client.once('reconnecting', resolve));
    await closeRedisClient(client);
    // ioredis's own reconnect timer (private): cleared, so it never connects again.
    expect((client as unknown as { reconnectTimeout: unknown }).reconnectTimeout).toBeNull();
    expect(process.getActiveResourcesInfo()).not.toContain('TCPSocketWrap');
  });
});
