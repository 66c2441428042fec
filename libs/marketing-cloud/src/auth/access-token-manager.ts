import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { MarketingCloudHttp } from '../http/create-http-service.js';
import { MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import { loggerContextOf } from '../logging/logger-context.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { NO_TELEMETRY, type MarketingCloudTelemetry } from '../telemetry/telemetry.port.js';
import type { SharedToken, TokenStoreContext } from '../token-store/token-store.js';
import type { AccessToken } from './access-token.js';
import { fromSharedToken, toSharedToken, tokenStoreContext } from './shared-token.js';
import { requestAccessToken } from './token-endpoint.js';

/** After an early renewal failed, the next one waits this long (the current token still serves). */
export const RENEWAL_RETRY_DELAY_MS = 5_000;

/**
 * The access-token lifecycle of one module instance, whose options fix the (auth base URL, client
 * id, account id, scope) the token is for. Times are monotonic (the `clock` option, by default
 * performance.now()), so a wall-clock change neither expires nor extends a token.
 *
 * - Cold or expired: callers wait for a single token request, however many they are. A failure
 *   rejects them all with the same typed error and caches nothing: the next call asks again.
 * - Inside the refresh margin: callers keep the current token at once, while one renewal runs in
 *   the background; if it fails, it is tried again after RENEWAL_RETRY_DELAY_MS, not on every call.
 * - Where the token comes from is the token store's business (the `tokenStore` option): memory by
 *   default (a request of our own), or a store shared by every instance of the app.
 */
@Injectable()
export class AccessTokenManager implements OnApplicationShutdown {
  private readonly logger: Logger;
  private token: AccessToken | undefined;
  /** The token request under way, shared by every caller that needs a token meanwhile. */
  private pending: Promise<AccessToken> | undefined;
  private renewalNotBefore = 0;
  private readonly storeContext: TokenStoreContext;
  /** A store invalidation under way: the next token request waits for it, so it cannot read the refused token back. */
  private invalidation: Promise<void> | undefined;

  constructor(
    @Inject(MARKETING_CLOUD_HTTP) private readonly http: MarketingCloudHttp,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
    private readonly telemetry: MarketingCloudTelemetry = NO_TELEMETRY,
  ) {
    this.logger = new Logger(loggerContextOf(options));
    this.storeContext = tokenStoreContext(options);
  }

  /** A valid token: the cached one, or a fresh one from the single request in flight. */
  getAccessToken(): Promise<AccessToken> {
    const token = this.validToken();
    if (token) return Promise.resolve(token);
    this.pending ??= this.requestToken();
    return this.pending;
  }

  /**
   * The cached token when it is still valid, synchronously (starting its renewal in the background
   * inside the refresh margin, as getAccessToken does); undefined when the caller must wait for
   * getAccessToken. The hot path: a valid token costs no promise and no turn of the event loop.
   */
  validToken(): AccessToken | undefined {
    const now = this.options.clock.now();
    const token = this.token;
    if (token === undefined || now >= token.expiresAt) return undefined;
    if (now >= token.refreshAt && !this.pending && now >= this.renewalNotBefore) {
      this.renewInBackground();
    }
    return token;
  }

  /**
   * Forgets `token` after Marketing Cloud refused it (401). Compare-and-swap: when a newer token is
   * already cached, that one stays.
   */
  invalidate(token: AccessToken): void {
    if (this.token === token) this.token = undefined;
    // A store failure here is harmless: the stored token then expires on its own.
    this.invalidation = this.options.tokenStore
      .invalidate(this.storeContext, toSharedToken(token, this.options.clock))
      .catch(() => {});
  }

  /** Releases the token store (its connections). */
  async onApplicationShutdown(): Promise<void> {
    await this.options.tokenStore.close?.();
  }

  private requestToken(): Promise<AccessToken> {
    // A token this process asked for is used as it came (its monotonic times untouched); one from
    // the store, obtained by another process, is converted.
    let fetched: AccessToken | undefined;
    let fetchedShared: SharedToken | undefined;
    const fetch = (): Promise<SharedToken> =>
      this.telemetry
        .tokenRequest(() => requestAccessToken(this.http.service, this.options))
        .then((token) => {
          fetched = token;
          fetchedShared = toSharedToken(token, this.options.clock);
          return fetchedShared;
        });
    return (this.invalidation ?? Promise.resolve())
      .then(() => this.options.tokenStore.obtain(this.storeContext, fetch))
      .then((shared) => {
        const token =
          shared === fetchedShared && fetched
            ? fetched
            : fromSharedToken(shared, this.options.clock);
        this.token = token;
        const now = this.options.clock.now();
        this.logger.log(
          `Access token obtained${this.options.accountId ? ` for account ${this.options.accountId}` : ''}: valid for ${Math.round((token.expiresAt - now) / 1000)} s, renewed in ${Math.round((token.refreshAt - now) / 1000)} s.`,
        );
        return token;
      })
      .finally(() => {
        this.pending = undefined;
      });
  }

  private renewInBackground(): void {
    this.pending = this.requestToken();
    this.pending.catch((error: unknown) => {
      this.renewalNotBefore = this.options.clock.now() + RENEWAL_RETRY_DELAY_MS;
      this.logger.warn(
        `Access token renewal failed (${(error as Error).message}); the current token serves until it expires, renewal is tried again in ${RENEWAL_RETRY_DELAY_MS / 1000} s.`,
      );
    });
  }
}
