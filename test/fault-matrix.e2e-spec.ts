/**
 * The fault matrix of the README, one test per row, through the sample app over HTTP: for each fault,
 * what the caller gets, how many times the send reached "Marketing Cloud" (never twice), and at the
 * end, that no secret or token shows in any log line or response of the whole matrix.
 */
import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  startMarketingCloudEmulator,
  type FaultAction,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { CapturingLogger } from './support/capturing-logger.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';
import { leakedCanaries } from './support/secrets.js';

const CLIENT_ID = 'fault-matrix-client';
const CLIENT_SECRET = 'CANARY-FAULT-MATRIX-SECRET-5e1b7d';
const SEND_PATH = '/messaging/v1/messageDefinitionSends/key:external_key/send';

interface Row {
  /** The README's "Fault" column. */
  fault: string;
  arrange: (emulator: MarketingCloudEmulator) => void;
  /** Status the app's caller gets. */
  status: number;
  /** `error` of the body, for failures. */
  error?: string;
  /** Emails Marketing Cloud will send for this call: never more than one. */
  emails: 0 | 1;
  /** POST …/send requests that reached Marketing Cloud (attempts). */
  sendRequests: number;
  /** `retryable` and `maybeSent` of the error body, where they matter. */
  flags?: { retryable: boolean; maybeSent: boolean };
  headers?: Record<string, string>;
}

const fault =
  (route: 'token' | 'send', action: FaultAction, times = 1) =>
  (emulator: MarketingCloudEmulator) =>
    emulator.faults.inject({ route, action, times });
const expiredTokenThen =
  (action: FaultAction, times = 1) =>
  (emulator: MarketingCloudEmulator) => {
    emulator.expireAllTokens();
    emulator.faults.inject({ route: 'token', action, times });
  };
const notAuthorized = {
  type: 'respond',
  status: 401,
  body: { message: 'Not Authorized', errorcode: 0, documentation: '' },
} as const;

