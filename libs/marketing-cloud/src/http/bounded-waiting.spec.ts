import type { TestingModule } from '@nestjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createMarketingCloudTestingModule,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import {
  neverAnswer,
  startMisbehavingTenant,
  type MisbehavingTenant,
} from '../../../../test/support/misbehaving-tenant.js';
import { MarketingCloudOverloadedError } from '../errors/marketing-cloud-overloaded.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const DEFINITION = 'key:external_key';

/** Starts `count` sends; each outcome is the error it ended with (or its result). */
function outcomesOf(service: TriggeredSendService, count: number, timeoutMs?: number) {
  return Array.from({ length: count }, (_, i) =>
    service
      .send(DEFINITION, sendBody(`waiter-${i}@example.com`), timeoutMs ? { timeoutMs } : {})
      .catch((error: unknown) => error),
  );
}

describe('bounded waiting, against a tenant that accepts connections and never answers', () => {
  let tenant: MisbehavingTenant;
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await tenant.close();
  });

  async function silentTenantSends(overrides: Partial<MarketingCloudModuleOptions>) {
    tenant = await startMisbehavingTenant(neverAnswer);
    moduleRef = await createMarketingCloudTestingModule({
      authBaseUrl: tenant.authBaseUrl,
      clientId: 'id',
      clientSecret: 'secret',
      shutdownGracePeriodMs: 0,
      retry: { maxAttempts: 1 },
      ...overrides,
    });
    return moduleRef.get(TriggeredSendService);
  }

  it('refuses calls beyond maxQueuedRequests at once, with a retryable MarketingCloudOverloadedError, sending nothing', async () => {
    const service = await silentTenantSends({ maxConcurrentRequests: 4, maxQueuedRequests: 10 });
    const outcomes = outcomesOf(service, 30);
    // The 16 beyond 4 in flight + 10 waiting settle before anything else happens.
    const refused = (await Promise.all(outcomes.slice(14))) as MarketingCloudOverloadedError[];
    expect(refused.every((error) => error instanceof MarketingCloudOverloadedError)).toBe(true);
    expect(refused[0]).toMatchObject({ retryable: true, maybeSent: false });
    expect(refused[0]?.message).toMatch(/10 calls are already waiting for a free slot/);
    // Only the 4 with a slot reach the tenant.
    await vi.waitFor(() => expect(tenant.restRequests).toBe(4));
  });

  it("a call's timeout covers its wait for a slot: of 640 callers with timeoutMs 300, only those that got a slot are sent", async () => {
    const service = await silentTenantSends({ maxConcurrentRequests: 32 });
    const started = performance.now();
    const outcomes = await Promise.all(outcomesOf(service, 640, 300));
    const settledMs = performance.now() - started;
    const waitedOut = outcomes.filter((error) => error instanceof MarketingCloudOverloadedError);
    const timedOut = outcomes.filter((error) => error instanceof MarketingCloudTimeoutError);
    process.stdout.write(
      `[bounded waiting] 640 callers, timeoutMs 300, silent tenant: all settled in ${Math.round(settledMs)} ms (${timedOut.length} timed out on the wire, ${waitedOut.length} gave up waiting for a slot)\n`,
    );
    expect(timedOut.length + waitedOut.length).toBe(640);
    // Only calls that got a slot were sent: at most one slot-full per timeout of the ones in flight.
    expect(timedOut.length).toBeLessThanOrEqual(64);
    expect(waitedOut[0]).toMatchObject({ retryable: true, maybeSent: false });
    expect(waitedOut[0]?.message).toMatch(/waited 300 ms \(its timeout\) for a free slot/);
    expect(timedOut[0]).toMatchObject({ retryable: false, maybeSent: true });
    // Without the wait covered, every caller is sent in its turn and times out on the wire: 640
    // requests, 20 waves of 300 ms = 6 s. Waiters' deadlines (queued first) always fire before
    // those of the exchanges in flight, so this holds however slow the machine is.
    expect(tenant.restRequests).toBe(timedOut.length);
    expect(waitedOut.length).toBeGreaterThanOrEqual(640 - 64);
  });
});
