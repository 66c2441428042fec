import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  MarketingCloudSendError,
  TriggeredSendService,
  type DeliveryRecord,
  type TriggeredSendBatchResult,
  type TriggeredSendRequest,
} from 'nestjs-marketing-cloud';
import { DOCUMENTED_ACCEPTED_RESPONSE, DOCUMENTED_SEND_EXAMPLES } from './documented-examples.js';
import {
  DELIVERY_RECORD_SCHEMA,
  ERROR_RESPONSE_SCHEMA,
  SEND_ACCEPTED_SCHEMA,
  SEND_BATCH_REQUEST_SCHEMA,
  SEND_BATCH_RESULT_SCHEMA,
  SEND_REQUEST_SCHEMA,
} from './openapi-schemas.js';

const DEFINITION_PARAM = {
  name: 'definition',
  description: 'key:{CustomerKey} or the definition ObjectID (GUID)',
  examples: {
    key: { value: 'key:external_key' },
    objectId: { value: 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc' },
  },
};
const errorResponse = (status: number, description: string) => ({
  status,
  description,
  schema: ERROR_RESPONSE_SCHEMA,
});

/**
 * The Marketing Cloud routes, mirrored: Salesforce's documented requests work verbatim against
 * this app, which sends them through TriggeredSendService.
 */
@ApiTags('messageDefinitionSends')
@Controller('messaging/v1/messageDefinitionSends')
export class MessageDefinitionSendsController {
  constructor(private readonly triggeredSends: TriggeredSendService) {}

  /**
   * The body is taken raw: TriggeredSendService validates it once, from the raw JSON, which also
   * catches keys (`__proto__`, `constructor`) that a class transform would drop silently.
   */
  @Post(':definition/send')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a triggered email' })
  @ApiParam(DEFINITION_PARAM)
  @ApiBody({ schema: SEND_REQUEST_SCHEMA, examples: DOCUMENTED_SEND_EXAMPLES })
  @ApiResponse({
    status: 202,
    description: 'Queued',
    schema: SEND_ACCEPTED_SCHEMA,
    example: DOCUMENTED_ACCEPTED_RESPONSE,
  })
  @ApiResponse(errorResponse(400, 'The request failed validation (every field and rule listed)'))
  @ApiResponse(errorResponse(413, 'The body is larger than 2 MB'))
  @ApiResponse(
    errorResponse(
      415,
      'The body is not JSON in a utf-* charset (or has an unsupported Content-Encoding)',
    ),
  )
  @ApiResponse(errorResponse(404, 'Unknown definition'))
  @ApiResponse(errorResponse(422, 'Marketing Cloud refused the recipient'))
  @ApiResponse(
    errorResponse(
      500,
      'The send may have been acted on (timeout, reset or 5xx after it was written): maybeSent true, retryable false; check before sending again',
    ),
  )
  @ApiResponse(errorResponse(502, 'Marketing Cloud failed or refused the credentials'))
  @ApiResponse(
    errorResponse(
      503,
      'Not sent, retryable: Marketing Cloud throttled the send, or the module is overloaded or shutting down (see Retry-After)',
    ),
  )
  async send(@Param('definition') definition: string, @Body() body: unknown) {
    const result = await this.triggeredSends.send(definition, body as TriggeredSendRequest);
    return {
      requestId: result.requestId,
      responses: [
        { recipientSendId: result.recipientSendId, hasErrors: false, messages: result.messages },
      ],
    };
  }

  /**
   * Marketing Cloud's batch form: an array of send bodies, sent in chunks by
   * TriggeredSendService.sendBatch. 202 with one entry per element, in order; a bad element fails
   * the whole request with a 400 naming its index (`[3].To.Address`), and nothing is sent.
   */
  @Post(':definition/sendBatch')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send triggered emails to many recipients' })
  @ApiParam(DEFINITION_PARAM)
  @ApiBody({ schema: SEND_BATCH_REQUEST_SCHEMA })
  @ApiResponse({
    status: 202,
    description: 'One entry per request, in order: accepted or failed',
    schema: SEND_BATCH_RESULT_SCHEMA,
  })
  @ApiResponse(errorResponse(400, 'An element failed validation (its index and every rule listed)'))
  async sendBatch(@Param('definition') definition: string, @Body() body: unknown) {
    const results = await this.triggeredSends.sendBatch(definition, body as TriggeredSendRequest[]);
    return { responses: results.map(batchEntry) };
  }

  @Get(':definition/deliveryRecords/:recipientSendId')
  @ApiOperation({ summary: 'Get the delivery status of one send' })
  @ApiParam(DEFINITION_PARAM)
  @ApiParam({ name: 'recipientSendId', description: 'The recipientSendId a send returned' })
  @ApiResponse({
    status: 200,
    description: 'Queued, Sent or Error',
    schema: DELIVERY_RECORD_SCHEMA,
  })
  @ApiResponse(errorResponse(404, 'Unknown definition or recipientSendId'))
  async deliveryRecord(
    @Param('definition') definition: string,
    @Param('recipientSendId') recipientSendId: string,
  ): Promise<unknown> {
    const record: DeliveryRecord = await this.triggeredSends.getDeliveryRecord(
      definition,
      recipientSendId,
    );
    // Answer in Marketing Cloud's own shape; a status it does not document is passed on as it came.
    if (record.status === 'Other') return record.raw;
    return record;
  }
}

/** One sendBatch result in Marketing Cloud's entry shape, with what the caller needs to retry safely. */
function batchEntry(result: TriggeredSendBatchResult) {
  if (result.status === 'accepted') {
    const { requestId, recipientSendId, messages } = result.result;
    return { requestId, recipientSendId, hasErrors: false, messages };
  }
  const { error } = result;
  const refusal = error instanceof MarketingCloudSendError ? error : undefined;
  return {
    ...(error.requestId !== undefined && { requestId: error.requestId }),
    recipientSendId: refusal?.recipientSendId ?? '',
    hasErrors: true,
    messageErrors: [
      {
        messageErrorCode: error.errorCode ?? null,
        messageErrorStatus: refusal?.messageErrorStatus ?? error.message,
      },
    ],
    error: error.name,
    retryable: error.retryable,
  };
}
