import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpStatusForError } from './http-status-for-error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudSendError } from './marketing-cloud-send.error.js';
import { MarketingCloudValidationError } from './marketing-cloud-validation.error.js';
import { MarketingCloudError } from './marketing-cloud.error.js';

/** Sent as `Retry-After` when Marketing Cloud throttled without saying for how long (50200). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** The JSON body the filter answers with. */
export interface MarketingCloudErrorResponse {
  statusCode: number;
  /** The error class, e.g. `MarketingCloudNoValidSubscribersError`. */
  error: string;
  message: string;
  /** Marketing Cloud's code (`errorcode` or `messageErrorCode`), or null. */
  errorCode: number | null;
  requestId?: string;
  recipientSendId?: string;
  /** Seconds to wait before trying again (503 only), as in the `Retry-After` header. */
  retryAfter?: number;
  /** Each field that failed validation (400 only). */
  violations?: readonly { path: string; rule: string; message: string }[];
}

/**
 * Turns MarketingCloudErrors into HTTP answers for the app's own caller: validation 400, not found
 * 404, refused recipient 422, throttled 503 with Retry-After, timeout 504, anything else upstream
 * 502 (upstream authentication problems too: the app's caller is not the one unauthenticated).
 * Nest's own HttpExceptions are left alone. Register it with `{ provide: APP_FILTER, useClass:
 * MarketingCloudExceptionFilter }` or `app.useGlobalFilters(new MarketingCloudExceptionFilter(app.get(HttpAdapterHost)))`.
 */
@Catch(MarketingCloudError)
export class MarketingCloudExceptionFilter implements ExceptionFilter<MarketingCloudError> {
  private readonly logger = new Logger('MarketingCloud');

  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(error: MarketingCloudError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const { httpAdapter } = this.adapterHost;
    const response: unknown = host.switchToHttp().getResponse();
    const statusCode = httpStatusForError(error);
    const body: MarketingCloudErrorResponse = {
      statusCode,
      error: error.name,
      message: error.message,
      errorCode: error.errorCode ?? null,
      ...(error.requestId && { requestId: error.requestId }),
      ...(error instanceof MarketingCloudSendError &&
        error.recipientSendId && { recipientSendId: error.recipientSendId }),
      ...(error instanceof MarketingCloudValidationError && { violations: error.violations }),
    };
    if (error instanceof MarketingCloudRateLimitError) {
      body.retryAfter = Math.ceil(error.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS);
      httpAdapter.setHeader(response, 'Retry-After', String(body.retryAfter));
    }
    if (statusCode >= 500) this.logger.warn(`${error.name}: ${error.message}`);
    httpAdapter.reply(response, body, statusCode);
  }
}
