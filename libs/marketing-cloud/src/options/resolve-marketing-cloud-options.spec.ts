import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { SYSTEM_MONOTONIC_CLOCK } from './marketing-cloud-clock.js';
import { resolveMarketingCloudOptions } from './resolve-marketing-cloud-options.js';
import { MemoryTokenStore } from '../token-store/token-store.js';

const SECRET = 'canary-secret-7f3a9c';
const valid = {
  subdomain: 'mc563885gzs27c5t9-63k636ttgm',
  clientId: 'client-id',
  clientSecret: SECRET,
};

function configurationErrorFor(input: unknown): unknown {
  try {
    resolveMarketingCloudOptions(input);
    return undefined;
  } catch (error) {
    return error;
  }
}

function problemsFor(input: unknown): readonly string[] {
  const error = configurationErrorFor(input);
  expect(error).toBeInstanceOf(MarketingCloudConfigurationError);
  const configurationError = error as MarketingCloudConfigurationError;
  expect(configurationError.message).not.toContain(SECRET);
  expect(JSON.stringify(configurationError)).not.toContain(SECRET);
  return configurationError.problems;
}

describe('resolveMarketingCloudOptions', () => {
  it('builds the auth base URL from the subdomain and applies the defaults', () => {
    const { clientSecret, ...resolved } = resolveMarketingCloudOptions(valid);
    expect(clientSecret.reveal()).toBe(SECRET);
    expect(resolved).toEqual({
      authBaseUrl: 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/',
      clientId: 'client-id',
      accountId: undefined,
      scope: undefined,
      requestTimeoutMs: 10_000,
      tokenRefreshMarginMs: 60_000,
      retry: {
        maxAttempts: 3,
        baseDelayMs: 200,
        maxDelayMs: 5000,
        maxRetryAfterMs: 30_000,
        unsafeRetryAmbiguousFailures: false,
      },
      maxConcurrentRequests: 32,
      maxQueuedRequests: 1000,
      maxResponseBytes: 1024 * 1024,
      shutdownGracePeriodMs: 5000,
      maskEmailsInLogs: true,
      batchSize: 50,
      clock: SYSTEM_MONOTONIC_CLOCK,
      tokenStore: expect.any(MemoryTokenStore),
      instanceName: 'default',
    });
  });

  it('takes authBaseUrl (adding the trailing slash), a MID as digits, a scope and the tunables', () => {
    const resolved = resolveMarketingCloudOptions({
      authBaseUrl: 'http://127.0.0.1:4000/auth',
      clientId: 'id',
      clientSecret: SECRET,
      accountId: '12345',
      scope: 'email_send',
      requestTimeoutMs: 2500,
      tokenRefreshMarginSeconds: 0,
      batchSize: 1000,
    });
    expect(resolved).toMatchObject({
      batchSize: 1000,
      authBaseUrl: 'http://127.0.0.1:4000/auth/',
      accountId: 12345,
      scope: 'email_send',
      requestTimeoutMs: 2500,
      tokenRefreshMarginMs: 0,
    });
  });

  it.each([
    [
      { ...valid, subdomain: 'mc-too-short' },
      /^subdomain must be the 28-character tenant subdomain/,
    ],
    [{ ...valid, subdomain: 'xx563885gzs27c5t9-63k636ttgm' }, /^subdomain must be/],
    [{ ...valid, subdomain: 'MC563885GZS27C5T9-63K636TTGM' }, /^subdomain must be/],
    [{ clientId: 'id', clientSecret: SECRET }, /^subdomain or authBaseUrl: give exactly one/],
    [
      { ...valid, authBaseUrl: 'https://example.com/' },
      /^subdomain or authBaseUrl: give exactly one/,
    ],
    [
      { clientId: 'id', clientSecret: SECRET, authBaseUrl: 'http://mc.example.com/' },
      /^authBaseUrl must be an absolute https URL/,
    ],
    [{ clientId: 'id', clientSecret: SECRET, authBaseUrl: 'not a url' }, /^authBaseUrl must be/],
    [
      { clientId: 'id', clientSecret: SECRET, authBaseUrl: `https://u:${SECRET}@x.com/` },
      /^authBaseUrl must be/,
    ],
    [{ ...valid, clientId: '' }, /^clientId is required/],
    [{ ...valid, clientId: 42 }, /^clientId must be a string/],
    [{ ...valid, clientSecret: '' }, /^clientSecret is required/],
    [{ ...valid, clientSecret: undefined }, /^clientSecret is required/],
    [{ ...valid, accountId: 'MID-1' }, /^accountId must be the MID/],
    [{ ...valid, accountId: -3 }, /^accountId must be the MID/],
    [{ ...valid, scope: ['email_send'] }, /^scope must be a space-separated string/],
    [{ ...valid, requestTimeoutMs: 10.5 }, /^requestTimeoutMs must be a whole number/],
    [{ ...valid, requestTimeoutMs: 5 }, /^requestTimeoutMs must be at least 100 ms/],
    [
      { ...valid, tokenRefreshMarginSeconds: 3600 },
      /^tokenRefreshMarginSeconds must be at most 900/,
    ],
    [{ ...valid, batchSize: 0 }, /^batchSize must be at least 1/],
    [{ ...valid, batchSize: 1001 }, /^batchSize must be at most 1000/],
    [{ ...valid, batchSize: 2.5 }, /^batchSize must be a whole number/],
    [{ ...valid, clientSecrect: SECRET }, /^clientSecrect is not a known option/],
    [{ ...valid, clock: () => 0 }, /^clock must be an object with a now\(\) method/],
    [{ ...valid, clock: { now: 5 } }, /^clock must be an object with a now\(\) method/],
    [{ ...valid, tokenStore: { obtain: () => 0 } }, /^tokenStore must be a TokenStore/],
    [{ ...valid, tokenStore: 'redis://localhost' }, /^tokenStore must be a TokenStore/],
  ])('rejects %o with a message naming the field', (input, expected) => {
    expect(problemsFor(input)).toContainEqual(expect.stringMatching(expected));
  });

  it('keeps the clock it is given, as it is (a live object, not a copy)', () => {
    const clock = { now: () => 42 };
    expect(resolveMarketingCloudOptions({ ...valid, clock }).clock).toBe(clock);
  });

  it('keeps the token store it is given, as it is (a live object, not a copy)', () => {
    const tokenStore = new MemoryTokenStore();
    expect(resolveMarketingCloudOptions({ ...valid, tokenStore }).tokenStore).toBe(tokenStore);
  });

  it.each([
    ['requestTimeoutMs', '5000', 'milliseconds'],
    ['tokenRefreshMarginSeconds', '60', 'seconds'],
    ['maxConcurrentRequests', '8', undefined],
    ['maxQueuedRequests', '100', undefined],
    ['maxResponseBytes', '65536', 'bytes'],
    ['shutdownGracePeriodMs', '1000', 'milliseconds'],
    ['batchSize', '50', 'recipients per sendBatch request'],
  ])(
    'a string for %s (as environment variables are) gets ONE message: "must be a number"',
    (name, value, unit) => {
      const problems = problemsFor({ ...valid, [name]: value });
      expect(problems).toEqual([
        `${name} must be a number${unit ? ` of ${unit}` : ''}, got a string. Environment variables are strings: convert the value with Number() in your factory.`,
      ]);
    },
  );

  it('a string for a retry option gets one message too, with its full path', () => {
    expect(problemsFor({ ...valid, retry: { maxAttempts: '3' } })).toEqual([
      'retry.maxAttempts must be a number, got a string. Environment variables are strings: convert the value with Number() in your factory.',
    ]);
  });

  it.each([
    [
      { ...valid, requestTimeoutMs: Number.NaN },
      'requestTimeoutMs must be a number of milliseconds, got NaN.',
    ],
    [
      { ...valid, requestTimeoutMs: 10.5 },
      'requestTimeoutMs must be a whole number of milliseconds.',
    ],
    [
      { ...valid, requestTimeoutMs: 400_000 },
      'requestTimeoutMs must be at most 300000 ms (5 minutes).',
    ],
    [{ ...valid, maxQueuedRequests: -1 }, 'maxQueuedRequests must be at least 0.'],
    [{ ...valid, maxResponseBytes: 10 }, 'maxResponseBytes must be at least 1024.'],
  ])('a wrong number gets the one rule it breaks: %o', (input, message) => {
    expect(problemsFor(input)).toEqual([message]);
  });

  it.each([
    'http://127.0.0.1:4000/v2/token',
    'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/v2/token/',
  ])(
    'refuses an authBaseUrl that ends in v2/token (%s), saying to give the host only',
    (authBaseUrl) => {
      expect(problemsFor({ authBaseUrl, clientId: 'id', clientSecret: SECRET })).toEqual([
        'authBaseUrl must be the Authentication Base URI, the host only, such as https://{subdomain}.auth.marketingcloudapis.com/: drop v2/token, the module adds it.',
      ]);
    },
  );

  it('holds the secret in a wrapper: inspect, JSON, String and logs of the resolved options say [redacted]', () => {
    const resolved = resolveMarketingCloudOptions(valid);
    const shown = [
      inspect(resolved, { depth: 10, showHidden: true }),
      JSON.stringify(resolved),
      String(resolved.clientSecret),
      `${resolved.clientSecret}`,
    ].join('\n');
    expect(shown).not.toContain(SECRET);
    expect(shown).toContain('[redacted]');
  });

  it('accepts plain http only for loopback hosts', () => {
    for (const authBaseUrl of [
      'http://127.0.0.1:1/',
      'http://localhost:1/',
      'http://[::1]:1/',
      'https://proxy.example/',
    ]) {
      expect(
        resolveMarketingCloudOptions({ authBaseUrl, clientId: 'id', clientSecret: SECRET })
          .authBaseUrl,
      ).toBe(authBaseUrl);
    }
  });

  it('lists every problem at once, with how to fix them', () => {
    const problems = problemsFor({
      subdomain: 'bad',
      clientId: '',
      clientSecret: SECRET,
      requestTimeoutMs: 0,
    });
    expect(problems).toHaveLength(3);
    expect(() =>
      resolveMarketingCloudOptions({ subdomain: 'bad', clientId: '', clientSecret: SECRET }),
    ).toThrow(/Potential solutions:/);
  });

  it.each([undefined, null, 'options', []])(
    'rejects %o as options, pointing at the factory',
    (input) => {
      expect(problemsFor(input)[0]).toMatch(/options must be an object.*useFactory/);
    },
  );
});
