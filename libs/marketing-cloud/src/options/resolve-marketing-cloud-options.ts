import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { configurationErrorMessage } from '../errors/error-messages.js';
import {
  MARKETING_CLOUD_DEFAULTS,
  type MarketingCloudModuleOptions,
  type MarketingCloudRetryOptions,
  type ResolvedMarketingCloudOptions,
  type ResolvedRetryPolicy,
} from './marketing-cloud-module-options.js';
import {
  isMarketingCloudClock,
  SYSTEM_MONOTONIC_CLOCK,
  type MarketingCloudClock,
} from './marketing-cloud-clock.js';
import { DEFAULT_INSTANCE_NAME } from '../instances/instance-name.js';
import { MarketingCloudOptionsSchema } from './marketing-cloud-options.schema.js';
import { isTokenStore, MemoryTokenStore, type TokenStore } from '../token-store/token-store.js';
import { Secret } from './secret.js';

function problemsOf(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.entries(error.constraints ?? {}).map(([rule, message]) =>
      rule === 'whitelistValidation'
        ? `${error.property} is not a known option; check its spelling against the README.`
        : message,
    ),
    ...problemsOf(error.children ?? []),
  ]);
}

function withTrailingSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}

function resolveRetryPolicy(retry: MarketingCloudRetryOptions = {}): ResolvedRetryPolicy {
  const defaults = MARKETING_CLOUD_DEFAULTS.retry;
  return {
    maxAttempts: retry.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: retry.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: retry.maxDelayMs ?? defaults.maxDelayMs,
    maxRetryAfterMs: (retry.maxRetryAfterSeconds ?? defaults.maxRetryAfterSeconds) * 1000,
    unsafeRetryAmbiguousFailures:
      retry.unsafeRetryAmbiguousFailures ?? defaults.unsafeRetryAmbiguousFailures,
  };
}

/**
 * Validates the module's options and applies the defaults. Throws a
 * MarketingCloudConfigurationError naming every invalid field; the message never holds a value.
 */
export function resolveMarketingCloudOptions(
  input: unknown,
  /** The registration's `name`. */
  instanceName: string = DEFAULT_INSTANCE_NAME,
): ResolvedMarketingCloudOptions {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    const problems = [
      `options must be an object, got ${input === null ? 'null' : Array.isArray(input) ? 'an array' : typeof input}. Does forRootAsync's useFactory return the options?`,
    ];
    throw new MarketingCloudConfigurationError(configurationErrorMessage(problems), problems);
  }
  // A clock (a test's ManualClock) and a token store (a Redis client inside) are live objects:
  // checked by shape, never copied. The schema checks the secret's text; a Secret is opened here
  // only for that check.
  const { clock, tokenStore, clientSecret, ...plainOptions } = input as Record<string, unknown>;
  const secretText = clientSecret instanceof Secret ? clientSecret.reveal() : clientSecret;
  const schema = plainToInstance(MarketingCloudOptionsSchema, {
    ...plainOptions,
    clientSecret: secretText,
  });
  const problems = problemsOf(
    validateSync(schema, {
      whitelist: true,
      forbidNonWhitelisted: true,
      validationError: { target: false, value: false },
    }),
  );
  const options = input as MarketingCloudModuleOptions;
  if ((options.subdomain === undefined) === (options.authBaseUrl === undefined)) {
    problems.unshift(
      'subdomain or authBaseUrl: give exactly one. Use subdomain for Marketing Cloud itself, authBaseUrl for a proxy or the emulator.',
    );
  }
  if (clock !== undefined && !isMarketingCloudClock(clock)) {
    problems.push(
      "clock must be an object with a now() method giving monotonic milliseconds, such as the emulator's ManualClock.",
    );
  }
  if (typeof options.authBaseUrl === 'string' && /\/v2\/token\/?$/i.test(options.authBaseUrl)) {
    problems.push(
      'authBaseUrl must be the Authentication Base URI, the host only, such as https://{subdomain}.auth.marketingcloudapis.com/: drop v2/token, the module adds it.',
    );
  }
  if (tokenStore !== undefined && !isTokenStore(tokenStore)) {
    problems.push(
      'tokenStore must be a TokenStore (with obtain and invalidate), such as new RedisTokenStore({ connection }).',
    );
  }
  if (problems.length > 0) {
    throw new MarketingCloudConfigurationError(configurationErrorMessage(problems), problems);
  }
  return {
    authBaseUrl:
      options.authBaseUrl !== undefined
        ? withTrailingSlash(options.authBaseUrl)
        : `https://${options.subdomain}.auth.marketingcloudapis.com/`,
    clientId: options.clientId,
    clientSecret: new Secret(secretText as string),
    accountId: options.accountId === undefined ? undefined : Number(options.accountId),
    scope: options.scope,
    requestTimeoutMs: options.requestTimeoutMs ?? MARKETING_CLOUD_DEFAULTS.requestTimeoutMs,
    tokenRefreshMarginMs:
      (options.tokenRefreshMarginSeconds ?? MARKETING_CLOUD_DEFAULTS.tokenRefreshMarginSeconds) *
      1000,
    retry: resolveRetryPolicy(options.retry),
    maxConcurrentRequests:
      options.maxConcurrentRequests ?? MARKETING_CLOUD_DEFAULTS.maxConcurrentRequests,
    maxQueuedRequests: options.maxQueuedRequests ?? MARKETING_CLOUD_DEFAULTS.maxQueuedRequests,
    maxResponseBytes: options.maxResponseBytes ?? MARKETING_CLOUD_DEFAULTS.maxResponseBytes,
    shutdownGracePeriodMs:
      options.shutdownGracePeriodMs ?? MARKETING_CLOUD_DEFAULTS.shutdownGracePeriodMs,
    maskEmailsInLogs: options.maskEmailsInLogs ?? MARKETING_CLOUD_DEFAULTS.maskEmailsInLogs,
    batchSize: options.batchSize ?? MARKETING_CLOUD_DEFAULTS.batchSize,
    clock: (clock as MarketingCloudClock | undefined) ?? SYSTEM_MONOTONIC_CLOCK,
    tokenStore: (tokenStore as TokenStore | undefined) ?? new MemoryTokenStore(),
    instanceName,
  };
}
