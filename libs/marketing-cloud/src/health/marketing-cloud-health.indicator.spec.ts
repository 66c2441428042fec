import { Controller, Get } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { emulatorOptions } from '../../../../test/support/marketing-cloud-testing.js';
import { leakedCanaries } from '../../../../test/support/secrets.js';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { MarketingCloudHealthIndicator } from './marketing-cloud-health.indicator.js';

const WRONG_SECRET = 'canary-wrong-secret-for-health';

/** The /health route of an app, as the README shows it: the default instance and `de`. */
@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly marketingCloud: MarketingCloudHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.marketingCloud.isHealthy('marketing_cloud'),
      () => this.marketingCloud.isHealthy('marketing_cloud_de', { name: 'de', timeoutMs: 1000 }),
    ]);
  }
}

describe('MarketingCloudHealthIndicator', () => {
  let tenant: MarketingCloudEmulator;
  let de: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  let app: INestApplication | undefined;

  beforeEach(async () => {
    [tenant, de] = await Promise.all([
      startMarketingCloudEmulator(),
      startMarketingCloudEmulator(),
    ]);
  });
  afterEach(async () => {
    await app?.close();
    await moduleRef?.close();
    app = undefined;
    moduleRef = undefined;
    await Promise.all([tenant.close(), de.close()]);
  });

  async function start(
    defaultOptions: MarketingCloudModuleOptions = emulatorOptions(tenant),
    deOptions: MarketingCloudModuleOptions = emulatorOptions(de),
  ): Promise<MarketingCloudHealthIndicator> {
    moduleRef = await Test.createTestingModule({
      imports: [
        TerminusModule.forRoot({ logger: false }),
        MarketingCloudModule.forRoot(defaultOptions),
        MarketingCloudModule.forRoot({ name: 'de', ...deOptions }),
      ],
      providers: [MarketingCloudHealthIndicator],
      controllers: [HealthController],
    })
      .setLogger(new CapturingLogger())
      .compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    return moduleRef.get(MarketingCloudHealthIndicator);
  }

  it('is up with a cached token, and 100 probes make no token request', async () => {
    const health = await start();
    await expect(health.isHealthy('mc')).resolves.toEqual({
      mc: { status: 'up', instance: 'default' },
    });
    expect(tenant.counters.tokenRequests).toBe(1);
    for (let probe = 0; probe < 100; probe += 1) {
      await expect(health.isHealthy('mc')).resolves.toMatchObject({ mc: { status: 'up' } });
    }
    expect(tenant.counters.tokenRequests).toBe(1);
  });

  it('serves 1,000 concurrent probes on a cold cache with one token request', async () => {
    const health = await start();
    const results = await Promise.all(
      Array.from({ length: 1000 }, () => health.isHealthy('mc', { timeoutMs: 10_000 })),
    );
    expect(results.every((result) => result.mc.status === 'up')).toBe(true);
    expect(tenant.counters.tokenRequests).toBe(1);
  });

  it('is down, credentials refused, for invalid_client: without the secret', async () => {
    const health = await start({ ...emulatorOptions(tenant), clientSecret: WRONG_SECRET });
    const result = await health.isHealthy('mc');
    expect(result).toEqual({
      mc: {
        status: 'down',
        instance: 'default',
        reason: 'credentials-refused',
        upstreamStatus: 401,
        message: expect.stringContaining('rejected the client credentials (invalid_client'),
      },
    });
    expect(leakedCanaries(JSON.stringify(result), [WRONG_SECRET])).toEqual([]);
  });

  it('is down, unreachable, when the tenant does not answer', async () => {
    const gone = await startMarketingCloudEmulator();
    await gone.close();
    const health = await start(emulatorOptions(gone));
    await expect(health.isHealthy('mc')).resolves.toEqual({
      mc: {
        status: 'down',
        instance: 'default',
        reason: 'unreachable',
        message: expect.stringMatching(
          /^Could not reach Marketing Cloud for the token request at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
        ),
      },
    });
  });

  it('is down, rate-limited, when the token endpoint answers 429, with its Retry-After', async () => {
    const health = await start();
    tenant.faults.inject({ route: 'token', action: { type: 'rate-limit', retryAfterSeconds: 7 } });
    await expect(health.isHealthy('mc')).resolves.toEqual({
      mc: {
        status: 'down',
        instance: 'default',
        reason: 'rate-limited',
        upstreamStatus: 429,
        retryAfterSeconds: 7,
        message: expect.stringContaining('throttled the token request'),
      },
    });
    // Nothing cached from the failure: the next probe asks again and is up.
    await expect(health.isHealthy('mc')).resolves.toMatchObject({ mc: { status: 'up' } });
  });

  it('is down, timed out, when no token comes within timeoutMs', async () => {
    const health = await start();
    tenant.faults.inject({ route: 'token', action: { type: 'delay', ms: 2000 } });
    await expect(health.isHealthy('mc', { timeoutMs: 50 })).resolves.toEqual({
      mc: {
        status: 'down',
        instance: 'default',
        reason: 'timed-out',
        message: expect.stringContaining('No access token within 50 ms'),
      },
    });
  });

  it('checks the named instance on its own tenant, and names an unknown one', async () => {
    const health = await start(emulatorOptions(tenant), {
      ...emulatorOptions(de),
      clientSecret: WRONG_SECRET,
    });
    await expect(health.isHealthy('mc')).resolves.toMatchObject({ mc: { status: 'up' } });
    await expect(health.isHealthy('mc_de', { name: 'de' })).resolves.toMatchObject({
      mc_de: { status: 'down', instance: 'de', reason: 'credentials-refused' },
    });
    expect(de.counters.tokenRequests).toBe(1);
    expect(tenant.counters.tokenRequests).toBe(1);
    await expect(health.isHealthy('mc_fr', { name: 'fr' })).resolves.toEqual({
      mc_fr: {
        status: 'down',
        instance: 'fr',
        reason: 'not-registered',
        message: expect.stringContaining(
          "No MarketingCloud 'fr' instance is registered (registered: default, de)",
        ),
      },
    });
  });

  it('a terminus /health route: 200 when both are up, 503 naming the instance that is down', async () => {
    await start();
    const up = await request(app!.getHttpServer()).get('/health');
    expect(up.status).toBe(200);
    expect(up.body).toMatchObject({
      status: 'ok',
      info: {
        marketing_cloud: { status: 'up', instance: 'default' },
        marketing_cloud_de: { status: 'up', instance: 'de' },
      },
    });
    await app!.close();
    app = undefined;
    await moduleRef!.close();
    await start(emulatorOptions(tenant), { ...emulatorOptions(de), clientSecret: WRONG_SECRET });
    const down = await request(app!.getHttpServer()).get('/health');
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({
      status: 'error',
      error: { marketing_cloud_de: { status: 'down', reason: 'credentials-refused' } },
    });
    expect(leakedCanaries(down.text, [WRONG_SECRET, DEFAULT_EMULATOR_CLIENT.clientSecret])).toEqual(
      [],
    );
  });
});
