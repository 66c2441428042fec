/**
 * 50,000 callers against a Marketing Cloud that accepts connections and never answers: how much heap
 * they take and how long until every one has settled, with the default bounds (32 in flight, 1,000
 * waiting) and with a queue large enough to hold them all. Run it without a build:
 *
 *   node --expose-gc --conditions=source --import ./test/fixtures/typescript-loader/register.mjs bench/silent-tenant.ts
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import {
  MarketingCloudHttpClient,
  MarketingCloudModule,
  TriggeredSendService,
  type MarketingCloudModuleOptions,
} from 'nestjs-marketing-cloud';
import { documentedSendBody } from '../src/messaging/documented-examples.js';
import { neverAnswer, startMisbehavingTenant } from '../test/support/misbehaving-tenant.js';

const CALLERS = 50_000;
const MIB = 1024 * 1024;

function heapAfterGc(): number {
  if (!globalThis.gc) throw new Error('run with node --expose-gc');
  globalThis.gc();
  globalThis.gc();
  return process.memoryUsage().heapUsed;
}

type Caller = 'service' | 'http client';

async function run(
  label: string,
  caller: Caller,
  overrides: Partial<MarketingCloudModuleOptions>,
): Promise<void> {
  const tenant = await startMisbehavingTenant(neverAnswer);
  const app = await NestFactory.createApplicationContext(
    MarketingCloudModule.forRoot({
      authBaseUrl: tenant.authBaseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      requestTimeoutMs: 2000,
      shutdownGracePeriodMs: 0,
      ...overrides,
    }),
    { logger: false },
  );
  const sends = app.get(TriggeredSendService);
  const client = app.get(MarketingCloudHttpClient);
  const body = documentedSendBody();
  // The service validates each request first (CPU per call); the client shows the waiting alone.
  const call = (): Promise<unknown> =>
    caller === 'service'
      ? sends.send('key:external_key', body)
      : client.request({
          method: 'POST',
          path: 'messaging/v1/messageDefinitionSends/key:external_key/send',
          body,
          what: 'send',
          idempotent: false,
        });
  const heapBefore = heapAfterGc();
  const started = performance.now();
  const outcomes = new Map<string, number>();
  const settled = Array.from({ length: CALLERS }, () =>
    call().then(
      () => 'accepted',
      (error: Error) => error.name,
    ),
  );
  // Every caller has been taken in (queued, refused or on the wire): the peak of what they hold.
  await new Promise((resolve) => setImmediate(resolve));
  const takenInMs = performance.now() - started;
  const heapWaiting = heapAfterGc();
  for (const name of await Promise.all(settled)) outcomes.set(name, (outcomes.get(name) ?? 0) + 1);
  const settleMs = performance.now() - started;
  const heapAfter = heapAfterGc();
  await app.close();
  await tenant.close();
  process.stdout.write(
    `${label}, through the ${caller}: ${CALLERS} callers, requestTimeoutMs 2000 -> all taken in (queued, refused or sent) in ${(takenInMs / 1000).toFixed(2)} s, all settled in ${(settleMs / 1000).toFixed(2)} s; heap +${((heapWaiting - heapBefore) / MIB).toFixed(1)} MiB while waiting, +${((heapAfter - heapBefore) / MIB).toFixed(1)} MiB after; REST requests ${tenant.restRequests}; ${[...outcomes].map(([name, count]) => `${name} ${count}`).join(', ')}\n`,
  );
}

for (const caller of ['http client', 'service'] as const) {
  await run('defaults (maxConcurrentRequests 32, maxQueuedRequests 1000)', caller, {});
  await run('maxQueuedRequests 50000 (all may wait)', caller, { maxQueuedRequests: 50_000 });
}
