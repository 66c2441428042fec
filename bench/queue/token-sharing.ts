/**
 * Token sharing: 8 processes with a RedisTokenStore, started cold at once, each sends one email:
 * token requests counted by the emulator. Then every token expires, one process meets the 401,
 * and all 8 send again: token requests counted again.
 */
import { startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { startTokenChild, type TokenChild } from '../../test/support/queue-children.js';
import { startTestRedis, uniqueRedisPrefix } from '../../test/support/redis-server.js';

const PROCESSES = Number(process.env.PROCESSES ?? 8);

const redis = await startTestRedis();
const emulator = await startMarketingCloudEmulator();
let children: TokenChild[] = [];

function outcome(child: TokenChild): Promise<string> {
  return Promise.race([
    child.next('sent').then(() => 'sent'),
    child.next('failed').then((message) => message.error),
  ]);
}

async function sendFrom(targets: readonly TokenChild[]): Promise<string[]> {
  for (const child of targets) child.process.send('send');
  return Promise.all(targets.map((child) => outcome(child)));
}

try {
  const keyPrefix = uniqueRedisPrefix('token-run');
  children = await Promise.all(
    Array.from({ length: PROCESSES }, () =>
      startTokenChild({ redisUrl: redis.url, keyPrefix, authBaseUrl: emulator.authBaseUrl }),
    ),
  );
  const cold = await sendFrom(children);
  const coldRequests = emulator.counters.tokenRequests;
  emulator.expireAllTokens();
  const first = await sendFrom(children.slice(0, 1));
  const all = await sendFrom(children);
  const afterRequests = emulator.counters.tokenRequests;
  const unauthorized = emulator.records.requests.filter((request) => request.status === 401).length;
  console.log(
    [
      `token sharing: ${PROCESSES} processes with RedisTokenStore`,
      `  cold start, ${PROCESSES} sends at once: ${cold.filter((o) => o === 'sent').length} sent, token requests ${coldRequests}`,
      `  after every token expired: 1 process (${first[0]}), then all ${PROCESSES} (${all.filter((o) => o === 'sent').length} sent): token requests ${afterRequests - coldRequests} more (401s answered: ${unauthorized})`,
      coldRequests === 1 && afterRequests - coldRequests === 1
        ? 'token sharing: PASS'
        : 'token sharing: FAIL',
    ].join('\n'),
  );
} finally {
  await Promise.all(children.map((child) => child.kill()));
  await emulator.close();
  await redis.stop();
}
