import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { httpStatusForError } from './http-status-for-error.js';
import { MarketingCloudOverloadedError } from './marketing-cloud-overloaded.error.js';
import { MarketingCloudRateLimitError } from './marketing-cloud-rate-limit.error.js';
import { MarketingCloudSendError } from './marketing-cloud-send.error.js';
import { MarketingCloudValidationError } from './marketing-cloud-validation.error.js';
import { MarketingCloudError } from './marketing-cloud.error.js';

/** Sent as `Retry-After` when Marketing Cloud throttled without saying for how long (50200). */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/** Sent as `Retry-After` when the module's own wait queue was full or the wait too long. */
export const OVERLOADED_RETRY_AFTER_SECONDS = 1;

/** The JSON body the filter answers with. */
export interface MarketingCloudErrorResponse {
  statusCode: number;
  /** The error class, e.g. `MarketingCloudNoValidSubscribersError`. */
  error: string;
  message: string;
  /**
   * True when Marketing Cloud certainly did not act on the call and it may succeed later: making
   * the same call again cannot send twice.
   */
  retryable: boolean;
  /**
   * True when the request may have reached Marketing Cloud and been acted on (or certainly was):
   * do not send it again blindly; check the delivery record first. Always with `retryable: false`
   * and status 500 (a status meshes and clients do not retry by default).
   */
  maybeSent: boolean;
  /** Marketing Cloud's code (`errorcode` or `messageErrorCode`), or null. */
  errorCode: number | null;
  requestId?: string;
  recipientSendId?: string;
  /** Seconds to wait before trying again (throttled or overloaded, 503), as in the `Retry-After` header. */
  retryAfter?: number;
  /** Each field that failed validation (400 only). */
  violations?: readonly { path: string; rule: string; message: string }[];
}

/**
 * Turns MarketingCloudErrors into HTTP answers for the app's own caller: validation 400, not found
 * 404, refused recipient 422, throttled or overloaded 503 with Retry-After, aborted before sending
 * 503, timeout of a read 504, anything else upstream 502 (upstream authentication problems too: the
 * app's caller is not the one unauthenticated). A call that may have been sent is always 500, with
 * `maybeSent: true, retryable: false`: no status that invites a blind retry.
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
      retryable: error.retryable,
      maybeSent: error.maybeSent,
      errorCode: error.errorCode ?? null,
      ...(error.requestId && { requestId: error.requestId }),
      ...(error instanceof MarketingCloudSendError &&
        error.recipientSendId && { recipientSendId: error.recipientSendId }),
      ...(error instanceof MarketingCloudValidationError && { violations: error.violations }),
    };
    if (
      error instanceof MarketingCloudRateLimitError ||
      error instanceof MarketingCloudOverloadedError
    ) {
      const fallback =
        error instanceof MarketingCloudRateLimitError
          ? DEFAULT_RETRY_AFTER_SECONDS
          : OVERLOADED_RETRY_AFTER_SECONDS;
      body.retryAfter = Math.ceil(error.retryAfterSeconds ?? fallback);
      httpAdapter.setHeader(response, 'Retry-After', String(body.retryAfter));
    }
    if (statusCode >= 500) this.logger.warn(`${error.name}: ${error.message}`);
    httpAdapter.reply(response, body, statusCode);
  }
}
