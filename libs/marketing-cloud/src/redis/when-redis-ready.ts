import type { Redis } from 'ioredis';

/**
 * Resolves when `client` is ready; rejects on its first error or after `timeoutMs`, so that a
 * caller never waits on a Redis that is down (ioredis itself would retry forever). Shared by the
 * queue and the Redis token store, the two folders that use the optional peer ioredis.
 */
export function whenRedisReady(client: Redis, timeoutMs: number): Promise<void> {
  if (client.status === 'ready') return Promise.resolve();
  return new Promise<void>((resolve, reject) => {
    const done = (error?: Error): void => {
      clearTimeout(timer);
      client.off('ready', onReady);
      client.off('error', onError);
      if (error) reject(error);
      else resolve();
    };
    const onReady = (): void => done();
    const onError = (error: Error): void => done(error);
    const timer = setTimeout(
      () => done(new Error(`not connected within ${timeoutMs} ms`)),
      timeoutMs,
    );
    client.once('ready', onReady);
    client.once('error', onError);
  });
}
