import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type FaultAction,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { TriggeredSendService } from 'nestjs-marketing-cloud';
import { MarketingCloudTarget } from '../src/config/marketing-cloud-target.js';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { jsonShape, maskGuids } from './fixtures/json-shape.js';
import { loadSeedExamples } from './fixtures/seed-examples.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

const seed = loadSeedExamples();
const documentedAccepted = seed.responses.find((response) =>
  response.title.includes('Asynchronous'),
);
const validBody = seed.requests[0]!.body as Record<string, unknown>;

describe('sample app, against an emulator configured through MC_* variables', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;
  const logger = new CapturingLogger();

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      definitions: DEMO_DEFINITIONS,
      excludedAddresses: ['excluded@example.com'],
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
      MC_ACCOUNT_ID: '12345',
      MC_REQUEST_TIMEOUT_MS: '1000',
    });
    app = await createSampleApp(logger);
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
    restoreEnvironment();
  });
  afterEach(() => emulator.reset());

  it('uses the configured tenant, not an embedded emulator', () => {
    expect(logger.lines.join('\n')).not.toContain('built-in emulator');
  });

  it.each(seed.requests.map((example) => [example.title, example] as const))(
    '%s: works verbatim and answers 202 in the documented shape',
    async (_, example) => {
      let call = request(app.getHttpServer()).post(example.path);
      for (const [name, value] of Object.entries(example.headers)) call = call.set(name, value);
      const response = await call.send(example.bodyText);
      expect(response.status).toBe(202);
      expect(jsonShape(maskGuids(response.body))).toEqual(
        jsonShape(maskGuids(documentedAccepted?.body)),
      );
      expect(response.body.responses[0].messages).toEqual(['Queued']);
      // What reached Marketing Cloud is the documented body, once, with our token (not the placeholder).
      expect(emulator.records.sends).toHaveLength(1);
      expect(emulator.records.sends[0]?.body).toEqual(example.body);
      const sendRequest = emulator.records.requests.find((recorded) => recorded.route === 'send');
      expect(sendRequest?.bearerToken).toMatch(/^.{512}$/);
    },
  );

  it('asks for tokens with the configured MC_ACCOUNT_ID', async () => {
    emulator.expireAllTokens();
    await request(app.getHttpServer())
      .post('/messaging/v1/messageDefinitionSends/key:cust_key/send')
      .send(validBody)
      .expect(202);
    const tokenRequest = emulator.records.requests.find((recorded) => recorded.route === 'token');
    expect(JSON.parse(tokenRequest?.bodyText ?? '{}')).toMatchObject({ account_id: 12345 });
  });

  it("gives the delivery record of a send, in Marketing Cloud's shape", async () => {
    const sent = await request(app.getHttpServer())
      .post('/messaging/v1/messageDefinitionSends/key:cust_key/send')
      .send(validBody)
      .expect(202);
    const recipientSendId = sent.body.responses[0].recipientSendId as string;
    const record = await request(app.getHttpServer())
      .get(`/messaging/v1/messageDefinitionSends/key:cust_key/deliveryRecords/${recipientSendId}`)
      .expect(200);
    expect(record.body).toMatchObject({ messageId: recipientSendId, status: 'Queued' });
  });

  it('answers 400 naming every invalid field, and sends nothing', async () => {
    const response = await request(app.getHttpServer())
      .post('/messaging/v1/messageDefinitionSends/key:external_key/send')
      .send({ To: { Address: 'not-an-email' }, Options: { RequestType: 'LATER' }, Cc: 'x' })
      .expect(400);
    expect(response.body).toMatchObject({
      statusCode: 400,
      error: 'MarketingCloudValidationError',
      errorCode: null,
    });
    expect(
      response.body.violations.map((violation: { path: string }) => violation.path).toSorted(),
    ).toEqual(['Cc', 'Options.RequestType', 'To.Address', 'To.SubscriberKey']);
    expect(response.body.message).toMatch(/To\.Address must be an email address/);
    expect(emulator.records.requests).toEqual([]);
  });

  it.each([
    ['a bad definition', '/messaging/v1/messageDefinitionSends/not-a-guid/send', 'definition'],
    [
      'a bad recipientSendId',
      '/messaging/v1/messageDefinitionSends/key:cust_key/deliveryRecords/nope',
      'recipientSendId',
    ],
  ])('answers 400 for %s', async (_, path, field) => {
    const call = path.endsWith('/send')
      ? request(app.getHttpServer()).post(path).send(validBody)
      : request(app.getHttpServer()).get(path);
    const response = await call.expect(400);
    expect(response.body.violations).toEqual([expect.objectContaining({ path: field })]);
  });

  const families: [
    string,
    string,
    FaultAction | undefined,
    Record<string, unknown>,
    number,
    Record<string, string>?,
  ][] = [
    ['an unknown definition', 'key:missing', undefined, validBody, 404],
    [
      'a refused recipient (SYNC, 180008)',
      'key:external_key',
      undefined,
      {
        ...validBody,
        To: { Address: 'excluded@example.com', SubscriberKey: 'k' },
        Options: { RequestType: 'SYNC' },
      },
      422,
    ],
    [
      'the flat InvalidOrMissingToAddress answer',
      'key:external_key',
      {
        type: 'respond',
        status: 202,
        body: { recipientSendId: '', hasErrors: true, messages: ['InvalidOrMissingToAddress'] },
      },
      validBody,
      422,
    ],
    [
      'throttling (429 / 50100)',
      'key:external_key',
      { type: 'rate-limit', retryAfterSeconds: 60 },
      validBody,
      503,
      { 'retry-after': '60' },
    ],
    [
      'a temporary block (429 / 50200)',
      'key:external_key',
      { type: 'blocked' },
      validBody,
      503,
      { 'retry-after': '30' },
    ],
    [
      'refused credentials (401 to every token)',
      'key:external_key',
      { type: 'expire-tokens' },
      validBody,
      502,
    ],
    // A send that may have been acted on is 500 (maybeSent), a status meshes do not retry.
    ['an HTML error page', 'key:external_key', { type: 'html' }, validBody, 500],
    ['no answer in time', 'key:external_key', { type: 'delay', ms: 3000 }, validBody, 500],
  ];
  it.each(families)(
    'maps %s to its status',
    async (_, definition, fault, body, status, headers = {}) => {
      if (fault?.type === 'expire-tokens') {
        emulator.faults.inject({
          route: 'send',
          times: Infinity,
          action: {
            type: 'respond',
            status: 401,
            body: { message: 'Not Authorized', errorcode: 0, documentation: '' },
          },
        });
      } else if (fault) {
        emulator.faults.inject({ route: 'send', action: fault });
      }
      const response = await request(app.getHttpServer())
        .post(`/messaging/v1/messageDefinitionSends/${definition}/send`)
        .send(body);
      expect(response.status).toBe(status);
      expect(response.headers).toMatchObject(headers);
      expect(response.body).toMatchObject({
        statusCode: status,
        error: expect.stringMatching(/^MarketingCloud/),
      });
    },
    20_000,
  );

  it('serves the OpenAPI document with both routes and the documented examples', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const paths = response.body.paths as Record<
      string,
      Record<
        string,
        {
          requestBody?: {
            content: Record<string, { examples?: Record<string, { value: unknown }> }>;
          };
        }
      >
    >;
    expect(Object.keys(paths).toSorted()).toEqual([
      '/messaging/v1/messageDefinitionSends/{definition}/deliveryRecords/{recipientSendId}',
      '/messaging/v1/messageDefinitionSends/{definition}/send',
      '/messaging/v1/messageDefinitionSends/{definition}/sendBatch',
    ]);
    const examples =
      paths['/messaging/v1/messageDefinitionSends/{definition}/send']?.['post']?.requestBody
        ?.content['application/json']?.examples;
    const documentedBodies = seed.requests.map((example) => JSON.stringify(example.body));
    for (const example of Object.values(examples ?? {})) {
      expect(documentedBodies).toContain(JSON.stringify(example.value));
    }
    expect(Object.keys(examples ?? {})).toHaveLength(2);
    await request(app.getHttpServer()).get('/docs').expect(200).expect('content-type', /html/);
  });
});

