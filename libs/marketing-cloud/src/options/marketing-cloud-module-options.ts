import type { MarketingCloudClock } from './marketing-cloud-clock.js';
import type { TokenStore } from '../token-store/token-store.js';
import type { Secret } from './secret.js';

/**
 * Options of `MarketingCloudModule.forRoot()` / `forRootAsync()`. They are validated once, when the
 * application starts; an invalid value stops start-up with a message naming the field.
 */
export interface MarketingCloudModuleOptions {
  /**
   * Your tenant subdomain: 28 characters that begin with `mc` (letters, digits, hyphens), as in
   * `https://{subdomain}.auth.marketingcloudapis.com/`. Give this or `authBaseUrl`, not both.
   */
  subdomain?: string;
  /**
   * The Authentication Base URI, for a proxy or the emulator. https is required unless the host is
   * loopback (127.0.0.0/8, ::1, localhost). Give this or `subdomain`, not both.
   */
  authBaseUrl?: string;
  /** The API integration's client id (Setup > Installed Packages). Required. */
  clientId: string;
  /**
   * The API integration's client secret. Required. A string, or a {@link Secret}
   * (`new Secret(value)`) so that your own config objects never print it either. A string is
   * wrapped in a Secret as soon as the module gets it (the `MARKETING_CLOUD_MODULE_OPTIONS` value
   * holds the Secret): never logged, never in an error, `[redacted]` in `util.inspect` and
   * `JSON.stringify`.
   */
  clientSecret: string | Secret;
  /** The MID of the business unit to act in (`account_id`). Default: the unit that owns the package. */
  accountId?: number | string;
  /** Space-separated scopes to ask for. Default: every scope the package grants. */
  scope?: string;
  /**
   * A hard deadline in milliseconds for each HTTP exchange (token and REST, connection to last
   * byte), and, separately, for the wait for a free slot before it (see `maxConcurrentRequests`).
   * Default 10000.
   */
  requestTimeoutMs?: number;
  /**
   * Seconds before `expires_in` runs out at which a token is renewed. Default 60. Marketing Cloud's
   * `expires_in` (about 18 minutes) already sits 2 minutes before the token's real end.
   */
  tokenRefreshMarginSeconds?: number;
  /** When and how often a failed call is made again. See {@link MarketingCloudRetryOptions}. */
  retry?: MarketingCloudRetryOptions;
  /** Requests in flight at once to Marketing Cloud; the others wait their turn. Default 32. */
  maxConcurrentRequests?: number;
  /**
   * The most calls that may wait for a slot (beyond `maxConcurrentRequests` in flight). One more
   * fails at once with `MarketingCloudOverloadedError` (retryable: nothing was sent), so a slow
   * tenant cannot grow memory without bound. A waiting call also gives up, the same way, when its
   * timeout (`requestTimeoutMs` or the call's `timeoutMs`) or its signal fires first. Calls
   * sleeping before a retry (backoff or `Retry-After`, up to `retry.maxRetryAfterSeconds`) count
   * against the same bound: a retry that finds it full is not made, and the call fails with
   * `MarketingCloudOverloadedError` (retryable when no attempt may have been acted on). 0 means no
   * waiting at all, and so no retries. Default 1000.
   */
  maxQueuedRequests?: number;
  /**
   * The most bytes read from one answer (and written as one request body). A larger answer is cut
   * off with `MarketingCloudResponseTooLargeError`; for a send that was written, `maybeSent` is true
   * (a 2xx status means Marketing Cloud accepted it). Default 1048576 (1 MiB); documented answers
   * are under 2 KiB. A request body over it is refused unsent (`MarketingCloudValidationError`, 400,
   * violation `request` / `maxBytes`): raise it for sends near the 200 x 4000-character attribute
   * limit.
   */
  maxResponseBytes?: number;
  /** On application shutdown, how long in-flight calls may take to finish before they are aborted. Default 5000 ms. */
  shutdownGracePeriodMs?: number;
  /** Mask recipient addresses in log lines (`j***@example.com`). Default true. */
  maskEmailsInLogs?: boolean;
  /**
   * Recipients per sendBatch request that `TriggeredSendService.sendBatch` sends (1 to 1000).
   * Default 50: the documented synchronous batch limit of Marketing Cloud's APIs; the sendBatch
   * route's own maximum is not documented.
   */
  batchSize?: number;
  /**
   * For tests: the monotonic clock token lifetimes are measured on (`expires_in`, the refresh
   * margin, the wait after a failed renewal), an object with `now()` in milliseconds. Give the
   * emulator's `ManualClock` (also as the emulator's `clock`) to expire or renew tokens with
   * `clock.advance(ms)` instead of waiting. Default: `performance.now()`.
   */
  clock?: MarketingCloudClock;
  /**
   * Where access tokens are shared between the instances of an app. Default: in memory (each process
   * asks for its own token). `new RedisTokenStore({ connection })` from
   * `nestjs-marketing-cloud/redis-token-store` gives one token for every instance. The module calls
   * the store's `close()` on shutdown.
   */
  tokenStore?: TokenStore;
}

