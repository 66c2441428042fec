import {
  BadRequestException,
  Controller,
  Get,
  NotFoundException,
  type INestApplication,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { MAYBE_SENT_STATUS } from './http-status-for-error.js';
import { MarketingCloudAbortedError } from './marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from './marketing-cloud-authentication.error.js';
import { MarketingCloudConfigurationError } from './marketing-cloud-configuration.error.js';
import {
  DEFAULT_RETRY_AFTER_SECONDS,
  MarketingCloudExceptionFilter,
  OVERLOADED_RETRY_AFTER_SECONDS,
  type MarketingCloudErrorResponse,
} from './marketing-cloud-exception.filter.js';
import { MarketingCloudNoValidSubscribersError } from './marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudNotFoundError } from './marketing-cloud-not-found.error.js';
import { MarketingCloudOverloadedError } from './marketing-cloud-overloaded.error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from './marketing-cloud-request.error.js';
import { MarketingCloudResponseTooLargeError } from './marketing-cloud-response-too-large.error.js';
import { MarketingCloudSendError } from './marketing-cloud-send.error.js';
import { MarketingCloudTimeoutError } from './marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from './marketing-cloud-unavailable.error.js';
import { MarketingCloudValidationError } from './marketing-cloud-validation.error.js';
import { MarketingCloudError } from './marketing-cloud.error.js';

/** Placed in the `cause` of errors: it must never reach the app's caller. */
const CANARY = 'CANARY-TOKEN-5f1c2e';
const canaryCause = () => new Error(`Request failed: Authorization: Bearer ${CANARY}`);

const REQUEST_ID = '21977680-17e1-469d-9162-bd3f20149cbb';
const RECIPIENT_SEND_ID = 'a7038ea5-51b7-4574-ac22-183654378dd2';
const VIOLATIONS = [
  { path: 'To.Address', rule: 'isEmail', message: 'To.Address must be an email address' },
  {
    path: 'Options.RequestType',
    rule: 'isIn',
    message: 'Options.RequestType must be ASYNC or SYNC',
  },
];

@Controller('throw')
class ThrowingController {
  @Get('validation')
  validation(): never {
    throw new MarketingCloudValidationError('Invalid send request: two problems.', VIOLATIONS);
  }

  @Get('not-found')
  notFound(): never {
    throw new MarketingCloudNotFoundError('No triggered send definition key:welcome.', {
      errorCode: 30003,
      upstreamStatus: 404,
      cause: canaryCause(),
    });
  }

  @Get('no-valid-subscribers')
  noValidSubscribers(): never {
    throw new MarketingCloudNoValidSubscribersError('No valid subscribers.', {
      errorCode: 180008,
      requestId: REQUEST_ID,
      recipientSendId: RECIPIENT_SEND_ID,
      messageErrorStatus: 'Unable to queue Triggered Send request. There are no valid subscribers.',
      upstreamStatus: 202,
    });
  }

  @Get('flat-rejection')
  flatRejection(): never {
    throw new MarketingCloudNoValidSubscribersError('InvalidOrMissingToAddress.', {
      recipientSendId: '',
      messageErrorStatus: 'InvalidOrMissingToAddress',
      upstreamStatus: 202,
    });
  }

  @Get('authentication')
  authentication(): never {
    throw new MarketingCloudAuthenticationError('Marketing Cloud answered 401 Not Authorized.', {
      errorCode: 0,
      upstreamStatus: 401,
      cause: canaryCause(),
    });
  }

  @Get('rate-limit')
  rateLimit(): never {
    throw new MarketingCloudRateLimitError('Rate limit exceeded.', {
      errorCode: 50100,
      upstreamStatus: 429,
      retryAfterSeconds: 7,
      cause: canaryCause(),
    });
  }

  @Get('rate-limit-blocked')
  rateLimitBlocked(): never {
    throw new MarketingCloudRateLimitError('Your requests are temporarily blocked.', {
      errorCode: 50200,
      upstreamStatus: 429,
      retryable: false,
    });
  }

  @Get('rate-limit-fraction')
  rateLimitFraction(): never {
    throw new MarketingCloudRateLimitError('Rate limit exceeded.', {
      errorCode: 50100,
      retryAfterSeconds: 2.2,
    });
  }

  @Get('timeout')
  timeout(): never {
    throw new MarketingCloudTimeoutError('Marketing Cloud did not answer within 100 ms.', {
      cause: canaryCause(),
    });
  }

  @Get('timeout-after-send')
  timeoutAfterSend(): never {
    throw new MarketingCloudTimeoutError('Marketing Cloud did not answer the send within 100 ms.', {
      maybeSent: true,
    });
  }

  @Get('aborted-before-send')
  abortedBeforeSend(): never {
    throw new MarketingCloudAbortedError('Aborted before the request was sent.', {
      retryable: true,
    });
  }

  @Get('aborted-after-send')
  abortedAfterSend(): never {
    throw new MarketingCloudAbortedError('Aborted after the request was sent.', {
      maybeSent: true,
    });
  }

  @Get('unavailable-after-send')
  unavailableAfterSend(): never {
    throw new MarketingCloudUnavailableError('Connection reset after the send was written.', {
      maybeSent: true,
    });
  }

  @Get('too-large-after-send')
  tooLargeAfterSend(): never {
    throw new MarketingCloudResponseTooLargeError('The answer (HTTP 202) was too large.', {
      upstreamStatus: 202,
      maybeSent: true,
    });
  }

  @Get('overloaded')
  overloaded(): never {
    throw new MarketingCloudOverloadedError('1000 calls are already waiting.');
  }

  @Get('unavailable')
  unavailable(): never {
    throw new MarketingCloudUnavailableError('x', {
      errorCode: 50300,
      upstreamStatus: 503,
      retryable: true,
      cause: new Error(`Bearer ${CANARY}`),
    });
  }

  @Get('request')
  request(): never {
    throw new MarketingCloudRequestError('Serialization error.', {
      errorCode: 10004,
      upstreamStatus: 400,
      cause: canaryCause(),
    });
  }

  @Get('send')
  send(): never {
    throw new MarketingCloudSendError('Marketing Cloud did not queue the send.', {
      errorCode: 17000,
      requestId: REQUEST_ID,
      recipientSendId: RECIPIENT_SEND_ID,
      upstreamStatus: 202,
    });
  }

  @Get('plain')
  plain(): never {
    throw new MarketingCloudError('Something went wrong upstream.', { cause: canaryCause() });
  }

  @Get('configuration')
  configuration(): never {
    throw new MarketingCloudConfigurationError('Options are invalid.', ['clientId: is required']);
  }

  @Get('nest-not-found')
  nestNotFound(): never {
    throw new NotFoundException();
  }

  @Get('nest-bad-request')
  nestBadRequest(): never {
    throw new BadRequestException('bad input');
  }

  @Get('other-error')
  otherError(): never {
    throw new Error('unexpected failure');
  }
}

describe('MarketingCloudExceptionFilter over HTTP', () => {
  let app: INestApplication;
  let baseUrl: string;
  const logger = new CapturingLogger();
  const bodies: string[] = [];

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [ThrowingController],
      providers: [{ provide: APP_FILTER, useClass: MarketingCloudExceptionFilter }],
    }).compile();
    app = moduleRef.createNestApplication({ logger });
    await app.listen(0, '127.0.0.1');
    const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
    baseUrl = `http://127.0.0.1:${port}`;
  });

  afterAll(async () => {
    await app?.close();
  });

  async function get(path: string) {
    const response = await fetch(`${baseUrl}${path}`);
    const text = await response.text();
    bodies.push(text);
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: JSON.parse(text) as Record<string, unknown>,
    };
  }

  async function getError(path: string) {
    const answer = await get(path);
    expect(answer.headers.get('content-type')).toMatch(/^application\/json/);
    return { ...answer, body: answer.body as unknown as MarketingCloudErrorResponse };
  }

  it('answers a validation error with 400 and every violation', async () => {
    const { status, body, headers } = await getError('/throw/validation');
    expect(status).toBe(400);
    expect(body).toEqual({
      statusCode: 400,
      error: 'MarketingCloudValidationError',
      message: 'Invalid send request: two problems.',
      retryable: false,
      maybeSent: false,
      errorCode: null,
      violations: VIOLATIONS,
    });
    expect(headers.get('retry-after')).toBeNull();
  });

  it('answers not found with 404 and the upstream code', async () => {
    const { status, body } = await getError('/throw/not-found');
    expect(status).toBe(404);
    expect(body).toEqual({
      statusCode: 404,
      error: 'MarketingCloudNotFoundError',
      message: 'No triggered send definition key:welcome.',
      retryable: false,
      maybeSent: false,
      errorCode: 30003,
    });
  });

  it('answers a refused recipient (180008) with 422, requestId and recipientSendId', async () => {
    const { status, body } = await getError('/throw/no-valid-subscribers');
    expect(status).toBe(422);
    expect(body).toEqual({
      statusCode: 422,
      error: 'MarketingCloudNoValidSubscribersError',
      message: 'No valid subscribers.',
      retryable: false,
      maybeSent: false,
      errorCode: 180008,
      requestId: REQUEST_ID,
      recipientSendId: RECIPIENT_SEND_ID,
    });
  });

  it('leaves out the empty recipientSendId of the flat rejection, and gives errorCode null', async () => {
    const { status, body } = await getError('/throw/flat-rejection');
    expect(status).toBe(422);
    expect(body).toEqual({
      statusCode: 422,
      error: 'MarketingCloudNoValidSubscribersError',
      message: 'InvalidOrMissingToAddress.',
      retryable: false,
      maybeSent: false,
      errorCode: null,
    });
  });

  it('answers an upstream authentication failure with 502 (never 401), keeping errorcode 0', async () => {
    const { status, body } = await getError('/throw/authentication');
    expect(status).toBe(502);
    expect(body).toEqual({
      statusCode: 502,
      error: 'MarketingCloudAuthenticationError',
      message: 'Marketing Cloud answered 401 Not Authorized.',
      retryable: false,
      maybeSent: false,
      errorCode: 0,
    });
  });

  it('answers throttling (50100) with 503 and Retry-After: 7, in the header and the body', async () => {
    const { status, body, headers } = await getError('/throw/rate-limit');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('7');
    expect(body).toEqual({
      statusCode: 503,
      error: 'MarketingCloudRateLimitError',
      message: 'Rate limit exceeded.',
      retryable: true,
      maybeSent: false,
      errorCode: 50100,
      retryAfter: 7,
    });
  });

  it(`answers 50200 (no Retry-After upstream) with 503 and Retry-After: ${DEFAULT_RETRY_AFTER_SECONDS}`, async () => {
    expect(DEFAULT_RETRY_AFTER_SECONDS).toBe(30);
    const { status, body, headers } = await getError('/throw/rate-limit-blocked');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('30');
    expect(body).toEqual({
      statusCode: 503,
      error: 'MarketingCloudRateLimitError',
      message: 'Your requests are temporarily blocked.',
      retryable: false,
      maybeSent: false,
      errorCode: 50200,
      retryAfter: 30,
    });
  });

  it('rounds a fractional Retry-After up to whole seconds', async () => {
    const { status, body, headers } = await getError('/throw/rate-limit-fraction');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('3');
    expect(body.retryAfter).toBe(3);
  });

  it('answers a timeout with 504', async () => {
    const { status, body, headers } = await getError('/throw/timeout');
    expect(status).toBe(504);
    expect(body).toEqual({
      statusCode: 504,
      error: 'MarketingCloudTimeoutError',
      message: 'Marketing Cloud did not answer within 100 ms.',
      retryable: false,
      maybeSent: false,
      errorCode: null,
    });
    expect(headers.get('retry-after')).toBeNull();
  });

  it.each([
    ['timeout-after-send', 'MarketingCloudTimeoutError'],
    ['aborted-after-send', 'MarketingCloudAbortedError'],
    ['unavailable-after-send', 'MarketingCloudUnavailableError'],
    ['too-large-after-send', 'MarketingCloudResponseTooLargeError'],
  ])(
    'answers %s (may have been sent) with %s, 500, maybeSent and not retryable: no status that invites a retry',
    async (path, error) => {
      const { status, body, headers } = await getError(`/throw/${path}`);
      expect(status).toBe(MAYBE_SENT_STATUS);
      expect(MAYBE_SENT_STATUS).toBe(500);
      expect(body).toMatchObject({ statusCode: 500, error, retryable: false, maybeSent: true });
      expect(headers.get('retry-after')).toBeNull();
    },
  );

  it('answers an abort before the request was sent with 503, retryable, not maybeSent', async () => {
    const { status, body } = await getError('/throw/aborted-before-send');
    expect(status).toBe(503);
    expect(body).toMatchObject({
      error: 'MarketingCloudAbortedError',
      retryable: true,
      maybeSent: false,
    });
  });

  it(`answers the module's own overload with 503 and Retry-After: ${OVERLOADED_RETRY_AFTER_SECONDS}, retryable`, async () => {
    const { status, body, headers } = await getError('/throw/overloaded');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('1');
    expect(body).toEqual({
      statusCode: 503,
      error: 'MarketingCloudOverloadedError',
      message: '1000 calls are already waiting.',
      retryable: true,
      maybeSent: false,
      errorCode: null,
      retryAfter: 1,
    });
  });

  it('answers Marketing Cloud unavailable with 502', async () => {
    const { status, body, headers } = await getError('/throw/unavailable');
    expect(status).toBe(502);
    expect(body).toEqual({
      statusCode: 502,
      error: 'MarketingCloudUnavailableError',
      message: 'x',
      retryable: true,
      maybeSent: false,
      errorCode: 50300,
    });
    expect(headers.get('retry-after')).toBeNull();
  });

  it('answers a request Marketing Cloud rejected with 502', async () => {
    const { status, body } = await getError('/throw/request');
    expect(status).toBe(502);
    expect(body).toEqual({
      statusCode: 502,
      error: 'MarketingCloudRequestError',
      message: 'Serialization error.',
      retryable: false,
      maybeSent: false,
      errorCode: 10004,
    });
  });

  it('answers a send error with 502, requestId and recipientSendId', async () => {
    const { status, body } = await getError('/throw/send');
    expect(status).toBe(502);
    expect(body).toEqual({
      statusCode: 502,
      error: 'MarketingCloudSendError',
      message: 'Marketing Cloud did not queue the send.',
      retryable: false,
      maybeSent: false,
      errorCode: 17000,
      requestId: REQUEST_ID,
      recipientSendId: RECIPIENT_SEND_ID,
    });
  });

  it('answers a plain MarketingCloudError with 502', async () => {
    const { status, body } = await getError('/throw/plain');
    expect(status).toBe(502);
    expect(body).toEqual({
      statusCode: 502,
      error: 'MarketingCloudError',
      message: 'Something went wrong upstream.',
      retryable: false,
      maybeSent: false,
      errorCode: null,
    });
  });

  it('answers a configuration error with 500', async () => {
    const { status, body } = await getError('/throw/configuration');
    expect(status).toBe(500);
    expect(body).toEqual({
      statusCode: 500,
      error: 'MarketingCloudConfigurationError',
      message: 'Options are invalid.',
      retryable: false,
      maybeSent: false,
      errorCode: null,
    });
  });

  it("leaves Nest's NotFoundException alone: Nest's standard body", async () => {
    const { status, body } = await get('/throw/nest-not-found');
    expect(status).toBe(404);
    expect(body).toEqual({ message: 'Not Found', statusCode: 404 });
  });

  it("leaves Nest's BadRequestException alone: Nest's standard body", async () => {
    const { status, body } = await get('/throw/nest-bad-request');
    expect(status).toBe(400);
    expect(body).toEqual({ message: 'bad input', error: 'Bad Request', statusCode: 400 });
  });

  it("leaves other errors to Nest's own handler (500 Internal server error)", async () => {
    const { status, body } = await get('/throw/other-error');
    expect(status).toBe(500);
    expect(body).toEqual({ statusCode: 500, message: 'Internal server error' });
  });

  it('logs upstream failures (5xx) as warnings naming the class, and not 4xx answers', async () => {
    await get('/throw/unavailable');
    await get('/throw/validation');
    const warnings = logger.lines.filter((line) => line.startsWith('warn '));
    expect(warnings.some((line) => line.includes('MarketingCloudUnavailableError: x'))).toBe(true);
    expect(warnings.some((line) => line.includes('MarketingCloudValidationError'))).toBe(false);
  });

  it('never shows the canary placed in a cause, in any answer (runs last)', async () => {
    const { text } = await get('/throw/unavailable');
    expect(text).not.toContain(CANARY);
    // Every body this suite received, errors with a canary cause included.
    expect(bodies.length).toBeGreaterThanOrEqual(15);
    for (const received of bodies) expect(received).not.toContain(CANARY);
    expect(logger.lines.length).toBeGreaterThan(0);
    for (const line of logger.lines) expect(line).not.toContain(CANARY);
  });
});
