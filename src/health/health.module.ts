import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import {
  MarketingCloudHealthIndicator,
  MarketingCloudQueueHealthIndicator,
} from 'nestjs-marketing-cloud/health';
import { HealthController } from './health.controller.js';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty' })],
  controllers: [HealthController],
  providers: [MarketingCloudHealthIndicator, MarketingCloudQueueHealthIndicator],
})
export class HealthModule {}