/**
 * The retry policy. A send is made again only when Marketing Cloud certainly did not act on it:
 * 429 / 50100 (after `Retry-After`), 503, a connection that never carried the request (refused,
 * DNS), and token endpoint failures. A timeout, a reset or a 5xx after the request was written are
 * ambiguous (Marketing Cloud may have queued the email): not retried unless
 * `unsafeRetryAmbiguousFailures` is set. Reads (delivery records) also retry those.
 */
export interface MarketingCloudRetryOptions {
  /** Attempts in all, the first included; 1 turns retries off. Default 3. */
  maxAttempts?: number;
  /** First backoff delay; it doubles on each retry, with jitter. Default 200 ms. */
  baseDelayMs?: number;
  /** Longest backoff delay. Default 5000 ms. */
  maxDelayMs?: number;
  /** The longest `Retry-After` waited for; a longer one fails the call at once. Default 30 s. */
  maxRetryAfterSeconds?: number;
  /**
   * UNSAFE: also retry sends after a timeout, a reset or a 5xx once the request was written. Marketing
   * Cloud has no idempotency key, so this can email a customer twice. Default false.
   */
  unsafeRetryAmbiguousFailures?: boolean;
}

/** The retry policy with defaults applied. */
export interface ResolvedRetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly maxRetryAfterMs: number;
  readonly unsafeRetryAmbiguousFailures: boolean;
}

/** The options after validation and defaults: what the module's services read. */
export interface ResolvedMarketingCloudOptions {
  /** The Authentication Base URI, ending in `/`. */
  readonly authBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: Secret;
  readonly accountId: number | undefined;
  readonly scope: string | undefined;
  readonly requestTimeoutMs: number;
  readonly tokenRefreshMarginMs: number;
  readonly retry: ResolvedRetryPolicy;
  readonly maxConcurrentRequests: number;
  readonly maxQueuedRequests: number;
  readonly maxResponseBytes: number;
  readonly shutdownGracePeriodMs: number;
  readonly maskEmailsInLogs: boolean;
  readonly batchSize: number;
  readonly clock: MarketingCloudClock;
  /** The `tokenStore` option, or a MemoryTokenStore (nothing shared). */
  readonly tokenStore: TokenStore;
  /** The registration's `name` (`'default'` without one): for log lines. */
  readonly instanceName: string;
}

export const MARKETING_CLOUD_DEFAULTS = Object.freeze({
  requestTimeoutMs: 10_000,
  tokenRefreshMarginSeconds: 60,
  maxConcurrentRequests: 32,
  maxQueuedRequests: 1_000,
  maxResponseBytes: 1024 * 1024,
  shutdownGracePeriodMs: 5_000,
  maskEmailsInLogs: true,
  batchSize: 50,
  retry: Object.freeze({
    maxAttempts: 3,
    baseDelayMs: 200,
    maxDelayMs: 5_000,
    maxRetryAfterSeconds: 30,
    unsafeRetryAmbiguousFailures: false,
  }),
});
