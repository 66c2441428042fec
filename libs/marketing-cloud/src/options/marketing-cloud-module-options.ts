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
  /** The API integration's client secret. Required. Never logged and never put in an error. */
  clientSecret: string;
  /** The MID of the business unit to act in (`account_id`). Default: the unit that owns the package. */
  accountId?: number | string;
  /** Space-separated scopes to ask for. Default: every scope the package grants. */
  scope?: string;
  /** Milliseconds to wait for each HTTP answer (token and REST). Default 10000. */
  requestTimeoutMs?: number;
  /**
   * Seconds before `expires_in` runs out at which a token is renewed. Default 60. Marketing Cloud's
   * `expires_in` (about 18 minutes) already sits 2 minutes before the token's real end.
   */
  tokenRefreshMarginSeconds?: number;
}

/** The options after validation and defaults: what the module's services read. */
export interface ResolvedMarketingCloudOptions {
  /** The Authentication Base URI, ending in `/`. */
  readonly authBaseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly accountId: number | undefined;
  readonly scope: string | undefined;
  readonly requestTimeoutMs: number;
  readonly tokenRefreshMarginMs: number;
}

export const MARKETING_CLOUD_DEFAULTS = Object.freeze({
  requestTimeoutMs: 10_000,
  tokenRefreshMarginSeconds: 60,
});
