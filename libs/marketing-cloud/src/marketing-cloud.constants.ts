/** Every dependency-injection token of the module, in one file (importing them from the module file makes cycles). */

/** The options as given to forRoot / returned by the forRootAsync factory. */
export const MARKETING_CLOUD_MODULE_OPTIONS = Symbol('MARKETING_CLOUD_MODULE_OPTIONS');

/** The validated options with defaults applied (ResolvedMarketingCloudOptions). */
export const MARKETING_CLOUD_OPTIONS = Symbol('MARKETING_CLOUD_OPTIONS');

/** The module's private HTTP stack (MarketingCloudHttp): an HttpService over its own axios instance. */
export const MARKETING_CLOUD_HTTP = Symbol('MARKETING_CLOUD_HTTP');

/** Where access tokens are shared between processes (TokenStore): the `tokenStore` option, or memory. */
export const MARKETING_CLOUD_TOKEN_STORE = Symbol('MARKETING_CLOUD_TOKEN_STORE');