const ROWS: Row[] = [
  {
    fault: 'Token endpoint 5xx, once',
    arrange: expiredTokenThen({ type: 'unavailable' }),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: 'Token endpoint 5xx, persisting',
    arrange: expiredTokenThen({ type: 'unavailable' }, Infinity),
    status: 502,
    error: 'MarketingCloudUnavailableError',
    emails: 0,
    sendRequests: 1,
  },
  {
    fault: 'Token endpoint timeout, once',
    arrange: expiredTokenThen({ type: 'delay', ms: 2000 }),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: 'Token endpoint invalid_client',
    arrange: expiredTokenThen({
      type: 'respond',
      status: 401,
      body: {
        error: 'invalid_client',
        error_description: 'Client authentication failed.',
        error_uri: 'https://developer.salesforce.com/docs',
      },
    }),
    status: 502,
    error: 'MarketingCloudAuthenticationError',
    emails: 0,
    sendRequests: 1,
  },
  {
    fault: '401 mid-flight',
    arrange: fault('send', notAuthorized),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: '401 again with a fresh token, once',
    arrange: fault('send', notAuthorized, 2),
    status: 202,
    emails: 1,
    sendRequests: 3,
  },
  {
    fault: '401 to every token, persisting',
    arrange: fault('send', notAuthorized, Infinity),
    status: 502,
    error: 'MarketingCloudAuthenticationError',
    emails: 0,
    sendRequests: 6,
    flags: { retryable: true, maybeSent: false },
  },
  {
    fault: 'Expired token',
    arrange: (emulator) => emulator.expireAllTokens(),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: '429 / 50100 with Retry-After',
    arrange: fault('send', { type: 'rate-limit', retryAfterSeconds: 1 }),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: "429 / 50100 with only the body's retryAfter",
    arrange: fault('send', { type: 'rate-limit', retryAfterSeconds: 1, header: false }),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: '429 / 50100 with Retry-After above the cap (60 s)',
    arrange: fault('send', { type: 'rate-limit', retryAfterSeconds: 60 }),
    status: 503,
    error: 'MarketingCloudRateLimitError',
    emails: 0,
    sendRequests: 1,
    headers: { 'retry-after': '60' },
  },
  {
    fault: '429 / 50200 temporarily blocked',
    arrange: fault('send', { type: 'blocked' }),
    status: 503,
    error: 'MarketingCloudRateLimitError',
    emails: 0,
    sendRequests: 1,
    headers: { 'retry-after': '30' },
  },
  {
    fault: '503 / 50300 with Retry-After',
    arrange: fault('send', { type: 'unavailable', retryAfterSeconds: 1 }),
    status: 202,
    emails: 1,
    sendRequests: 2,
  },
  {
    fault: 'Connection reset before the response (request not processed)',
    arrange: fault('send', { type: 'reset' }),
    status: 500,
    error: 'MarketingCloudUnavailableError',
    emails: 0,
    sendRequests: 1,
    flags: { retryable: false, maybeSent: true },
  },
  {
    fault: 'Connection reset after Marketing Cloud accepted the send',
    arrange: fault('send', { type: 'reset', afterProcessing: true }),
    status: 500,
    error: 'MarketingCloudUnavailableError',
    emails: 1,
    sendRequests: 1,
    flags: { retryable: false, maybeSent: true },
  },
  {
    fault: 'Timeout after the request was sent',
    arrange: fault('send', { type: 'delay', ms: 2000 }),
    status: 500,
    error: 'MarketingCloudTimeoutError',
    emails: 1,
    sendRequests: 1,
    flags: { retryable: false, maybeSent: true },
  },
  {
    fault: 'Malformed JSON from the server',
    arrange: fault('send', {
      type: 'respond',
      status: 202,
      body: '{"requestId": "7c1f", "responses": [{"recipi',
      headers: { 'content-type': 'application/json' },
    }),
    status: 500,
    error: 'MarketingCloudUnavailableError',
    emails: 0,
    sendRequests: 1,
    flags: { retryable: false, maybeSent: true },
  },
  {
    fault: 'HTML error page from the server (502)',
    arrange: fault('send', { type: 'html', status: 502 }),
    status: 500,
    error: 'MarketingCloudUnavailableError',
    emails: 0,
    sendRequests: 1,
    flags: { retryable: false, maybeSent: true },
  },
];

