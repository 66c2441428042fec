export interface MarketingCloudErrorDetails {
  /** Marketing Cloud's own code: a REST `errorcode`, a send's `messageErrorCode`, or 0 when it gave none. */
  errorCode?: number;
  /** The HTTP status Marketing Cloud answered with, when it answered. */
  upstreamStatus?: number;
  /** The send's `requestId`, when Marketing Cloud gave one. */
  requestId?: string;
  /**
   * True when Marketing Cloud certainly did not act on the call and it may succeed later, so making
   * it again cannot send an email twice. False for ambiguous failures (a timeout after the request
   * was written) and for failures that need a person.
   */
  retryable?: boolean;
  /**
   * True when the request may have reached Marketing Cloud and been acted on, and we cannot know
   * (a timeout, a reset or a 5xx after a send was written; an abort after it left), or when it
   * certainly was (an accepted send whose answer could not be read). Never retried by the module;
   * check the delivery record or your own records before sending again. False when nothing was
   * sent or Marketing Cloud answered no. Reads (GET) are never "maybe sent": they change nothing.
   */
  maybeSent?: boolean;
  /** Seconds Marketing Cloud asked to wait before calling again (`Retry-After`, or the body's `retryAfter`). */
  retryAfterSeconds?: number | undefined;
  /** The underlying failure. Never an axios error: those carry the Authorization header. */
  cause?: unknown;
}

/**
 * The base of every error this library throws. It extends `Error`, not Nest's `HttpException`:
 * a client library does not choose an app's HTTP status; `MarketingCloudExceptionFilter` does.
 * No instance ever holds an access token, a client secret or an Authorization header.
 */
export class MarketingCloudError extends Error {
  readonly errorCode: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly requestId: string | undefined;
  readonly retryable: boolean;
  readonly maybeSent: boolean;
  readonly retryAfterSeconds: number | undefined;

  constructor(message: string, details: MarketingCloudErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.errorCode = details.errorCode;
    this.upstreamStatus = details.upstreamStatus;
    this.requestId = details.requestId;
    this.retryable = details.retryable ?? false;
    this.maybeSent = details.maybeSent ?? false;
    this.retryAfterSeconds = details.retryAfterSeconds;
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      message: this.message,
      errorCode: this.errorCode,
      upstreamStatus: this.upstreamStatus,
      requestId: this.requestId,
      retryable: this.retryable,
      maybeSent: this.maybeSent,
      retryAfterSeconds: this.retryAfterSeconds,
    };
  }
}
