import type { HttpService } from '@nestjs/axios';
import type { AxiosRequestConfig } from 'axios';
import { timeoutMessage } from '../errors/error-messages.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import type { HttpAnswer } from './error-from-response.js';
import { toTransportError } from './transport-error.js';

export interface ExchangeContext {
  /** What the call does, for messages. */
  readonly what: string;
  /** A hard deadline for the whole exchange, connection to last byte. */
  readonly timeoutMs: number;
  /** Whether an ambiguous failure may be retried (the call can be repeated without effect). */
  readonly idempotent: boolean;
  /** Cancels the exchange; the caller maps its own abort (the raw cancellation is rethrown). */
  readonly signal?: AbortSignal;
  /**
   * The caller's own controller, used by the exchange instead of a second one (then `signal` is
   * not needed): aborting it cancels the exchange (rethrown raw), and the deadline aborts it too
   * (a MarketingCloudTimeoutError), so the caller replaces it before it goes on.
   */
  readonly controller?: AbortController;
  /** The most bytes read from an answer, and written as a request body (axios maxContentLength / maxBodyLength). */
  readonly maxBytes: number;
}

/** The host of `url`, for messages; undefined when it is not a URL. */
function hostOf(url: string | undefined): string | undefined {
  return url !== undefined && URL.canParse(url) ? new URL(url).host : undefined;
}

/**
 * One HTTP exchange with a hard deadline. axios's own `timeout` only measures silence on the
 * socket (a server that trickles bytes never trips it), so the deadline is a timer that aborts.
 * Failures come back typed; a raw axios error never escapes (its config holds the headers).
 */
export async function exchange(
  http: HttpService,
  config: AxiosRequestConfig,
  context: ExchangeContext,
): Promise<HttpAnswer> {
  const controller = context.controller ?? new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, context.timeoutMs);
  const { signal } = context;
  const onAbort = (): void => controller.abort();
  if (signal !== undefined && signal !== controller.signal) {
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) controller.abort();
  }
  // The caller's config object, completed rather than copied (each call builds its own).
  config.signal = controller.signal;
  config.maxContentLength = context.maxBytes;
  config.maxBodyLength = context.maxBytes;
  try {
    // The axios instance directly: HttpService's Observable wrapper builds an AxiosError (stack trace
    // included) to cancel every request that has already completed, a measured 20-30% of our CPU
    // per send. Cancellation stays with `signal`.
    const response = await http.axiosRef.request(config);
    return {
      status: response.status,
      headers: response.headers as Record<string, unknown>,
      data: response.data,
    };
  } catch (error) {
    if (timedOut) {
      throw new MarketingCloudTimeoutError(timeoutMessage(context.what, context.timeoutMs), {
        retryable: context.idempotent,
        maybeSent: !context.idempotent,
      });
    }
    if (controller.signal.aborted) throw error;
    throw toTransportError(error, { ...context, host: hostOf(config.url) });
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}
