import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { MARKETING_CLOUD_MODULE_OPTIONS } from './marketing-cloud.constants.js';
import type { MarketingCloudModuleOptions } from './options/marketing-cloud-module-options.js';
import { wrapClientSecretIn } from './options/wrap-client-secret.js';

/** Module-level settings that are not Marketing Cloud options. */
export interface MarketingCloudModuleExtras {
  /** Register the module globally, so every module can inject its services. Default false. */
  isGlobal?: boolean;
  /** More providers to add to the module (for instance, to override a service in tests). */
  extraProviders?: Provider[];
}

export const {
  ConfigurableModuleClass: ConfigurableMarketingCloudModule,
  OPTIONS_TYPE: MARKETING_CLOUD_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MARKETING_CLOUD_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MarketingCloudModuleOptions>({
  moduleName: 'MarketingCloud',
  optionsInjectionToken: MARKETING_CLOUD_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMarketingCloudOptions')
  .setExtras<MarketingCloudModuleExtras>(
    { isGlobal: false, extraProviders: [] },
    // The second argument holds every option (the secret too): read only the two known keys.
    (definition, { isGlobal, extraProviders }) => ({
      ...definition,
      global: isGlobal ?? false,
      // The options provider holds the client secret wrapped (see wrap-client-secret.ts).
      providers: [...wrapClientSecretIn(definition.providers ?? []), ...(extraProviders ?? [])],
    }),
  )
  .build();

/** What `forRootAsync({ useClass | useExisting })` expects the class to implement. */
export interface MarketingCloudOptionsFactory {
  createMarketingCloudOptions(): MarketingCloudModuleOptions | Promise<MarketingCloudModuleOptions>;
}
