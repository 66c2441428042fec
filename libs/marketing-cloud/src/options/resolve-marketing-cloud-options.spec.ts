import { describe, expect, it } from 'vitest';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { resolveMarketingCloudOptions } from './resolve-marketing-cloud-options.js';

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
    expect(resolveMarketingCloudOptions(valid)).toEqual({
      authBaseUrl: 'https://mc563885gzs27c5t9-63k636ttgm.auth.marketingcloudapis.com/',
      clientId: 'client-id',
      clientSecret: SECRET,
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
      shutdownGracePeriodMs: 5000,
      maskEmailsInLogs: true,
      batchSize: 50,
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
  ])('rejects %o with a message naming the field', (input, expected) => {
    expect(problemsFor(input)).toContainEqual(expect.stringMatching(expected));
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
