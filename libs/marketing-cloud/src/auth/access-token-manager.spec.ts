import type { TestingModule } from '@nestjs/testing';
import {
  ManualClock,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { eventually, untilHeld } from '../../../../test/support/eventually.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { AccessTokenManager } from './access-token-manager.js';

const SEND_PATH = 'messaging/v1/messageDefinitionSends/key:external_key/send';

function send(client: MarketingCloudHttpClient, address: string) {
  return client.request({
    method: 'POST',
    path: SEND_PATH,
    body: sendBody(address),
    what: 'send',
    idempotent: false,
  });
}

describe('AccessTokenManager against the emulator', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  let logger: CapturingLogger;

  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator({ deliveryDelayMs: 0 });
    logger = new CapturingLogger();
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function start(overrides: Partial<MarketingCloudModuleOptions> = {}) {
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, overrides),
      logger,
    );
    return {
      tokens: moduleRef.get(AccessTokenManager),
      client: moduleRef.get(MarketingCloudHttpClient),
    };
  }

  it('serves 1,000 concurrent cold callers with exactly one token request', async () => {
    const { client } = await start({ requestTimeoutMs: 300_000 }); // waits count: see below
    const answers = await Promise.all(
      Array.from({ length: 1000 }, (_, i) => send(client, `cold-${i}@example.com`)),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(emulator.counters.tokenRequests).toBe(1);
    expect(emulator.counters.acceptedSends).toBe(1000);
    expect([...emulator.counters.requestsPerToken.values()]).toEqual([1000]);
  });

  /** An emulator and a module on one ManualClock: `clock.advance(ms)` ages tokens on both sides. */
  async function startOnClock(expiresInSeconds: number, tokenRefreshMarginSeconds: number) {
    await emulator.close();
    const clock = new ManualClock();
    emulator = await startMarketingCloudEmulator({ expiresInSeconds, clock });
    return { clock, ...(await start({ tokenRefreshMarginSeconds, clock })) };
  }

  it('reuses the cached token, and renews it in the background once inside the refresh margin', async () => {
    const { clock, tokens } = await startOnClock(2, 1);
    const first = await tokens.getAccessToken();
    clock.advance(999); // not yet inside the margin
    expect(await tokens.getAccessToken()).toBe(first);
    expect(emulator.counters.tokenRequests).toBe(1);
    clock.advance(101);
    // Inside the margin: the still-valid token answers at once, 100 callers start one renewal.
    const during = await Promise.all(Array.from({ length: 100 }, () => tokens.getAccessToken()));
    expect(new Set(during)).toEqual(new Set([first]));
    await eventually(async () => expect(await tokens.getAccessToken()).not.toBe(first));
    expect(emulator.counters.tokenRequests).toBe(2);
    expect(logger.lines.filter((line) => line.includes('Access token obtained'))).toHaveLength(2);
  });

  it('validToken: the cached valid token synchronously, a background renewal inside the margin, nothing when cold or expired', async () => {
    const { clock, tokens } = await startOnClock(2, 1);
    expect(tokens.validToken()).toBeUndefined(); // cold: the caller must wait for getAccessToken
    expect(emulator.counters.tokenRequests).toBe(0);
    const first = await tokens.getAccessToken();
    expect(tokens.validToken()).toBe(first);
    clock.advance(1100); // inside the margin: still served at once, one renewal starts
    expect(tokens.validToken()).toBe(first);
    expect(tokens.validToken()).toBe(first);
    await eventually(() => expect(tokens.validToken()).not.toBe(first));
    expect(emulator.counters.tokenRequests).toBe(2);
    clock.advance(2000); // expired: nothing synchronous
    expect(tokens.validToken()).toBeUndefined();
  });

  it('does not make callers wait for a slow early renewal', async () => {
    const { clock, tokens } = await startOnClock(4, 2);
    const first = await tokens.getAccessToken();
    clock.advance(2100);
    // The renewal's answer is held by the emulator until the clock moves again: a caller that
    // waited for it would never get its token.
    emulator.faults.inject({ route: 'token', action: { type: 'delay', ms: 1000 } });
    expect(await tokens.getAccessToken()).toBe(first);
    await untilHeld(clock, 1);
    expect(await tokens.getAccessToken()).toBe(first);
    clock.advance(1000);
    await eventually(async () => expect(await tokens.getAccessToken()).not.toBe(first));
    expect(emulator.counters.tokenRequests).toBe(2);
  });

  it('keeps the still-valid token when its early renewal fails, and does not retry on every call', async () => {
    const { clock, tokens } = await startOnClock(2, 1);
    const first = await tokens.getAccessToken();
    clock.advance(1100);
    emulator.faults.inject({ route: 'token', times: Infinity, action: { type: 'unavailable' } });
    expect(await tokens.getAccessToken()).toBe(first);
    await eventually(() =>
      expect(logger.lines).toContainEqual(
        expect.stringMatching(/^warn Access token renewal failed/),
      ),
    );
    for (let i = 0; i < 100; i += 1) expect(await tokens.getAccessToken()).toBe(first);
    expect(emulator.counters.tokenRequests).toBe(2);
    // Once it has expired, callers wait for a fresh one (and here get the endpoint's error).
    clock.advance(900);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(MarketingCloudUnavailableError);
    emulator.faults.clear();
    expect(await tokens.getAccessToken()).not.toBe(first);
  });

  it('measures expiry on the monotonic clock: a wall-clock jump neither expires nor renews a token', async () => {
    const { tokens } = await start();
    const first = await tokens.getAccessToken();
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      vi.setSystemTime(Date.now() + 24 * 3600_000);
      expect(await tokens.getAccessToken()).toBe(first);
      vi.setSystemTime(Date.now() - 48 * 3600_000);
      expect(await tokens.getAccessToken()).toBe(first);
    } finally {
      vi.useRealTimers();
    }
    expect(emulator.counters.tokenRequests).toBe(1);
  });

  it('refreshes exactly once when every token expires in the middle of a concurrent run', async () => {
    const { client } = await start();
    await send(client, 'warm-up@example.com');
    emulator.faults.inject({ route: 'send', after: 50, action: { type: 'expire-tokens' } });
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) => send(client, `mid-run-${i}@example.com`)),
    );
    expect(answers.every((answer) => answer.status === 202)).toBe(true);
    expect(emulator.counters.tokenRequests).toBe(2);
    const unauthorized = emulator.records.requests.filter((request) => request.status === 401);
    expect(unauthorized.length).toBeGreaterThan(0);
    // Every one of the 301 recipients got exactly one email: no loss, no duplicate.
    for (let i = 0; i < 300; i += 1) {
      expect(emulator.records.emailsTo(`mid-run-${i}@example.com`)).toHaveLength(1);
    }
    expect(emulator.counters.acceptedSends).toBe(301);
  });

  it('answers a 401 with one re-authentication and one retry, on the new token', async () => {
    const { client } = await start();
    emulator.faults.inject({ route: 'send', action: { type: 'expire-tokens' } });
    const answer = await send(client, 'retry@example.com');
    expect(answer.status).toBe(202);
    const requests = emulator.records.requests.map(
      (request) => `${request.route} ${request.status}`,
    );
    expect(requests).toEqual(['token 200', 'send 401', 'token 200', 'send 202']);
    const [, rejected, , accepted] = emulator.records.requests;
    expect(accepted?.bearerToken).not.toBe(rejected?.bearerToken);
    expect(emulator.records.emailsTo('retry@example.com')).toHaveLength(1);
  });

  it('fails only on a 401 to a token requested after the first 401, as retryable, and drops that dead token too', async () => {
    const { client } = await start({ retry: { maxAttempts: 1 } });
    await send(client, 'warm-up@example.com');
    // Two expiries in a row: the token in hand dies, then the fresh one dies as well.
    emulator.faults.inject({ route: 'send', times: 2, action: { type: 'expire-tokens' } });
    const failure = send(client, 'twice@example.com');
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudAuthenticationError);
    await expect(failure).rejects.toMatchObject({
      upstreamStatus: 401,
      errorCode: 0,
      retryable: true, // Marketing Cloud did not act: safe to call again
      maybeSent: false,
    });
    expect(emulator.records.emailsTo('twice@example.com')).toHaveLength(0);
    // The second dead token was dropped as well: the next call starts with a fresh token, no 401.
    emulator.records.requests.length = 0;
    await send(client, 'next@example.com');
    expect(emulator.records.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'token 200',
      'send 202',
    ]);
  });

  it('with the default retry policy, two expiries in a row fail once, retryable, with nothing sent and no third token tried', async () => {
    const { client } = await start();
    await send(client, 'warm-up@example.com');
    emulator.faults.inject({ route: 'send', times: 2, action: { type: 'expire-tokens' } });
    const tokensBefore = emulator.records.requests.filter((r) => r.route === 'token').length;
    const error = await send(client, 'twice-refused@example.com').catch((e: unknown) => e);
    // A 401 on a token requested after the first 401 is the one case that fails; the module's own
    // retry policy does not repeat it (a persistent 401 would cost the token endpoint every time).
    expect(error).toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(error).toMatchObject({ retryable: true, maybeSent: false });
    expect(emulator.records.emailsTo('twice-refused@example.com')).toHaveLength(0);
    expect(emulator.records.requests.filter((r) => r.route === 'token').length - tokensBefore).toBe(
      1,
    );
    // The caller may try again: the next call gets a fresh token and is sent once.
    expect((await send(client, 'twice-refused@example.com')).status).toBe(202);
    expect(emulator.records.emailsTo('twice-refused@example.com')).toHaveLength(1);
  });

  it("a 401 to a token requested BEFORE this call's first 401 (a neighbour's refresh) is not the end: a fresh token, one more try", async () => {
    const { client } = await start({ retry: { maxAttempts: 1 } });
    await send(client, 'warm-up@example.com');
    // 1st send: tokens expire, 401 at once, so that caller asks for a new token right away.
    emulator.faults.inject({ route: 'send', action: { type: 'expire-tokens' } });
    // 2nd send: also 401 (expired token), but answered 1 s late: the new token was requested before it.
    emulator.faults.inject({ route: 'send', after: 1, action: { type: 'delay', ms: 1000 } });
    // 4th send: the late caller's retry with that neighbour's token is refused too.
    emulator.faults.inject({
      route: 'send',
      after: 3,
      action: { type: 'respond', status: 401, body: { message: 'Not Authorized', errorcode: 0 } },
    });
    const answers = await Promise.all([
      send(client, 'a@example.com'),
      send(client, 'b@example.com'),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([202, 202]);
    expect(emulator.records.requests.map((r) => `${r.route} ${r.status}`)).toEqual([
      'token 200',
      'send 202',
      'send 401',
      'send 401',
      'token 200',
      'send 202',
      'send 401',
      'token 200',
      'send 202',
    ]);
    expect(emulator.records.emailsTo('a@example.com')).toHaveLength(1);
    expect(emulator.records.emailsTo('b@example.com')).toHaveLength(1);
  });

  it('2,000 concurrent sends across two forced token expiries: no failure, no duplicate, 401s bounded by the calls in flight', async () => {
    const maxConcurrentRequests = 32;
    const total = 2000;
    // Waiting for a slot counts against the timeout: a generous one, so that a loaded machine
    // (2,000 calls through 32 slots) cannot turn waits into failures.
    const { client } = await start({
      maxConcurrentRequests,
      maxQueuedRequests: total,
      requestTimeoutMs: 300_000,
    });
    await send(client, 'warm-up@example.com');
    emulator.records.requests.length = 0;
    const sendsBefore = emulator.counters.sendRequests;
    emulator.faults.inject({ route: 'send', after: 500, action: { type: 'expire-tokens' } });
    emulator.faults.inject({ route: 'send', after: 1300, action: { type: 'expire-tokens' } });
    const outcomes = await Promise.allSettled(
      Array.from({ length: total }, (_, i) => send(client, `burst-${i}@example.com`)),
    );
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected');
    const sendRequests = emulator.counters.sendRequests - sendsBefore;
    const unauthorizedPerToken = new Map<string, number>();
    for (const request of emulator.records.requests) {
      if (request.route !== 'send' || request.status !== 401) continue;
      const token = request.bearerToken ?? '';
      unauthorizedPerToken.set(token, (unauthorizedPerToken.get(token) ?? 0) + 1);
    }
    let duplicates = 0;
    for (let i = 0; i < total; i += 1) {
      duplicates += Math.max(0, emulator.records.emailsTo(`burst-${i}@example.com`).length - 1);
    }
    const perExpiry = [...unauthorizedPerToken.values()];
    process.stdout.write(
      `[token turn] ${total} sends, 2 expiries: failures ${failures.length}, duplicates ${duplicates}, send requests ${sendRequests} (401s per dead token: ${perExpiry.join(', ')}; bound ${total} + ${maxConcurrentRequests} per expiry), token requests ${emulator.counters.tokenRequests}\n`,
    );
    expect(failures).toEqual([]);
    expect(duplicates).toBe(0);
    expect(perExpiry).toHaveLength(2);
    // Only calls already on the wire with the dying token can meet the 401: at most one slot-full each.
    for (const count of perExpiry) expect(count).toBeLessThanOrEqual(maxConcurrentRequests);
    expect(sendRequests).toBeLessThanOrEqual(total + 2 * maxConcurrentRequests);
    expect(emulator.counters.acceptedSends).toBe(total + 1);
  }, 120_000); // 2,000 real exchanges: about 25 s on a loaded 2-core machine, 20 s is too tight

  it('rejects every waiter of a refused token request with the same typed error, and caches no failure', async () => {
    const { tokens } = await start({ clientSecret: 'wrong-secret' });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => tokens.getAccessToken()),
    );
    const reasons = results.map((result) =>
      result.status === 'rejected' ? result.reason : result,
    );
    expect(reasons[0]).toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(new Set(reasons).size).toBe(1);
    expect((reasons[0] as Error).message).toMatch(
      /invalid_client.*\n.*Check clientId and clientSecret/s,
    );
    expect(emulator.counters.tokenRequests).toBe(1);

    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(emulator.counters.tokenRequests).toBe(2);
  });

  it('recovers on the next call once the token endpoint works again', async () => {
    const { tokens } = await start();
    emulator.faults.inject({ route: 'token', action: { type: 'html', status: 502 } });
    await expect(tokens.getAccessToken()).rejects.toMatchObject({
      name: 'MarketingCloudUnavailableError',
      upstreamStatus: 502,
      retryable: true,
    });
    await expect(tokens.getAccessToken()).resolves.toBeDefined();
    expect(emulator.counters.tokensIssued).toBe(1);
  });

  it.each([
    [
      'a 5xx',
      { type: 'unavailable' } as const,
      MarketingCloudUnavailableError,
      { upstreamStatus: 503, retryable: true },
    ],
    [
      'a 429',
      { type: 'rate-limit', retryAfterSeconds: 7 } as const,
      MarketingCloudRateLimitError,
      { upstreamStatus: 429, retryable: true, retryAfterSeconds: 7 },
    ],
    [
      'a 200 without a token',
      { type: 'respond', status: 200, body: { token_type: 'Bearer' } } as const,
      MarketingCloudUnavailableError,
      { upstreamStatus: 200, retryable: true },
    ],
    [
      'an unsupported_grant_type',
      {
        type: 'respond',
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: 'Use client_credentials.' },
      } as const,
      MarketingCloudAuthenticationError,
      { upstreamStatus: 400, retryable: false },
    ],
    [
      'a dropped connection',
      { type: 'reset' } as const,
      MarketingCloudUnavailableError,
      { retryable: true },
    ],
  ])('types the token endpoint failure %s', async (_, action, errorClass, fields) => {
    const { tokens } = await start();
    emulator.faults.inject({ route: 'token', action });
    const failure = tokens.getAccessToken();
    await expect(failure).rejects.toBeInstanceOf(errorClass);
    await expect(failure).rejects.toMatchObject(fields);
  });

  it('types a token endpoint that does not answer in time as a retryable timeout', async () => {
    await emulator.close();
    // The late answer is held until the clock moves, which it never does here.
    emulator = await startMarketingCloudEmulator({ clock: new ManualClock() });
    const { tokens } = await start({ requestTimeoutMs: 200 });
    emulator.faults.inject({ route: 'token', action: { type: 'delay', ms: 2000 } });
    const failure = tokens.getAccessToken();
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudTimeoutError);
    await expect(failure).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('200 ms'),
    });
  });

  it('types an unreachable token endpoint as retryable, keeping the network cause', async () => {
    const closed = await startMarketingCloudEmulator();
    const authBaseUrl = closed.authBaseUrl;
    await closed.close();
    const { tokens } = await start({ authBaseUrl });
    const failure = tokens.getAccessToken();
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudUnavailableError);
    await expect(failure).rejects.toMatchObject({
      retryable: true,
      cause: { code: 'ECONNREFUSED' },
    });
  });

  it.each([
    ['empty', ''],
    ['not a URL', 'http://'],
    ['plain http to another host (the token would travel in clear)', 'http://mc.example.com/'],
  ])('refuses a rest_instance_url that is %s, as a retryable typed error', async (_, url) => {
    const { tokens } = await start();
    emulator.faults.inject({
      route: 'token',
      action: {
        type: 'respond',
        status: 200,
        body: { access_token: 't', token_type: 'Bearer', expires_in: 1079, rest_instance_url: url },
      },
    });
    const failure = tokens.getAccessToken();
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudUnavailableError);
    await expect(failure).rejects.toMatchObject({ retryable: true });
  });

  it('completes a rest_instance_url given without scheme or trailing slash, as the documentation shows it', async () => {
    const { tokens } = await start();
    emulator.faults.inject({
      route: 'token',
      action: {
        type: 'respond',
        status: 200,
        body: {
          access_token: 't',
          expires_in: 1079,
          rest_instance_url: 'mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com',
        },
      },
    });
    expect((await tokens.getAccessToken()).restBaseUrl).toBe(
      'https://mc563885gzs27c5t9-63k636tzgm.rest.marketingcloudapis.com/',
    );
  });

  it('sends account_id and scope, and takes the REST base URL from rest_instance_url', async () => {
    const { tokens } = await start({ accountId: 12345, scope: 'email_send email_read' });
    const token = await tokens.getAccessToken();
    expect(token.restBaseUrl).toBe(emulator.restBaseUrl);
    expect(token.scope).toBe('email_send email_read');
    const [tokenRequest] = emulator.records.requests;
    expect(JSON.parse(tokenRequest?.bodyText ?? '')).toEqual({
      grant_type: 'client_credentials',
      client_id: 'emulator-client-id',
      client_secret: 'emulator-client-secret',
      account_id: 12345,
      scope: 'email_send email_read',
    });
  });
});
