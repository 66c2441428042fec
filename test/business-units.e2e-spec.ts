import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import {
  businessUnitTargetToken,
  MarketingCloudTarget,
} from '../src/config/marketing-cloud-target.js';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';
import { leakedCanaries } from './support/secrets.js';

const SEND = '/messaging/v1/messageDefinitionSends/key:external_key/send';
const body = (address: string) => ({ To: { Address: address, SubscriberKey: address } });

const credentials = (prefix: string, emulator: MarketingCloudEmulator, secret?: string) => ({
  [`${prefix}AUTH_BASE_URL`]: emulator.authBaseUrl,
  [`${prefix}CLIENT_ID`]: DEFAULT_EMULATOR_CLIENT.clientId,
  [`${prefix}CLIENT_SECRET`]: secret ?? DEFAULT_EMULATOR_CLIENT.clientSecret,
});

describe('sample app: business units, /health and /metrics', () => {
  let app: NestExpressApplication | undefined;
  let restoreEnvironment: (() => void) | undefined;
  const tenants: MarketingCloudEmulator[] = [];

  afterEach(async () => {
    await app?.close();
    app = undefined;
    restoreEnvironment?.();
    await Promise.all(tenants.splice(0).map((tenant) => tenant.close()));
  });

  async function startTenant(): Promise<MarketingCloudEmulator> {
    const started = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
    tenants.push(started);
    return started;
  }

  async function start(env: Record<string, string>, logger = new CapturingLogger()) {
    restoreEnvironment = setEnvironment(env);
    app = await createSampleApp(logger);
    return request(app.getHttpServer());
  }

  it('with the built-in emulator: two tenants, /bu/de/ sends through the de instance with its own token', async () => {
    const logger = new CapturingLogger();
    const http = await start({}, logger);
    const emulator = app!.get(MarketingCloudTarget).embeddedEmulator!;
    const deOptions = app!.get<MarketingCloudTarget>(businessUnitTargetToken('de')).options;
    expect(deOptions.authBaseUrl).toBe(emulator.tenant('de').authBaseUrl);
    expect(logger.lines.join('\n')).toContain(
      "Business unit 'de': the built-in emulator's tenant 'de'",
    );

    expect((await http.post(SEND).send(body('main@example.com'))).status).toBe(202);
    const sent = await http.post(`/bu/de${SEND}`).send(body('de@example.com'));
    expect(sent.status).toBe(202);
    expect(emulator.records.sends.map((send) => [send.tenant, send.to.address])).toEqual([
      ['default', 'main@example.com'],
      ['de', 'de@example.com'],
    ]);
    const [mainSend, deSend] = emulator.records.sends;
    expect(deSend!.bearerToken).not.toBe(mainSend!.bearerToken);

    const recipientSendId = (sent.body as { responses: { recipientSendId: string }[] })
      .responses[0]!.recipientSendId;
    const record = await http.get(
      `/bu/de/messaging/v1/messageDefinitionSends/key:external_key/deliveryRecords/${recipientSendId}`,
    );
    expect(record.status).toBe(200);
    const reads = emulator.records.requests.filter(
      (recorded) => recorded.route === 'deliveryRecord',
    );
    expect(reads.map((recorded) => recorded.tenant)).toEqual(['de']);
  });

  it('an unknown business unit is a 404 that says how to configure it, and reaches no tenant', async () => {
    const http = await start({});
    const unknown = await http.post(`/bu/fr${SEND}`).send(body('fr@example.com'));
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({
      message: "Business unit 'fr' is not configured in this app (set its MC_FR_* variables).",
    });
    const junk = await http
      .post(`/bu/${encodeURIComponent('<script>')}${SEND}`)
      .send(body('x@example.com'));
    expect(junk.status).toBe(404);
    expect(junk.body).toMatchObject({ message: 'Unknown business unit.' });
    expect(app!.get(MarketingCloudTarget).embeddedEmulator!.counters.sendRequests).toBe(0);
  });

  it('/health: 200 with both instances up; /metrics: both instances, in Prometheus format, without recipients or secrets', async () => {
    const http = await start({});
    await http.post(SEND).send(body('metrics-main@example.com'));
    await http.post(`/bu/de${SEND}`).send(body('metrics-de@example.com'));

    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'ok',
      info: {
        marketing_cloud: { status: 'up', instance: 'default' },
        marketing_cloud_de: { status: 'up', instance: 'de' },
      },
    });

    const metrics = await http.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    for (const instance of ['default', 'de']) {
      expect(metrics.text).toMatch(
        new RegExp(
          `marketing_cloud_client_sends_total\\{marketing_cloud_instance="${instance}",marketing_cloud_operation_name="send",marketing_cloud_outcome="success"[^}]*\\} [1-9]`,
        ),
      );
    }
    expect(metrics.text).toContain('# TYPE marketing_cloud_client_operation_duration histogram');
    const tokens = [
      ...app!.get(MarketingCloudTarget).embeddedEmulator!.counters.requestsPerToken.keys(),
    ];
    expect(tokens).toHaveLength(2);
    expect(
      leakedCanaries(metrics.text + health.text, [
        'metrics-main@example.com',
        'metrics-de@example.com',
        DEFAULT_EMULATOR_CLIENT.clientSecret,
        ...tokens,
      ]),
    ).toEqual([]);
  });

  it('with MC_* only: no de instance, /bu/de/ is a 404 and /health checks the default alone', async () => {
    const main = await startTenant();
    const http = await start(credentials('MC_', main));
    expect((await http.post(`/bu/de${SEND}`).send(body('de@example.com'))).status).toBe(404);
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(Object.keys(health.body.details as object)).toEqual(['marketing_cloud']);
  });

  it('with MC_* and MC_DE_*: each to its tenant; wrong de credentials make /health 503 naming de, without the secret', async () => {
    const [main, de] = [await startTenant(), await startTenant()];
    const http = await start({
      ...credentials('MC_', main),
      ...credentials('MC_DE_', de, 'canary-wrong-de-secret'),
      MC_DE_ACCOUNT_ID: '5100001',
    });
    const health = await http.get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({
      status: 'error',
      info: { marketing_cloud: { status: 'up' } },
      error: {
        marketing_cloud_de: { status: 'down', instance: 'de', reason: 'credentials-refused' },
      },
    });
    expect(leakedCanaries(health.text, ['canary-wrong-de-secret'])).toEqual([]);
    const tokenRequest = de.records.requests.find((recorded) => recorded.route === 'token')!;
    expect(JSON.parse(tokenRequest.bodyText)).toMatchObject({ account_id: 5100001 });
    expect(main.counters.tokenRequests).toBe(1);
  });

  it('a partial MC_DE_* configuration stops start-up, naming what is missing', async () => {
    const main = await startTenant();
    restoreEnvironment = setEnvironment({
      ...credentials('MC_', main),
      MC_DE_CLIENT_ID: 'only-the-id',
    });
    await expect(createSampleApp()).rejects.toThrow(
      "Business unit 'de' is not fully configured: set MC_DE_SUBDOMAIN (or MC_DE_AUTH_BASE_URL), MC_DE_CLIENT_SECRET",
    );
  });
});
