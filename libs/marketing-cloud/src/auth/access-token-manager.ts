import { Inject, Injectable, Logger } from '@nestjs/common';
import { MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { MarketingCloudHttp } from '../http/create-http-service.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import type { AccessToken } from './access-token.js';
import { requestAccessToken } from './token-endpoint.js';

interface CacheEntry {
  token: AccessToken | undefined;
  /** The token request under way, shared by every caller that needs a token meanwhile. */
  pending: Promise<AccessToken> | undefined;
}

/**
 * The access-token lifecycle: one cached token per (auth base URL, client id, account id, scope),
 * renewed ahead of expiry on a monotonic clock, with a single token request in flight however many
 * callers wait. A failed request rejects its waiters and leaves nothing cached, so the next call
 * asks again.
 */
@Injectable()
export class AccessTokenManager {
  private readonly logger = new Logger('MarketingCloud');
  private readonly cache = new Map<string, CacheEntry>();

  constructor(
    @Inject(MARKETING_CLOUD_HTTP) private readonly http: MarketingCloudHttp,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
  ) {}

  /** A valid token: the cached one, or a fresh one from the single request in flight. */
  getAccessToken(): Promise<AccessToken> {
    const entry = this.entry();
    const now = performance.now();
    if (entry.token && now < entry.token.refreshAt) return Promise.resolve(entry.token);
    entry.pending ??= this.renew(entry);
    return entry.pending;
  }

  /**
   * Forgets `token` after Marketing Cloud refused it (401). Compare-and-swap: when a newer token is
   * already cached, that one stays.
   */
  invalidate(token: AccessToken): void {
    const entry = this.entry();
    if (entry.token === token) entry.token = undefined;
  }

  private entry(): CacheEntry {
    const { authBaseUrl, clientId, accountId, scope } = this.options;
    const key = JSON.stringify([authBaseUrl, clientId, accountId ?? null, scope ?? null]);
    let entry = this.cache.get(key);
    if (!entry) {
      entry = { token: undefined, pending: undefined };
      this.cache.set(key, entry);
    }
    return entry;
  }

  private async renew(entry: CacheEntry): Promise<AccessToken> {
    const previous = entry.token;
    try {
      const token = await requestAccessToken(this.http.service, this.options);
      entry.token = token;
      const validFor = Math.round((token.expiresAt - performance.now()) / 1000);
      const renewIn = Math.round((token.refreshAt - performance.now()) / 1000);
      this.logger.log(
        `Access token obtained${this.options.accountId ? ` for account ${this.options.accountId}` : ''}: valid for ${validFor} s, renewed in ${renewIn} s.`,
      );
      return token;
    } catch (error) {
      // Still inside its lifetime, the previous token beats a failure: renewal is tried again next call.
      if (previous && previous === entry.token && performance.now() < previous.expiresAt) {
        this.logger.warn(
          `Access token renewal failed (${(error as Error).message}); using the current token until it expires.`,
        );
        return previous;
      }
      throw error;
    } finally {
      entry.pending = undefined;
    }
  }
}
