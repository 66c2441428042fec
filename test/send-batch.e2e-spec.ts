import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { sendBody } from './support/marketing-cloud-testing.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

const ROUTE = '/messaging/v1/messageDefinitionSends/key:external_key/sendBatch';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('sample app: POST …/{definition}/sendBatch', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      definitions: DEMO_DEFINITIONS,
      excludedAddresses: ['excluded@example.com'],
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      MC_REQUEST_TIMEOUT_MS: '2000',
    });
    app = await createSampleApp();
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
    restoreEnvironment();
  });
  afterEach(() => emulator.reset());

  it("answers 202 in Marketing Cloud's shape, one entry per element in order; a refusal keeps its place", async () => {
    const body = Array.from({ length: 60 }, (_, index) => ({
      ...sendBody(`r${index}@example.com`),
      Options: { RequestType: 'SYNC' },
    }));
    body[7] = { ...sendBody('excluded@example.com'), Options: { RequestType: 'SYNC' } };
    const response = await request(app.getHttpServer()).post(ROUTE).send(body);

    expect(response.status).toBe(202);
    const { responses } = response.body as { responses: Record<string, unknown>[] };
    expect(responses).toHaveLength(60);
    expect(responses[0]).toEqual({
      requestId: expect.stringMatching(GUID) as unknown,
      recipientSendId: expect.stringMatching(GUID) as unknown,
      hasErrors: false,
      messages: ['Queued'],
    });
    expect(responses[7]).toEqual({
      requestId: expect.stringMatching(GUID) as unknown,
      recipientSendId: expect.stringMatching(GUID) as unknown,
      hasErrors: true,
      messageErrors: [
        {
          messageErrorCode: 180008,
          messageErrorStatus:
            'Unable to queue Triggered Send request. There are no valid subscribers.',
        },
      ],
      error: 'MarketingCloudNoValidSubscribersError',
      retryable: false,
    });
    expect(responses.filter((entry) => entry['hasErrors'])).toHaveLength(1);
    for (const [index, entry] of responses.entries()) {
      if (index === 7) continue;
      expect(emulator.records.emailsTo(`r${index}@example.com`)).toEqual([
        expect.objectContaining({ recipientSendId: entry['recipientSendId'] }),
      ]);
    }
    expect(emulator.counters.sendBatchRequests).toBe(2);
  });

  it('answers 400 naming the bad element by its index, and sends nothing', async () => {
    const body = [sendBody(), { ...sendBody(), To: { ...sendBody().To, Address: 'nope' } }];
    const response = await request(app.getHttpServer()).post(ROUTE).send(body);

    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'MarketingCloudValidationError',
      violations: [expect.objectContaining({ path: '[1].To.Address' })],
    });
    expect(emulator.counters.sendBatchRequests).toBe(0);
  });

  it('answers 400 for a body that is not an array', async () => {
    const response = await request(app.getHttpServer()).post(ROUTE).send(sendBody());
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({
      violations: [expect.objectContaining({ path: 'requests', rule: 'isArray' })],
    });
  });
});
