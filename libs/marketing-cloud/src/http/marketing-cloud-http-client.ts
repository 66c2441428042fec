import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { AccessTokenManager } from '../auth/access-token-manager.js';
import type { AccessToken } from '../auth/access-token.js';
import {
  abortedMessage,
  maybeSentThenFailedMessage,
  queueFullMessage,
  repeatedUnauthorizedMessage,
  retryQueueFullMessage,
  retryingMessage,
  waitTimeoutMessage,
} from '../errors/error-messages.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudOverloadedError } from '../errors/marketing-cloud-overloaded.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { sanitizeUpstreamText } from '../errors/upstream-text.js';
import { logContextText, type LogContext } from '../logging/log-context.js';
import { loggerContextOf } from '../logging/logger-context.js';
import { MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import {
  NO_CALL_OBSERVER,
  NO_TELEMETRY,
  type CallObserver,
  type MarketingCloudTelemetry,
} from '../telemetry/telemetry.port.js';
import { onAbort } from './abort-fan-out.js';
import { ConcurrencyLimiter, SlotRefused } from './concurrency-limiter.js';
import type { MarketingCloudHttp } from './create-http-service.js';
import { errorFromResponse, type HttpAnswer } from './error-from-response.js';
import { exchange } from './exchange.js';
import { parseRestErrorBody } from './rest-error-body.js';
import { retryDelayMs } from './retry-policy.js';

export interface MarketingCloudRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the tenant's REST base URL, already percent-encoded, without a leading slash. */
  path: string;
  body?: unknown;
  /** What the call does, for messages ("send", "delivery record request"). */
  what: string;
  /** Whether the call can be repeated without effect (GET): then ambiguous failures are retried too. */
  idempotent: boolean;
  /**
   * Says which call this is in log lines (e.g. the masked recipient). Never put in errors. A
   * function is called only when a line is written.
   */
  logContext?: LogContext;
  /**
   * Overrides the module's `requestTimeoutMs` for this call: the most it waits for a slot, and then
   * the hard deadline of each attempt's HTTP exchange.
   */
  timeoutMs?: number;
  /** Aborts the call, waiting or in flight. Any number of calls may share one signal. */
  signal?: AbortSignal;
  /** Receives the call's retries, 401s and answers for the operation's telemetry (set by TriggeredSendService). */
  observer?: CallObserver;
  /** `false`: one attempt only, whatever the retry policy (the caller retries on its own). Default true. */
  retry?: boolean;
}

/**
 * A 401 is answered before Marketing Cloud acts, so asking again is safe; this bounds how often one
 * attempt does it (a token store that kept handing out dead tokens must not loop forever).
 */
const MAX_REAUTHENTICATIONS = 3;

/** Thrown inside one call when its signal fires; `sent` says whether the request had left. */
class CallAborted extends Error {
  constructor(readonly sent: boolean) {
    super('aborted');
  }
}

/**
 * One call in progress. `onWire` is true while an HTTP exchange of it is under way. Its controller
 * is the one of the attempt too (the caller's signal and shutdown abort it, and so does the
 * attempt's deadline): after a deadline, a call that goes on gets a fresh one.
 */
interface Call {
  controller: AbortController;
  onWire: boolean;
}

/** `promise`, unless `signal` fires first. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CallAborted(false));
  return new Promise<T>((resolve, reject) => {
    const onSignal = (): void => reject(new CallAborted(false));
    signal.addEventListener('abort', onSignal, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onSignal));
  });
}

/**
 * The one place that calls Marketing Cloud's REST API: tenant base URL, Authorization header, a hard
 * deadline per attempt, the concurrency limit and its bounded wait queue, the retry policy, and the
 * 401 rule. Answers below 300 are returned; every other outcome is a typed MarketingCloudError with
 * no secret in it.
 *
 * Order of one attempt: wait for a slot, THEN take the token (a token taken before a long wait may
 * have died meanwhile), then the exchange. On a 401 the token is dropped (compare-and-swap: a newer
 * one stays) and the call goes again with a fresh one; only a 401 to a token requested after the
 * first 401 fails, as retryable (Marketing Cloud did not act).
 *
 * On shutdown, calls not on the wire (waiting for a slot, a token or a retry) fail at once as not
 * sent; calls on the wire get the grace period, then are aborted as "may have been sent".
 */