describe('sample app with no credentials', () => {
  it('starts the embedded emulator with the demo definitions, and closes it with the app', async () => {
    const restore = setEnvironment({});
    const logger = new CapturingLogger();
    try {
      const app = await createSampleApp(logger);
      const announcement = logger.lines.find((line) =>
        line.includes('using the built-in emulator'),
      );
      expect(announcement).toMatch(/set MC_SUBDOMAIN, MC_CLIENT_ID and MC_CLIENT_SECRET/);
      for (const definition of [
        'key:external_key',
        'key:cust_key',
        'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc',
      ]) {
        await request(app.getHttpServer())
          .post(`/messaging/v1/messageDefinitionSends/${definition}/send`)
          .send(validBody)
          .expect(202);
      }
      const restBaseUrl = /at (http:\/\/\S+\/rest\/)/.exec(announcement ?? '')?.[1];
      expect(restBaseUrl).toBeDefined();
      await app.close();
      await expect(
        fetch(`${restBaseUrl}messaging/v1/messageDefinitionSends/key:cust_key/send`, {
          method: 'POST',
        }),
      ).rejects.toMatchObject({ cause: { code: 'ECONNREFUSED' } });
    } finally {
      restore();
    }
  });

  it('lets a send in flight finish against the embedded emulator when the app closes', async () => {
    const restore = setEnvironment({});
    try {
      const app = await createSampleApp();
      const emulator = app.get(MarketingCloudTarget).embeddedEmulator;
      emulator?.faults.inject({ route: 'send', action: { type: 'delay', ms: 400 } });
      const inFlight = app.get(TriggeredSendService).send('key:external_key', {
        To: { Address: 'closing@example.com', SubscriberKey: 'closing' },
      });
      // On the wire (not still waiting for its token, which shutdown would fail at once).
      await vi.waitFor(() => expect(emulator?.counters.sendRequests).toBe(1));
      await app.close();
      await expect(inFlight).resolves.toMatchObject({ messages: ['Queued'] });
      expect(emulator?.records.emailsTo('closing@example.com')).toHaveLength(1);
    } finally {
      restore();
    }
  });

  it('refuses to start in production, naming the missing variables', async () => {
    const restore = setEnvironment({ NODE_ENV: 'production' });
    try {
      await expect(createSampleApp()).rejects.toThrow(
        'Marketing Cloud is not configured: set MC_SUBDOMAIN (or MC_AUTH_BASE_URL), MC_CLIENT_ID, MC_CLIENT_SECRET (NODE_ENV=production never falls back to the built-in emulator)',
      );
    } finally {
      restore();
    }
  });

  it('names only what is missing when credentials are partly set', async () => {
    const restore = setEnvironment({
      MC_SUBDOMAIN: 'mc563885gzs27c5t9-63k636ttgm',
      MC_CLIENT_ID: 'id',
    });
    try {
      await expect(createSampleApp()).rejects.toThrow(
        /^Marketing Cloud is not configured: set MC_CLIENT_SECRET\. /,
      );
    } finally {
      restore();
    }
  });
});
