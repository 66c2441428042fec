import { Inject, Injectable, Logger } from '@nestjs/common';
import { loggerContextOf } from '../logging/logger-context.js';
import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { maskEmail } from '../logging/mask-email.js';
import { MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { NO_TELEMETRY, type MarketingCloudTelemetry } from '../telemetry/telemetry.port.js';
import type { DeliveryRecord } from './delivery-record.js';
import { parseDeliveryRecord } from './parse-delivery-record.js';
import { parseSendResponse } from './parse-send-response.js';
import { sendBatchInChunks } from './send-batch.js';
import type { TriggeredSendBatchResult } from './send-batch-result.js';
import { definitionPathSegment, recipientSendIdPathSegment } from './triggered-send-definition.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import type { MarketingCloudCallOptions, TriggeredSendResult } from './triggered-send-result.js';
import { validateAll, validateCallOptions } from './validate-call.js';
import { validateSendBatch } from './validate-send-batch.js';
import { validateSendRequest } from './validate-send-request.js';

const BASE_PATH = 'messaging/v1/messageDefinitionSends';

/**
 * Triggered sends through `POST /messaging/v1/messageDefinitionSends/{id | key:CustomerKey}/send`
 * and their delivery records. Every request is validated here, so programmatic calls are checked
 * as strictly as HTTP ones, and nothing invalid reaches Marketing Cloud.
 */
@Injectable()
export class TriggeredSendService {
  private readonly logger: Logger;

  constructor(
    private readonly http: MarketingCloudHttpClient,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
    private readonly telemetry: MarketingCloudTelemetry = NO_TELEMETRY,
  ) {
    this.logger = new Logger(loggerContextOf(options));
  }

  /**
   * Sends one email. `definition` is `key:{CustomerKey}` or the definition's ObjectID (see
   * `TriggeredSendDefinition`). Resolves when Marketing Cloud accepted it; rejects with a
   * MarketingCloudError subclass otherwise (MarketingCloudValidationError before any request).
   */
  async send(
    definition: string,
    request: TriggeredSendRequest,
    options: MarketingCloudCallOptions = {},
  ): Promise<TriggeredSendResult> {
    const [segment, body, call] = validateAll(
      'send request',
      () => definitionPathSegment(definition),
      () => validateSendRequest(request),
      () => validateCallOptions(options),
    );
    // Built only when a line is written (see LogContext).
    const logContext = (): string =>
      `to ${this.options.maskEmailsInLogs ? maskEmail(body.To.Address) : body.To.Address} via ${definition}`;
    const requestType = body.Options?.RequestType ?? 'ASYNC';
    const result = await this.telemetry.operation(
      { operation: 'send', definition, requestType },
      async (observer) => {
        const answer = await this.http.request({
          method: 'POST',
          path: `${BASE_PATH}/${segment}/send`,
          body,
          what: 'send',
          idempotent: false,
          logContext,
          observer,
          ...call,
        });
        return parseSendResponse(answer, { definition, requestType });
      },
    );
    if (Logger.isLevelEnabled('debug')) {
      this.logger.debug(
        `Send ${logContext()} accepted: recipientSendId ${result.recipientSendId}.`,
      );
    }
    return result;
  }

  /**
   * Sends many emails through `POST …/{id | key:CustomerKey}/sendBatch`, `batchSize` (module
   * option, default 50) per request. Every request is validated first: one bad element rejects the
   * call with a MarketingCloudValidationError naming it (`[3].To.Address`) and nothing is sent.
   * Resolves to one result per request, in input order: `accepted` with its result, or `failed`
   * with its typed error (see TriggeredSendBatchFailed for what may be sent again). At most
   * MAX_SEND_BATCH_REQUESTS requests per call.
   */
  async sendBatch(
    definition: string,
    requests: readonly TriggeredSendRequest[],
    options: MarketingCloudCallOptions = {},
  ): Promise<TriggeredSendBatchResult[]> {
    const [segment, bodies, call] = validateAll(
      'batch send request',
      () => definitionPathSegment(definition),
      () => validateSendBatch(requests),
      () => validateCallOptions(options),
    );
    const results = await sendBatchInChunks(
      this.http,
      {
        definition,
        path: `${BASE_PATH}/${segment}/sendBatch`,
        bodies,
        call,
        batchSize: this.options.batchSize,
        maxBodyBytes: this.options.maxResponseBytes,
        parallelism: this.options.maxConcurrentRequests,
      },
      this.telemetry,
    );
    const accepted = results.filter((result) => result.status === 'accepted').length;
    this.logger.debug(
      `Batch send of ${results.length} via ${definition}: ${accepted} accepted, ${results.length - accepted} failed.`,
    );
    return results;
  }

  /** The delivery status of one send: Queued, Sent (time and recipient) or Error (reasons). */
  async getDeliveryRecord(
    definition: string,
    recipientSendId: string,
    options: MarketingCloudCallOptions = {},
  ): Promise<DeliveryRecord> {
    const [segment, id, call] = validateAll(
      'delivery record request',
      () => definitionPathSegment(definition),
      () => recipientSendIdPathSegment(recipientSendId),
      () => validateCallOptions(options),
    );
    return this.telemetry.operation(
      { operation: 'delivery_record.read', definition },
      async (observer) => {
        const answer = await this.http.request({
          method: 'GET',
          path: `${BASE_PATH}/${segment}/deliveryRecords/${id}`,
          what: 'delivery record request',
          idempotent: true,
          observer,
          ...call,
        });
        return parseDeliveryRecord(answer);
      },
    );
  }
}
