import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import {
  MarketingCloudHealthIndicator,
  MarketingCloudQueueHealthIndicator,
} from 'nestjs-marketing-cloud/health';
import { TriggeredSendQueue } from 'nestjs-marketing-cloud/queue';
import { REGISTERED_BUSINESS_UNITS } from './business-units.constants.js';

/**
 * The terminus health check: one entry per Marketing Cloud instance (`marketing_cloud`,
 * `marketing_cloud_de`), and `marketing_cloud_queue` when the queue is on (REDIS_URL).
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly marketingCloud: MarketingCloudHealthIndicator,
    private readonly queueHealth: MarketingCloudQueueHealthIndicator,
    @Optional()
    @Inject(REGISTERED_BUSINESS_UNITS)
    private readonly businessUnits: readonly string[] = [],
    @Optional() private readonly queue?: TriggeredSendQueue,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      'Up when every Marketing Cloud instance holds or can get an access token, and the queue (with REDIS_URL) answers',
  })
  check() {
    return this.health.check([
      () => this.marketingCloud.isHealthy('marketing_cloud'),
      ...this.businessUnits.map(
        (name) => () => this.marketingCloud.isHealthy(`marketing_cloud_${name}`, { name }),
      ),
      ...(this.queue
        ? [() => this.queueHealth.isHealthy('marketing_cloud_queue', this.queue!)]
        : []),
    ]);
  }
}
