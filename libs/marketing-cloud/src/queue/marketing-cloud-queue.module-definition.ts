import { ConfigurableModuleBuilder, type Provider } from '@nestjs/common';
import { MARKETING_CLOUD_QUEUE_MODULE_OPTIONS } from './queue.constants.js';
import type { MarketingCloudQueueOptions } from './queue-module-options.js';

/** Module-level settings that are not queue options. */
export interface MarketingCloudQueueModuleExtras {
  /** Register the module globally, so every module can inject TriggeredSendQueue. Default false. */
  isGlobal?: boolean;
  /** More providers to add to the module. */
  extraProviders?: Provider[];
}

export const {
  ConfigurableModuleClass: ConfigurableMarketingCloudQueueModule,
  OPTIONS_TYPE: MARKETING_CLOUD_QUEUE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MARKETING_CLOUD_QUEUE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<MarketingCloudQueueOptions>({
  moduleName: 'MarketingCloudQueue',
  optionsInjectionToken: MARKETING_CLOUD_QUEUE_MODULE_OPTIONS,
})
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMarketingCloudQueueOptions')
  .setExtras<MarketingCloudQueueModuleExtras>(
    { isGlobal: false, extraProviders: [] },
    // The second argument holds every option (a connection password too): read only the known keys.
    (definition, { isGlobal, extraProviders }) => ({
      ...definition,
      global: isGlobal ?? false,
      providers: [...(definition.providers ?? []), ...(extraProviders ?? [])],
    }),
  )
  .build();

/** What `forRootAsync({ useClass | useExisting })` expects the class to implement. */
export interface MarketingCloudQueueOptionsFactory {
  createMarketingCloudQueueOptions():
    MarketingCloudQueueOptions | Promise<MarketingCloudQueueOptions>;
}