describe('fault matrix (sample app, over HTTP, against the emulator)', () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;
  const logger = new CapturingLogger();
  const responses: string[] = [];
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  const warnings: string[] = [];
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`);

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    process.on('warning', onWarning);
    emulator = await startMarketingCloudEmulator({
      definitions: DEMO_DEFINITIONS,
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
      deliveryDelayMs: 0,
    });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: CLIENT_ID,
      MC_CLIENT_SECRET: CLIENT_SECRET,
      MC_REQUEST_TIMEOUT_MS: '500',
    });
    app = await createSampleApp(logger);
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
    restoreEnvironment();
    process.off('unhandledRejection', onUnhandled);
    process.off('warning', onWarning);
  });
  beforeEach(() => emulator.reset());

  async function send(address: string) {
    const response = await request(app.getHttpServer())
      .post(SEND_PATH)
      .send({ To: { Address: address, SubscriberKey: address } });
    responses.push(
      JSON.stringify({
        status: response.status,
        headers: response.headers,
        body: response.body,
        text: response.text,
      }),
    );
    return response;
  }

  it.each(ROWS.map((row, index) => [row.fault, row, index] as const))(
    '%s',
    async (_, row, index) => {
      await send('warm-up@example.com'); // a cached token and an open connection, as in a running app
      emulator.reset();
      row.arrange(emulator);
      const address = `row-${index}@example.com`;
      const response = await send(address);
      expect(response.status).toBe(row.status);
      expect(response.body).toMatchObject(
        row.error
          ? { statusCode: row.status, error: row.error, ...row.flags }
          : { responses: [{ hasErrors: false, messages: ['Queued'] }] },
      );
      expect(response.headers).toMatchObject(row.headers ?? {});
      expect(emulator.records.emailsTo(address)).toHaveLength(row.emails);
      expect(emulator.counters.sendRequests).toBe(row.sendRequests);
    },
  );

  it.each([
    ['Delivery record: an HTML 502 once', { type: 'html', status: 502 } as const],
    ['Delivery record: a timeout once', { type: 'delay', ms: 2000 } as const],
  ])('%s (a read is retried)', async (_, action) => {
    const sent = await send('record@example.com');
    const recipientSendId = sent.body.responses[0].recipientSendId as string;
    emulator.reset();
    emulator.faults.inject({ route: 'deliveryRecord', action });
    const response = await request(app.getHttpServer()).get(
      `/messaging/v1/messageDefinitionSends/key:external_key/deliveryRecords/${recipientSendId}`,
    );
    responses.push(JSON.stringify(response.body));
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ messageId: recipientSendId, status: 'Sent' });
    expect(emulator.counters.deliveryRecordRequests).toBe(2);
  });

  it('no unhandled rejection, no process warning (such as a listener leak), and no secret or token in any log line or response of the matrix', () => {
    expect(unhandled).toEqual([]);
    expect(warnings).toEqual([]);
    const tokens = [...emulator.counters.requestsPerToken.keys()];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    const canaries = [CLIENT_SECRET, ...tokens];
    expect(responses.length).toBeGreaterThanOrEqual(ROWS.length * 2);
    expect(leakedCanaries(responses.join('\n'), canaries)).toEqual([]);
    expect(leakedCanaries(logger.lines.join('\n'), canaries)).toEqual([]);
    expect(
      logger.lines.some((line) =>
        line.includes('Retrying the send (to r***@example.com via key:external_key)'),
      ),
    ).toBe(true);
  });
});

describe('fault matrix: a refused connection', () => {
  it('is retried, since the request never left, and the send arrives once', async () => {
    let emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
    const restore = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: 'emulator-client-id',
      MC_CLIENT_SECRET: 'emulator-client-secret',
    });
    const app = await createSampleApp();
    try {
      const body = { To: { Address: 'refused@example.com', SubscriberKey: 'refused' } };
      await request(app.getHttpServer()).post(SEND_PATH).send(body).expect(202);
      const { port } = new URL(emulator.authBaseUrl);
      await emulator.close(); // Marketing Cloud is down: connections are refused
      const sending = request(app.getHttpServer()).post(SEND_PATH).send(body);
      const restarted = new Promise<MarketingCloudEmulator>((resolve) =>
        setTimeout(
          () =>
            resolve(
              startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS, port: Number(port) }),
            ),
          30,
        ),
      );
      const [response, back] = await Promise.all([sending, restarted]);
      emulator = back;
      expect(response.status).toBe(202);
      // The restarted service knows no token: one 401, one re-authentication, then the send, once.
      expect(emulator.records.emailsTo('refused@example.com')).toHaveLength(1);
      expect(emulator.counters.tokenRequests).toBe(1);
    } finally {
      await app.close();
      await emulator.close();
      restore();
    }
  });
});

describe('fault matrix: opting into unsafe retries', () => {
  it('re-sends after a timeout, and the emulator shows why it is unsafe: two emails', async () => {
    const { Test } = await import('@nestjs/testing');
    const { MarketingCloudModule, TriggeredSendService } = await import('nestjs-marketing-cloud');
    const emulator = await startMarketingCloudEmulator();
    const moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudModule.forRoot({
          authBaseUrl: emulator.authBaseUrl,
          clientId: 'emulator-client-id',
          clientSecret: 'emulator-client-secret',
          requestTimeoutMs: 300,
          retry: { unsafeRetryAmbiguousFailures: true, baseDelayMs: 0 },
        }),
      ],
    })
      .setLogger(new CapturingLogger())
      .compile();
    try {
      emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 1000 } });
      await moduleRef
        .get(TriggeredSendService)
        .send('key:external_key', { To: { Address: 'twice@example.com', SubscriberKey: 'twice' } });
      expect(emulator.records.emailsTo('twice@example.com')).toHaveLength(2);
    } finally {
      await moduleRef.close();
      await emulator.close();
    }
  });
});
