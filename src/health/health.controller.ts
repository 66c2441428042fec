import { Controller, Get, Inject, Optional } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { MarketingCloudHealthIndicator } from 'nestjs-marketing-cloud/health';
import { REGISTERED_BUSINESS_UNITS } from './business-units.constants.js';

/** The terminus health check: one entry per Marketing Cloud instance (`marketing_cloud`, `marketing_cloud_de`). */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly marketingCloud: MarketingCloudHealthIndicator,
    @Optional()
    @Inject(REGISTERED_BUSINESS_UNITS)
    private readonly businessUnits: readonly string[] = [],
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary: 'Up when every Marketing Cloud instance holds or can get an access token',
  })
  check() {
    return this.health.check([
      () => this.marketingCloud.isHealthy('marketing_cloud'),
      ...this.businessUnits.map(
        (name) => () => this.marketingCloud.isHealthy(`marketing_cloud_${name}`, { name }),
      ),
    ]);
  }
}
