import type { NestExpressApplication } from '@nestjs/platform-express';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';

const SEND_PATH = '/messaging/v1/messageDefinitionSends/key:external_key/send';
const BODY_LIMIT_BYTES = 2 * 1024 * 1024;

describe("sample app: the body parser's refusals, in the shape of every other refusal", () => {
  let emulator: MarketingCloudEmulator;
  let app: NestExpressApplication;
  let restoreEnvironment: () => void;
  /** A refusal from the library's filter, and its keys, to compare the parser's refusals with. */
  let libraryRefusal: request.Response;
  let libraryRefusalKeys: string[];

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
    restoreEnvironment = setEnvironment({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
      MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
    });
    app = await createSampleApp();
    // A body without `To`: refused by the library's validation, through its exception filter.
    libraryRefusal = await request(app.getHttpServer()).post(SEND_PATH).send({});
    libraryRefusalKeys = Object.keys(libraryRefusal.body).toSorted();
  });
  afterAll(async () => {
    await app.close();
    await emulator.close();
    restoreEnvironment();
  });
  afterEach(() => emulator.reset());

  /** The common checks: JSON, the library's keys, and nothing reached Marketing Cloud. */
  function expectRefusal(response: request.Response, status: number): void {
    expect(response.status).toBe(status);
    expect(response.headers['content-type']).toMatch(/^application\/json\b/);
    expect(Object.keys(response.body).toSorted()).toEqual(libraryRefusalKeys);
    expect(response.body).toMatchObject({ statusCode: status, errorCode: null });
    for (const violation of response.body.violations) {
      expect(response.body.message).toContain(violation.message);
    }
    expect(emulator.counters).toMatchObject({ tokenRequests: 0, sendRequests: 0 });
  }

  it("compares with a refusal of the library's exception filter", () => {
    expect(libraryRefusal.status).toBe(400);
    expect(libraryRefusal.body).toMatchObject({
      error: 'MarketingCloudValidationError',
      violations: [{ path: 'To', rule: 'isDefined' }],
    });
    expect(libraryRefusalKeys).toEqual(expect.arrayContaining(['statusCode', 'error', 'message']));
  });

  it('malformed JSON: 400 InvalidJsonError, field "request", rule isJson', async () => {
    const response = await request(app.getHttpServer())
      .post(SEND_PATH)
      .set('content-type', 'application/json')
      .send('{"To": {"Address": ');
    expectRefusal(response, 400);
    expect(response.body).toMatchObject({
      error: 'InvalidJsonError',
      message: expect.stringMatching(
        /^Invalid request: request must be valid JSON \(.*JSON.*\)\.$/,
      ),
      violations: [{ path: 'request', rule: 'isJson', message: 'request must be valid JSON' }],
    });
  });

  it('a body over 2 MB: 413 PayloadTooLargeError, field "request", rule maxBytes', async () => {
    const oversized = `{"To":{"Address":"${'a'.repeat(BODY_LIMIT_BYTES)}"}}`;
    const response = await request(app.getHttpServer())
      .post(SEND_PATH)
      .set('content-type', 'application/json')
      .send(oversized);
    expectRefusal(response, 413);
    expect(response.body).toMatchObject({
      error: 'PayloadTooLargeError',
      message: `Invalid request: request must be at most ${BODY_LIMIT_BYTES} bytes.`,
      violations: [{ path: 'request', rule: 'maxBytes' }],
    });
  });

  it('a JSON content type with an unsupported charset: 415, field "Content-Type", rule charset', async () => {
    const response = await request(app.getHttpServer())
      .post(SEND_PATH)
      .set('content-type', 'application/json; charset=latin1')
      .send('{}');
    expectRefusal(response, 415);
    expect(response.body).toMatchObject({
      error: 'UnsupportedMediaTypeError',
      message:
        'Invalid request: Content-Type charset must be utf-8 (or another utf-* charset) (got "latin1").',
      violations: [{ path: 'Content-Type', rule: 'charset' }],
    });
  });

  it('an unsupported Content-Encoding: 415, field "Content-Encoding"', async () => {
    const response = await request(app.getHttpServer())
      .post(SEND_PATH)
      .set('content-type', 'application/json')
      .set('content-encoding', 'compress')
      .send('{}');
    expectRefusal(response, 415);
    expect(response.body).toMatchObject({
      error: 'UnsupportedMediaTypeError',
      violations: [{ path: 'Content-Encoding', rule: 'contentEncoding' }],
    });
  });

  it('documents the 413 and 415 answers of the send route in the OpenAPI document', async () => {
    const response = await request(app.getHttpServer()).get('/docs-json').expect(200);
    const send = response.body.paths['/messaging/v1/messageDefinitionSends/{definition}/send'];
    expect(Object.keys(send.post.responses)).toEqual(expect.arrayContaining(['400', '413', '415']));
  });

  it("leaves Nest's other HTTP answers alone (an unknown route is still Nest's 404)", async () => {
    const response = await request(app.getHttpServer()).get('/nowhere').expect(404);
    expect(response.body).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /nowhere',
    });
  });

  it('still sends a valid body in a utf-8 charset', async () => {
    await request(app.getHttpServer())
      .post(SEND_PATH)
      .set('content-type', 'application/json; charset=utf-8')
      .send(JSON.stringify({ To: { Address: 'ada@example.com', SubscriberKey: 'ada' } }))
      .expect(202);
    expect(emulator.records.emailsTo('ada@example.com')).toHaveLength(1);
  });
});
