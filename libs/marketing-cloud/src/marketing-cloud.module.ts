import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { AccessTokenManager } from './auth/access-token-manager.js';
import { namedConfigurationErrorMessage } from './errors/error-messages.js';
import { MarketingCloudConfigurationError } from './errors/marketing-cloud-configuration.error.js';
import type { MarketingCloudHttp } from './http/create-http-service.js';
import { createMarketingCloudHttp } from './http/create-http-service.js';
import { MarketingCloudHttpClient } from './http/marketing-cloud-http-client.js';
import { MarketingCloudInstanceRegistry } from './instances/marketing-cloud-instance-registry.js';
import { MarketingCloudInstanceRegistryModule } from './instances/marketing-cloud-instance-registry.module.js';
import { DEFAULT_INSTANCE_NAME, instanceTokens } from './instances/instance-tokens.constants.js';
import {
  MARKETING_CLOUD_HTTP,
  MARKETING_CLOUD_INSTANCE,
  MARKETING_CLOUD_MODULE_OPTIONS,
  MARKETING_CLOUD_OPTIONS,
  MARKETING_CLOUD_TELEMETRY,
} from './marketing-cloud.constants.js';
import {
  ConfigurableMarketingCloudModule,
  MARKETING_CLOUD_ASYNC_OPTIONS_TYPE,
  MARKETING_CLOUD_OPTIONS_TYPE,
} from './marketing-cloud.module-definition.js';
import type { ResolvedMarketingCloudOptions } from './options/marketing-cloud-module-options.js';
import { resolveMarketingCloudOptions } from './options/resolve-marketing-cloud-options.js';
import { loadTelemetry } from './telemetry/load-telemetry.js';
import type { MarketingCloudTelemetry } from './telemetry/telemetry.port.js';
import { TriggeredSendService } from './triggered-send/triggered-send.service.js';

/**
 * Options are validated once, here: a bad value (or a name already taken) fails the application's
 * start-up, and the message names the instance.
 */
function resolvedOptionsProvider(name: string): Provider {
  return {
    provide: MARKETING_CLOUD_OPTIONS,
    inject: [MARKETING_CLOUD_MODULE_OPTIONS, MarketingCloudInstanceRegistry],
    useFactory: (input: unknown, registry: MarketingCloudInstanceRegistry) => {
      registry.claim(name);
      try {
        return resolveMarketingCloudOptions(input, name);
      } catch (error) {
        if (name === DEFAULT_INSTANCE_NAME || !(error instanceof MarketingCloudConfigurationError))
          throw error;
        throw new MarketingCloudConfigurationError(
          namedConfigurationErrorMessage(name, error.message),
          error.problems,
        );
      }
    },
  };
}

/**
 * The services of one instance, under tokens private to its name: factory providers rather than
 * class providers, so that a class token (which `app.get()` looks up across every module) only
 * ever designates the default instance.
 */
function instanceProviders(name: string): {
  providers: Provider[];
  exports: DynamicModule['exports'];
} {
  const tokens = instanceTokens(name);
  const providers: Provider[] = [
    resolvedOptionsProvider(name),
    { provide: MARKETING_CLOUD_HTTP, useFactory: createMarketingCloudHttp },
    { provide: MARKETING_CLOUD_TELEMETRY, useFactory: () => loadTelemetry(name) },
    {
      provide: tokens.accessTokenManager,
      inject: [MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS, MARKETING_CLOUD_TELEMETRY],
      useFactory: (
        http: MarketingCloudHttp,
        options: ResolvedMarketingCloudOptions,
        telemetry: MarketingCloudTelemetry,
      ) => new AccessTokenManager(http, options, telemetry),
    },
    {
      provide: tokens.httpClient,
      inject: [
        MARKETING_CLOUD_HTTP,
        tokens.accessTokenManager,
        MARKETING_CLOUD_OPTIONS,
        MARKETING_CLOUD_TELEMETRY,
      ],
      useFactory: (
        http: MarketingCloudHttp,
        accessTokens: AccessTokenManager,
        options: ResolvedMarketingCloudOptions,
        telemetry: MarketingCloudTelemetry,
      ) => new MarketingCloudHttpClient(http, accessTokens, options, telemetry),
    },
    {
      provide: tokens.triggeredSendService,
      inject: [tokens.httpClient, MARKETING_CLOUD_OPTIONS, MARKETING_CLOUD_TELEMETRY],
      useFactory: (
        client: MarketingCloudHttpClient,
        options: ResolvedMarketingCloudOptions,
        telemetry: MarketingCloudTelemetry,
      ) => new TriggeredSendService(client, options, telemetry),
    },
    {
      provide: MARKETING_CLOUD_INSTANCE,
      inject: [MarketingCloudInstanceRegistry, tokens.accessTokenManager, MARKETING_CLOUD_OPTIONS],
      useFactory: (
        registry: MarketingCloudInstanceRegistry,
        accessTokens: AccessTokenManager,
        options: ResolvedMarketingCloudOptions,
      ) => registry.register({ name, accessTokens, options }),
    },
  ];
  if (name !== DEFAULT_INSTANCE_NAME) {
    return { providers, exports: [tokens.triggeredSendService, tokens.httpClient] };
  }
  // The default instance is also its classes: `constructor(private sends: TriggeredSendService)`.
  providers.push(
    { provide: AccessTokenManager, useExisting: tokens.accessTokenManager },
    { provide: MarketingCloudHttpClient, useExisting: tokens.httpClient },
    { provide: TriggeredSendService, useExisting: tokens.triggeredSendService },
  );
  return { providers, exports: [TriggeredSendService, MarketingCloudHttpClient] };
}

function withInstance(definition: DynamicModule, name: string | undefined): DynamicModule {
  const instance = instanceProviders(name ?? DEFAULT_INSTANCE_NAME);
  return {
    ...definition,
    imports: [...(definition.imports ?? []), MarketingCloudInstanceRegistryModule],
    providers: [...(definition.providers ?? []), ...instance.providers],
    exports: [...(definition.exports ?? []), ...(instance.exports ?? [])],
  };
}

/**
 * Salesforce Marketing Cloud for NestJS. Configure it with `forRoot(options)` or
 * `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`; both also take
 * `isGlobal`, `extraProviders` and `name` (one registration per business unit).
 */
@Module({})
export class MarketingCloudModule extends ConfigurableMarketingCloudModule {
  static override forRoot(options: typeof MARKETING_CLOUD_OPTIONS_TYPE): DynamicModule {
    return withInstance(super.forRoot(options), options.name);
  }

  static override forRootAsync(options: typeof MARKETING_CLOUD_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withInstance(super.forRootAsync(options), options.name);
  }
}
