import {
  BadRequestException,
  Body,
  Controller,
  Get,
  Headers,
  HttpCode,
  NotFoundException,
  Param,
  ParseBoolPipe,
  ParseIntPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiBody,
  ApiHeader,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { TriggeredSendRequest } from 'nestjs-marketing-cloud';
import { TriggeredSendQueue, type TriggeredSendJobStatus } from 'nestjs-marketing-cloud/queue';
import { DOCUMENTED_SEND_EXAMPLES } from '../messaging/documented-examples.js';
import { ERROR_RESPONSE_SCHEMA, SEND_REQUEST_SCHEMA } from '../messaging/openapi-schemas.js';

const JOB_STATUS_SCHEMA = {
  type: 'object',
  required: ['jobId', 'state'],
  properties: {
    jobId: { type: 'string', example: 'send-2d711642b726b04401627ca9fbac32f5c8530fb1' },
    state: { type: 'string', enum: ['waiting', 'active', 'sent', 'failed'] },
    attemptsMade: { type: 'integer' },
    recipientSendId: { type: 'string', description: 'state sent' },
    requestId: { type: 'string', description: 'state sent' },
    error: {
      type: 'object',
      description: 'state failed',
      properties: {
        name: { type: 'string', example: 'MarketingCloudNoValidSubscribersError' },
        message: { type: 'string' },
        errorCode: { type: 'integer' },
        retryable: { type: 'boolean' },
        maybeSent: {
          type: 'boolean',
          description: 'Marketing Cloud may have sent it: never retried by itself',
        },
      },
    },
  },
};
const errorResponse = (status: number, description: string) => ({
  status,
  description,
  schema: ERROR_RESPONSE_SCHEMA,
});

/**
 * Queued sends (only when REDIS_URL is set): enqueue with an Idempotency-Key, read a job's status,
 * list the failed jobs with their reasons, and enqueue a failed one again on explicit request.
 */
@ApiTags('queue')
@Controller('queue')
export class QueuedSendsController {
  constructor(private readonly queue: TriggeredSendQueue) {}

  @Post('messageDefinitionSends/:definition/send')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a triggered email',
    description:
      'Validated like the direct send, then stored in Redis and sent by a worker. The same Idempotency-Key within the window (24 h) gives the same job and at most one email.',
  })
  @ApiParam({
    name: 'definition',
    description: 'key:{CustomerKey} or the definition ObjectID',
    example: 'key:external_key',
  })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'Your name for this send, e.g. order-1234:receipt',
  })
  @ApiBody({ schema: SEND_REQUEST_SCHEMA, examples: DOCUMENTED_SEND_EXAMPLES })
  @ApiResponse({
    status: 202,
    description: 'Queued',
    schema: {
      type: 'object',
      properties: { jobId: { type: 'string' }, status: { type: 'string' } },
    },
  })
  @ApiResponse(
    errorResponse(400, 'Invalid request, or Idempotency-Key missing or used for another send'),
  )
  @ApiResponse(
    errorResponse(503, 'Redis is unavailable: nothing was queued, try again with the same key'),
  )
  async enqueue(
    @Param('definition') definition: string,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Body() body: unknown,
  ) {
    if (!idempotencyKey?.trim()) {
      throw new BadRequestException(
        'The Idempotency-Key header is required: your name for this send (for example order-1234:receipt), so that a retry of this request never sends twice.',
      );
    }
    const { jobId } = await this.queue.enqueue(definition, body as TriggeredSendRequest, {
      idempotencyKey,
    });
    return { jobId, status: `/queue/jobs/${jobId}` };
  }

  @Get('jobs/failed')
  @ApiOperation({ summary: 'Failed jobs, newest first, with their reasons' })
  @ApiQuery({ name: 'start', required: false, type: Number })
  @ApiQuery({ name: 'count', required: false, type: Number, description: 'At most 100' })
  @ApiResponse({
    status: 200,
    description: 'Failed jobs',
    schema: { type: 'array', items: JOB_STATUS_SCHEMA },
  })
  listFailed(
    @Query('start', new ParseIntPipe({ optional: true })) start = 0,
    @Query('count', new ParseIntPipe({ optional: true })) count = 20,
  ): Promise<TriggeredSendJobStatus[]> {
    return this.queue.listFailed(start, count);
  }

  @Get('jobs/:jobId')
  @ApiOperation({ summary: "A queued send's status: waiting, active, sent or failed" })
  @ApiResponse({ status: 200, description: 'The status', schema: JOB_STATUS_SCHEMA })
  @ApiResponse(errorResponse(404, 'No such job (never queued, or past the window)'))
  async status(@Param('jobId') jobId: string): Promise<TriggeredSendJobStatus> {
    const status = await this.queue.getStatus(jobId);
    if (!status) throw new NotFoundException(`No job ${jobId}.`);
    return status;
  }

  @Post('jobs/:jobId/retry')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Queue a failed job again (explicit request only)',
    description:
      'A job that may have been sent needs evenIfMaybeSent=true: its recipient may get the email twice.',
  })
  @ApiQuery({ name: 'evenIfMaybeSent', required: false, type: Boolean })
  @ApiResponse(
    errorResponse(400, 'Not a failed job, or it may have been sent and evenIfMaybeSent is not set'),
  )
  async retry(
    @Param('jobId') jobId: string,
    @Query('evenIfMaybeSent', new ParseBoolPipe({ optional: true })) evenIfMaybeSent = false,
  ) {
    await this.queue.retryFailed(jobId, { evenIfMaybeSent });
    return { jobId, status: `/queue/jobs/${jobId}` };
  }
}
