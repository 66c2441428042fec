import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Secret } from '../../options/secret.js';
import type { SharedToken } from '../token-store.js';
import { RedisTokenStore } from './redis-token-store.js';

/** A port nothing listens on: bound once, then released. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

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
    const store = new RedisTokenStore({ connection: `redis://127.0.0.1:${await deadPort()}` });
    let fetches = 0;
    const token = await store.obtain(
      { key: 'k'.repeat(32), clientSecret: new Secret('canary-secret') },
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
