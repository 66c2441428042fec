/**
 * The sample app's queue routes (on only with REDIS_URL), over a private redis-server and the
 * emulator the MC_* variables point at.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppModule } from '../src/app.module.js';
import { configureApp } from '../src/app.setup.js';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { queueImports, QueuedSendsModule } from '../src/queue/queued-sends.module.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { sendBody } from './support/marketing-cloud-testing.js';
import { startTestRedis, type TestRedis } from './support/redis-server.js';
import { setEnvironment } from './support/sample-app.js';

describe('sample app: queued sends', () => {
  let redis: TestRedis;
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;

  beforeAll(async () => {
    redis = await startTestRedis();
    emulator = await startMarketingCloudEmulator({
      definitions: DEMO_DEFINITIONS,
      deliveryDelayMs: 10,
      excludedAddresses: ['excluded@example.com'],
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      REDIS_URL: redis.url,
    });
    const logger = new CapturingLogger();
    // AppModule.forEnvironment() adds QueuedSendsModule because REDIS_URL is set (queueImports).
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forEnvironment()] })
      .setLogger(logger)
      .compile();
    app = await configureApp(
      moduleRef.createNestApplication<NestExpressApplication>({ logger }),
    ).init();
  });
  afterAll(async () => {
    await app?.close();
    restoreEnvironment?.();
    await emulator.close();
    await redis.stop();
  });

  it('is on only when REDIS_URL is set, so npm start needs no Redis', () => {
    expect(queueImports({})).toEqual([]);
    expect(queueImports({ REDIS_URL: ' ' })).toEqual([]);
    expect(queueImports({ REDIS_URL: 'redis://127.0.0.1:6379' })).toEqual([
      { module: QueuedSendsModule },
    ]);
  });

  it('reports the queue in /health: its depth, the workers connected, this process worker', async () => {
    const health = await vi.waitFor(
      async () => {
        const response = await request(app.getHttpServer()).get('/health').expect(200);
        expect(response.body.info.marketing_cloud_queue).toMatchObject({ workers: 1 });
        return response.body;
      },
      { timeout: 10_000, interval: 50 },
    );
    expect(health.info.marketing_cloud_queue).toMatchObject({
      status: 'up',
      counts: { waiting: 0, failed: 0 },
      rateLimitedForMs: 0,
      localWorker: { running: true, concurrency: 8 },
    });
    expect(health.info.marketing_cloud).toMatchObject({ status: 'up' });
  });

  it('queues with an Idempotency-Key: the same key twice is one job and one email, reported sent', async () => {
    const body = sendBody('queued@example.com');
    const first = await request(app.getHttpServer())
      .post('/queue/messageDefinitionSends/key:external_key/send')
      .set('Idempotency-Key', 'order-7:receipt')
      .send(body)
      .expect(202);
    const again = await request(app.getHttpServer())
      .post('/queue/messageDefinitionSends/key:external_key/send')
      .set('Idempotency-Key', 'order-7:receipt')
      .send(body)
      .expect(202);
    expect(again.body).toEqual(first.body);
    expect(first.body.status).toBe(`/queue/jobs/${first.body.jobId}`);
    const status = await vi.waitFor(
      async () => {
        const answer = await request(app.getHttpServer()).get(first.body.status).expect(200);
        expect(answer.body.state).toBe('sent');
        return answer.body;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(status.recipientSendId).toBe(emulator.records.sends[0]!.recipientSendId);
    expect(emulator.records.emailsTo('queued@example.com')).toHaveLength(1);
  });

  it('refuses a send without Idempotency-Key, or an invalid one, with a 400 and queues nothing', async () => {
    const missing = await request(app.getHttpServer())
      .post('/queue/messageDefinitionSends/key:external_key/send')
      .send(sendBody())
      .expect(400);
    expect(missing.body.message).toContain('Idempotency-Key');
    const invalid = await request(app.getHttpServer())
      .post('/queue/messageDefinitionSends/key:external_key/send')
      .set('Idempotency-Key', 'bad-body')
      .send({ To: { Address: 'nope' } })
      .expect(400);
    expect(invalid.body.error).toBe('MarketingCloudValidationError');
    expect(invalid.body.violations.map((v: { path: string }) => v.path)).toContain('To.Address');
    await request(app.getHttpServer())
      .get('/queue/jobs/send-0000000000000000000000000000000000000000')
      .expect(404);
  });

  it('lists failed jobs with their reasons, and re-queues one only on request', async () => {
    const refused = { ...sendBody('excluded@example.com'), Options: { RequestType: 'SYNC' } };
    const { body } = await request(app.getHttpServer())
      .post('/queue/messageDefinitionSends/key:external_key/send')
      .set('Idempotency-Key', 'refused-1')
      .send(refused)
      .expect(202);
    const failed = await vi.waitFor(
      async () => {
        const answer = await request(app.getHttpServer()).get('/queue/jobs/failed').expect(200);
        expect(answer.body).toHaveLength(1);
        return answer.body;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(failed[0]).toMatchObject({
      jobId: body.jobId,
      state: 'failed',
      error: { name: 'MarketingCloudNoValidSubscribersError', retryable: false, maybeSent: false },
    });
    const requestsBefore = emulator.counters.sendRequests;
    await request(app.getHttpServer()).post(`/queue/jobs/${body.jobId}/retry`).expect(202);
    // It really runs again: a second send request, refused again, its first attempt of the new run.
    const again = await vi.waitFor(
      async () => {
        expect(emulator.counters.sendRequests).toBe(requestsBefore + 1);
        const answer = await request(app.getHttpServer()).get(`/queue/jobs/${body.jobId}`);
        expect(answer.body.state).toBe('failed');
        return answer.body;
      },
      { timeout: 10_000, interval: 20 },
    );
    expect(again).toMatchObject({
      attemptsMade: 1,
      error: { name: 'MarketingCloudNoValidSubscribersError', maybeSent: false },
    });
    expect(
      emulator.records.requests.filter(
        (recorded) =>
          recorded.route === 'send' && recorded.bodyText.includes('"excluded@example.com"'),
      ),
    ).toHaveLength(2);
    await request(app.getHttpServer())
      .post('/queue/jobs/send-0000000000000000000000000000000000000000/retry')
      .expect(400);
  });

  it('documents the queue routes in Swagger', async () => {
    const document = (await request(app.getHttpServer()).get('/docs-json').expect(200)).body;
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/queue/messageDefinitionSends/{definition}/send',
        '/queue/jobs/{jobId}',
        '/queue/jobs/failed',
        '/queue/jobs/{jobId}/retry',
      ]),
    );
    const parameters =
      document.paths['/queue/messageDefinitionSends/{definition}/send'].post.parameters;
    expect(parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
      ]),
    );
  });
});
