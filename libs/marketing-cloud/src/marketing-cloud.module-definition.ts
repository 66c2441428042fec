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
  /**
   * The instance's name, for several business units (or tenants) in one application: each named
   * registration has its own options, token, concurrency limit, connections and shutdown. Inject it
   * with `@InjectTriggeredSendService(name)` / `@InjectMarketingCloudHttpClient(name)`, or get it with
   * `getTriggeredSendServiceToken(name)`. Without a name (or with `'default'`) it is the default
   * instance, whose services are also injected by class. 1 to 64 letters, digits, `-`, `_`, `.`;
   * each name at most once per application.
   */
  name?: string;
}

export const {
  ConfigurableModuleClass: ConfigurableMarketingCloudModule,
  OPTIONS_TYPE: MARKETING_CLOUD_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MARKETING_CLOUD_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MarketingCloudModuleOptions>({
  moduleName: 'MarketingCloud',
  optionsInjectionToken: MARKETING_CLOUD_MODULE_OPTIONS,
  // Every registration is its own module, even with options equal to another's: two registrations
  // of one name must meet (and fail start-up) rather than merge silently.
  alwaysTransient: true,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMarketingCloudOptions')
  .setExtras<MarketingCloudModuleExtras>(
    // `name` is listed so that it is not passed on as a Marketing Cloud option; MarketingCloudModule reads it.
    { isGlobal: false, extraProviders: [], name: undefined },
    // The second argument holds every option (the secret too): read only the known keys.
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
