import { Module, type Provider } from '@nestjs/common';
import { AccessTokenManager } from './auth/access-token-manager.js';
import { createMarketingCloudHttp } from './http/create-http-service.js';
import { MarketingCloudHttpClient } from './http/marketing-cloud-http-client.js';
import {
  MARKETING_CLOUD_HTTP,
  MARKETING_CLOUD_MODULE_OPTIONS,
  MARKETING_CLOUD_OPTIONS,
  MARKETING_CLOUD_TOKEN_STORE,
} from './marketing-cloud.constants.js';
import { ConfigurableMarketingCloudModule } from './marketing-cloud.module-definition.js';
import type { MarketingCloudModuleOptions } from './options/marketing-cloud-module-options.js';
import { resolveMarketingCloudOptions } from './options/resolve-marketing-cloud-options.js';
import { MemoryTokenStore, type TokenStore } from './token-store/token-store.js';
import { TriggeredSendService } from './triggered-send/triggered-send.service.js';

/** Options are validated once, here: a bad value fails the application's start-up. */
const resolvedOptionsProvider: Provider = {
  provide: MARKETING_CLOUD_OPTIONS,
  useFactory: resolveMarketingCloudOptions,
  inject: [MARKETING_CLOUD_MODULE_OPTIONS],
};

/** The `tokenStore` option, or memory (each process its own token). */
const tokenStoreProvider: Provider = {
  provide: MARKETING_CLOUD_TOKEN_STORE,
  useFactory: (options: MarketingCloudModuleOptions): TokenStore =>
    options.tokenStore ?? new MemoryTokenStore(),
  inject: [MARKETING_CLOUD_MODULE_OPTIONS],
};

const httpProvider: Provider = {
  provide: MARKETING_CLOUD_HTTP,
  useFactory: createMarketingCloudHttp,
};

/**
 * Salesforce Marketing Cloud for NestJS. Configure it with `forRoot(options)` or
 * `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`; both also take
 * `isGlobal` and `extraProviders`.
 */
@Module({
  providers: [
    resolvedOptionsProvider,
    tokenStoreProvider,
    httpProvider,
    AccessTokenManager,
    MarketingCloudHttpClient,
    TriggeredSendService,
  ],
  exports: [TriggeredSendService, MarketingCloudHttpClient],
})
export class MarketingCloudModule extends ConfigurableMarketingCloudModule {}
