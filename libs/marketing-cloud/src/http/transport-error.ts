import { isAxiosError } from 'axios';
import {
  requestTooLargeMessage,
  responseTooLargeMessage,
  transportFailureMessage,
  timeoutMessage,
} from '../errors/error-messages.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudResponseTooLargeError } from '../errors/marketing-cloud-response-too-large.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';

/**
 * Failures where the connection never carried the request, so Marketing Cloud cannot have acted on
 * it: a failed DNS lookup, or a connect() that failed. An unreachable host on a socket already in
 * use (a write after the request left) is not among them.
 */
const NOT_SENT_SYSCALLS = new Set(['connect', 'getaddrinfo']);
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function neverSent(code: string | undefined, syscall: string | undefined): boolean {
  return (
    (code !== undefined && NOT_SENT_CODES.has(code)) ||
    (syscall !== undefined && NOT_SENT_SYSCALLS.has(syscall))
  );
}

const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED']);

/** A copy of the failure that keeps its code and message but none of axios's config (which holds the headers). */
function sanitizedCause(
  code: string | undefined,
  syscall: string | undefined,
  message: string,
): Error {
  const cause = new Error(message);
  if (code) Object.assign(cause, { code });
  if (syscall) Object.assign(cause, { syscall });
  return cause;
}

export interface TransportErrorContext {
  /** What was being done, for the message ("token request", "send"). */
  what: string;
  timeoutMs: number;
  /** Whether a failure after the request was written may be retried (true only for idempotent calls). */
  idempotent: boolean;
  /** The host called, for messages (a DNS failure names it). */
  host?: string;
  /** The response size limit (axios maxContentLength / maxBodyLength), for messages. */
  maxBytes?: number;
}

/** The status line of an answer whose body axios stopped reading (it keeps the request, not the response). */
function statusOfCutAnswer(error: unknown): number | undefined {
  const status = (error as { request?: { res?: { statusCode?: unknown } } }).request?.res
    ?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/**
 * Turns an axios transport failure (no HTTP answer) into a typed error. Raw axios errors are never
 * rethrown: their config holds the Authorization header and the token request's client secret.
 */
export function toTransportError(
  error: unknown,
  context: TransportErrorContext,
): MarketingCloudError {
  if (error instanceof MarketingCloudError) return error;
  const code = isAxiosError(error) ? error.code : (error as { code?: string } | null)?.code;
  // axios keeps the system error (with its syscall) as `cause`.
  const system = (isAxiosError(error) ? error.cause : error) as { syscall?: unknown } | undefined;
  const syscall = typeof system?.syscall === 'string' ? system.syscall : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const cause = sanitizedCause(code, syscall, message);
  // Written, unanswered or half-answered: Marketing Cloud may have acted, unless the call changes nothing.
  const maybeSent = !context.idempotent;
  if (code === 'ERR_CANCELED') {
    return new MarketingCloudAbortedError(`The ${context.what} was aborted.`, { cause });
  }
  const maxBytes = context.maxBytes ?? -1;
  if (isAxiosError(error) && message.startsWith('maxContentLength')) {
    const status = statusOfCutAnswer(error);
    return new MarketingCloudResponseTooLargeError(
      responseTooLargeMessage(context.what, maxBytes, status, maybeSent),
      { cause, upstreamStatus: status, retryable: context.idempotent, maybeSent },
    );
  }
  if (isAxiosError(error) && message.startsWith('Request body larger than maxBodyLength')) {
    return new MarketingCloudRequestError(requestTooLargeMessage(context.what, maxBytes), {
      cause,
    });
  }
  if (code !== undefined && TIMEOUT_CODES.has(code)) {
    return new MarketingCloudTimeoutError(timeoutMessage(context.what, context.timeoutMs), {
      cause,
      retryable: context.idempotent,
      maybeSent,
    });
  }
  const notSent = neverSent(code, syscall);
  return new MarketingCloudUnavailableError(
    transportFailureMessage(context.what, code, context.host),
    { cause, retryable: context.idempotent || notSent, maybeSent: maybeSent && !notSent },
  );
}
