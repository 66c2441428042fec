import type { Redis } from 'ioredis';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';

/** The longest close waits for QUIT to be acknowledged. */
const QUIT_TIMEOUT_MS = 1_000;
/** ioredis's own default: a dropped connection's socket is destroyed after this if still open. */
const IOREDIS_DISCONNECT_TIMEOUT_MS = 2_000;

/** Whether `promise` fulfils within `ms`; the timer never outlives it. */
async function fulfilsWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  const timer = new AbortController();
  const fulfilled = promise.then(
    () => true,
    () => false,
  );
  const late = sleep(ms, false, { signal: timer.signal, ref: false }).catch(() => false);
  try {
    return await Promise.race([fulfilled, late]);
  } finally {
    timer.abort();
  }
}

/**
 * Closes a client whatever its state, in bounded time, leaving no socket or timer behind:
 * - connected: QUIT; when the server does not acknowledge it (it stopped answering, or the command
 *   timed out), the connection is dropped as below;
 * - reconnecting (Redis down): the reconnect timer is cleared. QUIT there would leave the timer and
 *   a new socket behind, which keep the process alive after the app closed;
 * - otherwise (connecting, or QUIT unanswered): the connection is dropped, and ioredis destroys a
 *   socket still open after its `disconnectTimeout`.
 */
export async function closeRedisClient(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'wait' || client.status === 'reconnecting') {
    // Never connected (lazyConnect), or between two attempts: no socket; disconnect() clears the
    // reconnect timer, and ioredis emits no 'end' to wait for.
    client.disconnect();
    return;
  }
  const stopWaiting = new AbortController();
  const ended = once(client, 'end', { signal: stopWaiting.signal });
  const endWithin =
    (client.options.disconnectTimeout ?? IOREDIS_DISCONNECT_TIMEOUT_MS) + QUIT_TIMEOUT_MS;
  try {
    if (client.status === 'ready' && (await fulfilsWithin(client.quit(), QUIT_TIMEOUT_MS))) {
      if (await fulfilsWithin(ended, endWithin)) return;
    }
    client.disconnect();
    await fulfilsWithin(ended, endWithin);
  } finally {
    stopWaiting.abort();
    await ended.catch(() => {});
  }
}
