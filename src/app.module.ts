import { Global, Module, type DynamicModule } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { MarketingCloudExceptionFilter, MarketingCloudModule } from 'nestjs-marketing-cloud';
import { BusinessUnitTargetModule } from './config/business-unit-target.module.js';
import { configuredBusinessUnits } from './config/marketing-cloud-env.js';
import { businessUnitTargetToken, MarketingCloudTarget } from './config/marketing-cloud-target.js';
import { MarketingCloudTargetModule } from './config/marketing-cloud-target.module.js';
import { ServerLimitsModule } from './config/server-limits.module.js';
import { REGISTERED_BUSINESS_UNITS } from './health/business-units.constants.js';
import { HealthModule } from './health/health.module.js';
import { RequestBodyExceptionFilter } from './http-server/request-body-exception.filter.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { queueImports } from './queue/queued-sends.module.js';
// Registers the OpenTelemetry metrics SDK on import, before any Nest app is created.
import { MetricsModule } from './telemetry/metrics.module.js';

/** Tells the health check which named business units were registered. */
@Global()
@Module({})
class RegisteredBusinessUnitsModule {
  static forUnits(units: readonly string[]): DynamicModule {
    return {
      module: RegisteredBusinessUnitsModule,
      providers: [{ provide: REGISTERED_BUSINESS_UNITS, useValue: units }],
      exports: [REGISTERED_BUSINESS_UNITS],
    };
  }
}

/**
 * The sample app: MarketingCloudModule configured from the environment (MC_* variables, or the
 * built-in emulator when none is set), a controller that mirrors the Marketing Cloud routes, the
 * HTTP server's limits (HTTP_* variables), every refusal in one JSON shape, /health (terminus) and
 * /metrics (OpenTelemetry, Prometheus format); with REDIS_URL set, queued sends too (src/queue/).
 * `AppModule.forEnvironment()` adds the named business units (MC_DE_* -> the instance `de`, routes
 * under /bu/de/).
 */
@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    MarketingCloudModule.forRootAsync({
      isGlobal: true,
      imports: [MarketingCloudTargetModule],
      inject: [MarketingCloudTarget],
      useFactory: (target: MarketingCloudTarget) => target.options,
    }),
    ServerLimitsModule,
    MessagingModule,
    HealthModule,
    MetricsModule,
  ],
  providers: [
    { provide: APP_FILTER, useClass: MarketingCloudExceptionFilter },
    { provide: APP_FILTER, useClass: RequestBodyExceptionFilter },
  ],
})
export class AppModule {
  /**
   * The app with the business units the environment configures, decided when the app is created
   * (not when this file is imported), so that a test may set the environment first.
   */
  static forEnvironment(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const units = configuredBusinessUnits(env);
    return {
      module: AppModule,
      imports: [
        ...units.map((name) =>
          MarketingCloudModule.forRootAsync({
            name,
            isGlobal: true,
            imports: [BusinessUnitTargetModule.forUnit(name)],
            inject: [businessUnitTargetToken(name)],
            useFactory: (target: MarketingCloudTarget) => target.options,
          }),
        ),
        RegisteredBusinessUnitsModule.forUnits(units),
        // REDIS_URL turns the queue on; ConfigModule.forRoot has loaded .env into process.env by now.
        ...queueImports(env),
      ],
    };
  }
}
