import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { prometheusExporter } from './prometheus-metrics.js';

@ApiTags('metrics')
@Controller('metrics')
export class MetricsController {
  @Get()
  @ApiOperation({ summary: "The module's OpenTelemetry metrics, in Prometheus text format" })
  @ApiProduces('text/plain')
  metrics(@Req() request: IncomingMessage, @Res() response: ServerResponse): void {
    prometheusExporter.getMetricsRequestHandler(request, response);
  }
}
