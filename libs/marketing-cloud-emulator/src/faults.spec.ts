import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  ERROR_HANDLING_DOC_URL,
  fetchAccessToken,
  getJson,
  NOT_AUTHORIZED_BODY,
  postJson,
  sendBody,
  sendUrl,
  tokenRequestBody,
  tokenUrl,
  type JsonResponse,
} from '../../../test/fixtures/emulator-http.js';
import { ManualClock } from './clock.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

/** What a fetch rejected with, or a failure if it did not reject. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

function expectSocketError(error: unknown): void {
  expect(error).toBeInstanceOf(TypeError);
  expect((error as Error).message).toBe('fetch failed');
  expect((error as Error).cause).toMatchObject({ code: 'UND_ERR_SOCKET' });
}

describe('Fault injection', () => {
  const track = closeAfterEach();
  let emulator: MarketingCloudEmulator;
  let token: string;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = track(await startMarketingCloudEmulator({ clock }));
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  const send = (): Promise<JsonResponse> =>
    postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), { token });

  describe('respond', () => {
    it('answers with the given status, JSON body and headers, and accepts nothing', async () => {
      const handle = emulator.faults.inject({
        route: 'send',
        action: {
          type: 'respond',
          status: 500,
          body: { message: 'Internal Server Error', errorcode: 500, documentation: '' },
          headers: { 'X-Request-Id': 'abc', 'Content-Type': 'application/problem+json' },
        },
      });
      const response = await send();
      expect(response.status).toBe(500);
      expect(response.body).toEqual({
        message: 'Internal Server Error',
        errorcode: 500,
        documentation: '',
      });
      expect(response.headers.get('x-request-id')).toBe('abc');
      // The caller's Content-Type replaces the default rather than joining it.
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(handle.hits).toBe(1);
      expect(emulator.records.sends).toEqual([]);
      expect(emulator.records.requests.at(-1)).toMatchObject({ status: 500, fault: 'respond' });
    });

    it('sends a string body as is and no body when none is given', async () => {
      emulator.faults.inject({
        route: 'send',
        action: { type: 'respond', status: 502, body: 'upstream gone' },
      });
      emulator.faults.inject({ route: 'send', after: 1, action: { type: 'respond', status: 204 } });
      const text = await send();
      expect(text).toMatchObject({ status: 502, text: 'upstream gone' });
      expect(text.headers.get('content-type')).toBeNull();
      const empty = await send();
      expect(empty).toMatchObject({ status: 204, text: '' });
      expect((await send()).status).toBe(202);
    });
  });

  it('delay: does the work at once and answers late', async () => {
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 250 } });
    let settled = false;
    const pending = send().finally(() => {
      settled = true;
    });
    // The answer is held on the emulator's clock, which moves only when the test says so.
    await vi.waitFor(() => expect(clock.pending).toBe(1), { timeout: 10_000, interval: 5 });
    expect(emulator.records.sends).toHaveLength(1);
    clock.advance(249);
    expect(clock.pending).toBe(1);
    expect(settled).toBe(false);

    clock.advance(1);
    const response = await pending;
    expect(response.status).toBe(202);
    expect(emulator.records.requests.at(-1)).toMatchObject({ status: 202, fault: 'delay' });
  });

  it('reset: drops the connection before processing, so nothing is accepted', async () => {
    emulator.faults.inject({ route: 'send', action: { type: 'reset' } });
    expectSocketError(await rejectionOf(send()));
    expect(emulator.records.sends).toEqual([]);
    expect(emulator.counters).toMatchObject({ sendRequests: 1, acceptedSends: 0 });
    expect(emulator.records.requests.at(-1)).toMatchObject({
      route: 'send',
      status: undefined,
      fault: 'reset',
    });
    expect((await send()).status).toBe(202);
  });

  it('reset afterProcessing: the client sees a socket error but the send IS accepted', async () => {
    emulator.faults.inject({
      route: 'send',
      action: { type: 'reset', afterProcessing: true },
    });
    expectSocketError(await rejectionOf(send()));
    expect(emulator.records.sends).toHaveLength(1);
    expect(emulator.records.emailsTo('example@example.com')).toHaveLength(1);
    expect(emulator.counters).toMatchObject({ sendRequests: 1, acceptedSends: 1 });
    expect(emulator.records.requests.at(-1)).toMatchObject({ status: undefined, fault: 'reset' });
  });

  describe('rate limiting and unavailability', () => {
    it('429 / 50100 with a Retry-After header and retryAfter in the body (documented)', async () => {
      emulator.faults.inject({ route: 'send', action: { type: 'rate-limit' } });
      const response = await send();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(response.body).toEqual({
        message: 'Rate limit exceeded',
        errorcode: 50100,
        retryAfter: 5,
        documentation: ERROR_HANDLING_DOC_URL,
      });
      expect(emulator.records.sends).toEqual([]);
    });

    it('429 / 50100 with a chosen Retry-After', async () => {
      emulator.faults.inject({
        route: 'send',
        action: { type: 'rate-limit', retryAfterSeconds: 2 },
      });
      const response = await send();
      expect(response.headers.get('retry-after')).toBe('2');
      expect(response.body).toMatchObject({ errorcode: 50100, retryAfter: 2 });
    });

    it('429 / 50100 without the header: the delay is in the body only', async () => {
      emulator.faults.inject({
        route: 'send',
        action: { type: 'rate-limit', header: false, retryAfterSeconds: 3 },
      });
      const response = await send();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(response.body).toEqual({
        message: 'Rate limit exceeded',
        errorcode: 50100,
        retryAfter: 3,
        documentation: ERROR_HANDLING_DOC_URL,
      });
    });

    it('429 / 50100 without retryAfter in the body: the header only', async () => {
      emulator.faults.inject({
        route: 'send',
        action: { type: 'rate-limit', bodyRetryAfter: false },
      });
      const response = await send();
      expect(response.headers.get('retry-after')).toBe('5');
      expect(response.body).toEqual({
        message: 'Rate limit exceeded',
        errorcode: 50100,
        documentation: ERROR_HANDLING_DOC_URL,
      });
    });

    it('429 / 50200 "temporarily blocked", without Retry-After', async () => {
      emulator.faults.inject({ route: 'send', action: { type: 'blocked' } });
      const response = await send();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBeNull();
      expect(response.body).toEqual({
        message: 'Your requests are temporarily blocked.',
        errorcode: 50200,
        documentation: ERROR_HANDLING_DOC_URL,
      });
    });

    it('503 / 50300 with Retry-After', async () => {
      emulator.faults.inject({
        route: 'send',
        action: { type: 'unavailable', retryAfterSeconds: 7 },
      });
      const response = await send();
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.body).toEqual({
        message: 'Service Unavailable',
        errorcode: 50300,
        documentation: ERROR_HANDLING_DOC_URL,
      });
      expect(emulator.records.sends).toEqual([]);
    });
  });

  it('html: an HTML error page (default 502), as a proxy in front of the API sends', async () => {
    emulator.faults.inject({ route: 'send', action: { type: 'html' } });
    emulator.faults.inject({ route: 'send', after: 1, action: { type: 'html', status: 504 } });
    const first = await send();
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(first.body).toBeUndefined();
    expect(first.text).toMatch(/^<!DOCTYPE html>.*<title>502 Error<\/title>/);
    const second = await send();
    expect(second.status).toBe(504);
    expect(second.text).toContain('<h1>504 Error</h1>');
    expect(emulator.records.sends).toEqual([]);
  });

  it('expire-tokens: that request gets 401, and the old token stays expired', async () => {
    emulator.faults.inject({ route: 'send', action: { type: 'expire-tokens' } });
    const response = await send();
    expect(response.status).toBe(401);
    expect(response.body).toEqual(NOT_AUTHORIZED_BODY);
    expect((await send()).status).toBe(401);
    token = await fetchAccessToken(emulator.authBaseUrl);
    expect((await send()).status).toBe(202);
  });

  it('after + times: requests 2 and 3 of the send route fail, 1 and 4 succeed; token requests do not count', async () => {
    const handle = emulator.faults.inject({
      route: 'send',
      after: 1,
      times: 2,
      action: { type: 'unavailable' },
    });
    const statuses: number[] = [];
    for (let request = 1; request <= 4; request += 1) {
      statuses.push((await send()).status);
      // Requests on another route in between do not move the send route's count.
      await fetchAccessToken(emulator.authBaseUrl);
      await getJson(deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', 'x'), { token });
    }
    expect(statuses).toEqual([202, 503, 503, 202]);
    expect(handle.hits).toBe(2);
    expect(emulator.records.sends).toHaveLength(2);
  });

  it('a token-route fault does not count send requests', async () => {
    const handle = emulator.faults.inject({
      route: 'token',
      after: 1,
      action: { type: 'respond', status: 500, body: { error: 'server_error' } },
    });
    await send();
    await send();
    expect(handle.hits).toBe(0);
    const first = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    const second = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    expect([first.status, second.status]).toEqual([200, 500]);
    expect(second.body).toEqual({ error: 'server_error' });
    expect(handle.hits).toBe(1);
  });

  it('route any (the default) counts every request', async () => {
    const handle = emulator.faults.inject({ after: 1, action: { type: 'blocked' } });
    expect((await send()).status).toBe(202);
    const tokenResponse = await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody());
    expect(tokenResponse.status).toBe(429);
    expect((await send()).status).toBe(202);
    expect(handle.hits).toBe(1);
  });

  it('times: Infinity faults every request until remove()', async () => {
    const handle = emulator.faults.inject({
      route: 'send',
      times: Infinity,
      action: { type: 'blocked' },
    });
    expect((await send()).status).toBe(429);
    expect((await send()).status).toBe(429);
    expect(handle.hits).toBe(2);
    handle.remove();
    expect((await send()).status).toBe(202);
    expect(handle.hits).toBe(2);
  });

  it('the first rule whose turn it is wins; a rule that loses its turn keeps its hits for later', async () => {
    const first = emulator.faults.inject({ route: 'send', action: { type: 'blocked' } });
    const second = emulator.faults.inject({
      route: 'send',
      times: 2,
      action: { type: 'unavailable' },
    });
    const statuses: number[] = [];
    for (let request = 1; request <= 4; request += 1) statuses.push((await send()).status);
    expect(statuses).toEqual([429, 503, 503, 202]);
    expect([first.hits, second.hits]).toEqual([1, 2]);
  });

  it('clear() removes every fault and rate limit', async () => {
    emulator.faults.inject({ route: 'send', times: Infinity, action: { type: 'blocked' } });
    emulator.faults.rateLimit({ route: 'send', limit: 0, windowMs: 60_000 });
    expect((await send()).status).toBe(429);
    emulator.faults.clear();
    expect((await send()).status).toBe(202);
  });

  describe('rateLimit', () => {
    it('answers 429 / 50100 past the limit and recovers in the next window', async () => {
      emulator.faults.rateLimit({ route: 'send', limit: 2, windowMs: 400 });
      clock.advance(1);
      const statuses = [(await send()).status, (await send()).status];
      const limited = await send();
      expect([...statuses, limited.status]).toEqual([202, 202, 429]);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(limited.body).toEqual({
        message: 'Rate limit exceeded',
        errorcode: 50100,
        retryAfter: 1,
        documentation: ERROR_HANDLING_DOC_URL,
      });
      expect(emulator.records.requests.at(-1)).toMatchObject({ status: 429, fault: 'rate-limit' });
      // Other routes are not limited.
      await fetchAccessToken(emulator.authBaseUrl);

      clock.advance(398);
      expect((await send()).status).toBe(429);
      clock.advance(1);
      expect((await send()).status).toBe(202);
      expect(emulator.records.sends).toHaveLength(3);
    });

    it('uses the chosen Retry-After and stops on remove()', async () => {
      const limit = emulator.faults.rateLimit({
        route: 'send',
        limit: 1,
        windowMs: 60_000,
        retryAfterSeconds: 9,
      });
      expect((await send()).status).toBe(202);
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('9');
      limit.remove();
      expect((await send()).status).toBe(202);
    });

    it('counts the whole window in seconds for Retry-After', async () => {
      emulator.faults.rateLimit({ route: 'send', limit: 0, windowMs: 10_000 });
      const limited = await send();
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('10');
      clock.advance(8_999);
      expect((await send()).headers.get('retry-after')).toBe('2');
    });
  });
});
