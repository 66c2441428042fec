import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER } from '@nestjs/core';
import { MarketingCloudExceptionFilter, MarketingCloudModule } from 'nestjs-marketing-cloud';
import { MarketingCloudTarget } from './config/marketing-cloud-target.js';
import { MarketingCloudTargetModule } from './config/marketing-cloud-target.module.js';
import { ServerLimitsModule } from './config/server-limits.module.js';
import { RequestBodyExceptionFilter } from './http-server/request-body-exception.filter.js';
import { MessagingModule } from './messaging/messaging.module.js';
import { queueImports } from './queue/queued-sends.module.js';

/**
 * The sample app: MarketingCloudModule configured from the environment (MC_* variables, or the
 * built-in emulator when none is set), a controller that mirrors the Marketing Cloud routes, the
 * HTTP server's limits (HTTP_* variables), and every refusal in one JSON shape; with REDIS_URL
 * set, queued sends too (src/queue/).
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
    // After ConfigModule.forRoot, which has loaded .env into process.env by now.
    ...queueImports(),
  ],
  providers: [
    { provide: APP_FILTER, useClass: MarketingCloudExceptionFilter },
    { provide: APP_FILTER, useClass: RequestBodyExceptionFilter },
  ],
})
export class AppModule {}