@Injectable()
export class MarketingCloudHttpClient implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger: Logger;
  private readonly limiter: ConcurrencyLimiter;
  /** The calls in progress, each with its own controller (shutdown aborts them). */
  private readonly calls = new Set<Call>();
  private closing = false;
  private onIdle: (() => void) | undefined;
  private readonly stopObservingWaiting: () => void;

  constructor(
    @Inject(MARKETING_CLOUD_HTTP) private readonly http: MarketingCloudHttp,
    private readonly tokens: AccessTokenManager,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
    telemetry: MarketingCloudTelemetry = NO_TELEMETRY,
  ) {
    this.logger = new Logger(loggerContextOf(options));
    this.limiter = new ConcurrencyLimiter(options.maxConcurrentRequests, options.maxQueuedRequests);
    this.stopObservingWaiting = telemetry.observeWaitingCalls(() => this.limiter.waitingCount);
  }

  /** Calls in progress: waiting for a slot, a token or a retry, or on the wire. For metrics and tests. */
  get callsInProgress(): number {
    return this.calls.size;
  }

  async request(request: MarketingCloudRequest): Promise<HttpAnswer> {
    if (request.path.startsWith('/')) {
      throw new TypeError(
        'MarketingCloudHttpClient paths are relative to the REST base URL: drop the leading slash.',
      );
    }
    if (this.closing) throw this.aborted(request, false);
    const call: Call = { controller: new AbortController(), onWire: false };
    // One listener per caller signal however many calls share it (see abort-fan-out.ts).
    const stopListening = request.signal
      ? onAbort(request.signal, () => call.controller.abort())
      : undefined;
    this.calls.add(call);
    // The first attempt that may have been acted on (an ambiguous failure, retried on request).
    let ambiguous: MarketingCloudError | undefined;
    const observer = request.observer ?? NO_CALL_OBSERVER;
    const policy =
      request.retry === false ? { ...this.options.retry, maxAttempts: 1 } : this.options.retry;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.attempt(request, call, observer);
        } catch (error) {
          const maybeSent = ambiguous !== undefined;
          if (error instanceof CallAborted) throw this.aborted(request, error.sent || maybeSent);
          observer.attemptFailed(error);
          const delay = retryDelayMs(error, attempt, request.idempotent, policy);
          if (delay === undefined) throw this.finalError(request, error, ambiguous);
          const failure = error as MarketingCloudError;
          if (failure.maybeSent) ambiguous ??= failure;
          if (this.closing) throw this.aborted(request, ambiguous !== undefined);
          if (call.controller.signal.aborted) {
            // The attempt's deadline aborted the call's controller. A caller abort that came after
            // it fell on the aborted controller: it is read from the caller's signal.
            if (request.signal?.aborted) throw this.aborted(request, ambiguous !== undefined);
            call.controller = new AbortController();
          }
          // A sleeping call is a waiting call: it counts against maxQueuedRequests.
          const unpark = this.limiter.park();
          if (unpark === undefined) {
            const refusal = new MarketingCloudOverloadedError(
              retryQueueFullMessage(request.what, this.options.maxQueuedRequests),
              { cause: failure },
            );
            throw this.finalError(request, refusal, ambiguous);
          }
          this.logger.warn(
            retryingMessage(
              request.what,
              logContextText(request.logContext),
              failure.name,
              attempt + 1,
              policy.maxAttempts,
              delay,
            ),
          );
          observer.retrying(failure, delay);
          await sleep(delay, undefined, { signal: call.controller.signal })
            .catch(() => {
              throw this.aborted(request, ambiguous !== undefined);
            })
            .finally(unpark);
        }
      }
    } finally {
      stopListening?.();
      this.calls.delete(call);
      if (this.calls.size === 0) this.onIdle?.();
    }
  }

  /**
   * Shutdown: calls not on the wire fail now (not sent, retryable); calls on the wire get
   * `shutdownGracePeriodMs` to finish, then are aborted.
   */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    for (const call of this.calls) if (!call.onWire) call.controller.abort();
    if (this.calls.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.onIdle = resolve)),
        new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, this.options.shutdownGracePeriodMs)),
        ),
      ]);
      clearTimeout(timer);
    }
    for (const call of this.calls) call.controller.abort();
  }

  /** Closes the pooled connections, so nothing keeps the process alive. */
  onApplicationShutdown(): void {
    this.stopObservingWaiting();
    this.http.close();
  }

  private async attempt(
    request: MarketingCloudRequest,
    call: Call,
    observer: CallObserver,
  ): Promise<HttpAnswer> {
    // A free slot is taken synchronously; only a call that must wait pays for a promise.
    if (!this.limiter.tryAcquire()) await this.acquireSlot(request, call.controller.signal);
    try {
      // When the first 401 came: a 401 to a token requested after it is a real refusal.
      let firstRefusalAt: number | undefined;
      for (let reauthentication = 0; ; reauthentication += 1) {
        // A cached valid token is taken synchronously; only a cold or expired cache waits.
        const token =
          this.tokens.validToken() ??
          (await unlessAborted(this.tokens.getAccessToken(), call.controller.signal));
        const answer = await this.exchangeWith(token, request, call);
        observer.answered(answer.status);
        if (answer.status !== 401) {
          const secrets = (): string[] => [
            this.options.clientSecret.reveal(),
            token.valueForScrubbing,
          ];
          if (answer.status >= 300) throw errorFromResponse(answer, request, secrets());
          return { ...answer, scrubUpstreamText: (text) => sanitizeUpstreamText(text, secrets()) };
        }
        // Marketing Cloud refused the token and did not act on the call: dropping the token and
        // calling again cannot send twice.
        this.tokens.invalidate(token);
        const refusedForGood = firstRefusalAt !== undefined && token.requestedAt >= firstRefusalAt;
        if (refusedForGood || reauthentication + 1 >= MAX_REAUTHENTICATIONS) {
          throw new MarketingCloudAuthenticationError(repeatedUnauthorizedMessage(request.what), {
            upstreamStatus: 401,
            errorCode: parseRestErrorBody(answer.data).errorCode,
            retryable: true,
          });
        }
        firstRefusalAt ??= this.options.clock.now(); // the clock token.requestedAt is read on
        observer.reauthenticated();
      }
    } finally {
      this.limiter.release();
    }
  }

  /** Waits for a slot within the call's timeout; a refusal means nothing was sent. */
  private async acquireSlot(request: MarketingCloudRequest, signal: AbortSignal): Promise<void> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    try {
      await this.limiter.acquire(signal, timeoutMs);
    } catch (error) {
      const reason = error instanceof SlotRefused ? error.reason : 'aborted';
      if (reason === 'queue-full') {
        throw new MarketingCloudOverloadedError(
          queueFullMessage(request.what, this.options.maxQueuedRequests),
        );
      }
      if (reason === 'wait-timeout') {
        throw new MarketingCloudOverloadedError(waitTimeoutMessage(request.what, timeoutMs));
      }
      throw new CallAborted(false);
    }
  }

  /** One HTTP exchange with `token`; the call counts as on the wire while it lasts. */
  private async exchangeWith(
    token: AccessToken,
    request: MarketingCloudRequest,
    call: Call,
  ): Promise<HttpAnswer> {
    const { controller } = call;
    const { signal } = controller;
    // Shutdown began, or the caller gave up, while this call waited for its token: do not start.
    if (this.closing || signal.aborted) throw new CallAborted(false);
    call.onWire = true;
    try {
      return await exchange(
        this.http.service,
        {
          method: request.method,
          url: `${token.restBaseUrl}${request.path}`,
          data: request.body,
          headers: {
            authorization: token.authorizationHeader,
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
          },
        },
        {
          what: request.what,
          timeoutMs: request.timeoutMs ?? this.options.requestTimeoutMs,
          idempotent: request.idempotent,
          // The call's controller is the exchange's: no second controller and listener per attempt.
          controller,
          maxBytes: this.options.maxResponseBytes,
        },
      );
    } catch (error) {
      // Aborted, unless by the attempt's own deadline (a timeout, which the retry rule judges).
      if (signal.aborted && !(error instanceof MarketingCloudTimeoutError)) {
        throw new CallAborted(true);
      }
      throw error;
    } finally {
      call.onWire = false;
    }
  }

  /**
   * The error a call ends with. When an earlier attempt may have been acted on, a later failure
   * that says "not sent" (a 503, a refused retry) would invite the caller to send again: it is
   * reported as the ambiguous failure's class, `maybeSent: true`, `retryable: false`.
   */
  private finalError(
    request: MarketingCloudRequest,
    error: unknown,
    ambiguous: MarketingCloudError | undefined,
  ): unknown {
    if (ambiguous === undefined || !(error instanceof MarketingCloudError) || error.maybeSent) {
      return error;
    }
    const ErrorClass = ambiguous.constructor as typeof MarketingCloudError;
    return new ErrorClass(
      maybeSentThenFailedMessage(request.what, ambiguous.message, error.message),
      {
        upstreamStatus: error.upstreamStatus,
        errorCode: error.errorCode,
        retryable: false,
        maybeSent: true,
        cause: error,
      },
    );
  }

  private aborted(request: MarketingCloudRequest, sent: boolean): MarketingCloudAbortedError {
    return new MarketingCloudAbortedError(abortedMessage(request.what, this.closing, sent), {
      retryable: !sent || request.idempotent,
      maybeSent: sent && !request.idempotent,
    });
  }
}
