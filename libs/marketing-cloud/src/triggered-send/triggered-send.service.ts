import { Inject, Injectable, Logger } from '@nestjs/common';
import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { maskEmail } from '../logging/mask-email.js';
import { MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
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
  private readonly logger = new Logger('MarketingCloud');

  constructor(
    private readonly http: MarketingCloudHttpClient,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
  ) {}

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
    const recipient = this.options.maskEmailsInLogs ? maskEmail(body.To.Address) : body.To.Address;
    const logContext = `to ${recipient} via ${definition}`;
    const answer = await this.http.request({
      method: 'POST',
      path: `${BASE_PATH}/${segment}/send`,
      body,
      what: 'send',
      idempotent: false,
      logContext,
      ...call,
    });
    const result = parseSendResponse(answer, {
      definition,
      requestType: body.Options?.RequestType ?? 'ASYNC',
    });
    this.logger.debug(`Send ${logContext} accepted: recipientSendId ${result.recipientSendId}.`);
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
    const results = await sendBatchInChunks(this.http, {
      definition,
      path: `${BASE_PATH}/${segment}/sendBatch`,
      bodies,
      call,
      batchSize: this.options.batchSize,
      parallelism: this.options.maxConcurrentRequests,
    });
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
    const answer = await this.http.request({
      method: 'GET',
      path: `${BASE_PATH}/${segment}/deliveryRecords/${id}`,
      what: 'delivery record request',
      idempotent: true,
      ...call,
    });
    return parseDeliveryRecord(answer);
  }
}
