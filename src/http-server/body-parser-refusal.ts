import type { MarketingCloudErrorResponse } from 'nestjs-marketing-cloud';

/** What body-parser (through Express) attaches to the errors it raises. */
interface BodyParserError {
  readonly type: string;
  readonly message: string;
  readonly limit?: number;
  readonly charset?: string;
  readonly encoding?: string;
}

function isBodyParserError(value: unknown): value is BodyParserError {
  return (
    value instanceof Error &&
    typeof (value as { type?: unknown }).type === 'string' &&
    typeof (value as { status?: unknown }).status === 'number'
  );
}

/** A parser's own text, bounded: V8's JSON messages quote a few characters of the input. */
const bounded = (text: string): string => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

function refusal(
  statusCode: number,
  error: string,
  path: string,
  rule: string,
  violation: string,
  detail?: string,
): MarketingCloudErrorResponse {
  return {
    statusCode,
    error,
    message: `Invalid request: ${violation}${detail ? ` (${detail})` : ''}.`,
    // Refused before anything was sent: the same body would be refused again.
    retryable: false,
    maybeSent: false,
    errorCode: null,
    violations: [{ path, rule, message: violation }],
  };
}

/**
 * The answer for an error of the body parser, in the shape of every other refusal of the app
 * (MarketingCloudExceptionFilter's), naming the field: `request` for the body, or the header at
 * fault. Undefined for anything else.
 */
export function bodyParserRefusal(cause: unknown): MarketingCloudErrorResponse | undefined {
  if (!isBodyParserError(cause)) return undefined;
  switch (cause.type) {
    case 'entity.parse.failed':
      return refusal(
        400,
        'InvalidJsonError',
        'request',
        'isJson',
        'request must be valid JSON',
        bounded(cause.message),
      );
    case 'request.size.invalid':
      return refusal(
        400,
        'InvalidJsonError',
        'request',
        'contentLength',
        'request must be as long as its Content-Length says',
      );
    case 'entity.too.large':
      return refusal(
        413,
        'PayloadTooLargeError',
        'request',
        'maxBytes',
        `request must be at most ${cause.limit} bytes`,
      );
    case 'charset.unsupported':
      return refusal(
        415,
        'UnsupportedMediaTypeError',
        'Content-Type',
        'charset',
        'Content-Type charset must be utf-8 (or another utf-* charset)',
        `got ${JSON.stringify(bounded(cause.charset ?? ''))}`,
      );
    case 'encoding.unsupported':
      return refusal(
        415,
        'UnsupportedMediaTypeError',
        'Content-Encoding',
        'contentEncoding',
        'Content-Encoding must be gzip, deflate, br or identity',
        `got ${JSON.stringify(bounded(cause.encoding ?? ''))}`,
      );
    default:
      return undefined;
  }
}
