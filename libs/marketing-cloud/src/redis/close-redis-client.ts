import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** The longest close waits for a dropped connection to report its end. */
const END_TIMEOUT_MS = 1_000;

/**
 * Closes a client whatever its state: QUIT when connected; else drop the socket and wait (bounded)
 * until ioredis says it ended. QUIT on a client that is still reconnecting would leave its reconnect
 * timer and socket behind, which keep the process alive after the app closed.
 */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    await client.quit().catch(() => client.disconnect());
    return;
  }
  if (client.status === 'wait') {
    // Never connected (lazyConnect): no socket to wait for.
    client.disconnect();
    return;
  }
  const giveUp = new AbortController();
  const ended = once(client, 'end', { signal: giveUp.signal });
  client.disconnect();
  const timeout = sleep(END_TIMEOUT_MS, undefined, { signal: giveUp.signal, ref: false });
  await Promise.race([ended, timeout]).catch(() => {});
  giveUp.abort();
  await Promise.allSettled([ended, timeout]);
}
