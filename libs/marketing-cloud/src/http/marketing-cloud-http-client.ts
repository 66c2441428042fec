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
  repeatedUnauthorizedMessage,
  retryingMessage,
} from '../errors/error-messages.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { ConcurrencyLimiter } from './concurrency-limiter.js';
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
  /** Says which call this is in log lines (e.g. the masked recipient). Never put in errors. */
  logContext?: string;
  /** Overrides the module's `requestTimeoutMs` for each attempt of this call. */
  timeoutMs?: number;
  /** Aborts the call, waiting or in flight. */
  signal?: AbortSignal;
  /** `false`: one attempt only, whatever the retry policy (the caller retries on its own). Default true. */
  retry?: boolean;
}

/** Thrown inside one call when its signal fires; `sent` says whether the request had left. */
class CallAborted extends Error {
  constructor(readonly sent: boolean) {
    super('aborted');
  }
}

/** `promise`, unless `signal` fires first. */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new CallAborted(false));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new CallAborted(false));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * The one place that calls Marketing Cloud's REST API: tenant base URL, Authorization header, a hard
 * deadline per attempt, the concurrency limit, the retry policy, and the 401 rule (drop that token,
 * get a new one, try once more). Answers below 300 are returned; every other outcome is a typed
 * MarketingCloudError with no secret in it. On shutdown, calls in flight get a grace period to
 * finish, then are aborted; then the connections are closed.
 */
@Injectable()
export class MarketingCloudHttpClient implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('MarketingCloud');
  private readonly limiter: ConcurrencyLimiter;
  /** One controller per call in progress: shutdown aborts them (no listener piles up on a shared signal). */
  private readonly calls = new Set<AbortController>();
  private closing = false;
  private onIdle: (() => void) | undefined;

  constructor(
    @Inject(MARKETING_CLOUD_HTTP) private readonly http: MarketingCloudHttp,
    private readonly tokens: AccessTokenManager,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
  ) {
    this.limiter = new ConcurrencyLimiter(options.maxConcurrentRequests);
  }

  async request(request: MarketingCloudRequest): Promise<HttpAnswer> {
    if (request.path.startsWith('/')) {
      throw new TypeError(
        'MarketingCloudHttpClient paths are relative to the REST base URL: drop the leading slash.',
      );
    }
    if (this.closing) throw this.aborted(request, false);
    const controller = new AbortController();
    const onCallerAbort = (): void => controller.abort();
    request.signal?.addEventListener('abort', onCallerAbort, { once: true });
    if (request.signal?.aborted) controller.abort();
    this.calls.add(controller);
    // Whether an earlier attempt may have reached Marketing Cloud (an ambiguous failure, retried).
    let maybeSent = false;
    const policy =
      request.retry === false ? { ...this.options.retry, maxAttempts: 1 } : this.options.retry;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.attempt(request, controller.signal);
        } catch (error) {
          if (error instanceof CallAborted) throw this.aborted(request, error.sent || maybeSent);
          const delay = retryDelayMs(error, attempt, request.idempotent, policy);
          if (delay === undefined) throw error;
          const failure = error as MarketingCloudError;
          maybeSent ||= !failure.retryable;
          this.logger.warn(
            retryingMessage(
              request.what,
              request.logContext,
              failure.name,
              attempt + 1,
              policy.maxAttempts,
              delay,
            ),
          );
          await sleep(delay, undefined, { signal: controller.signal }).catch(() => {
            throw this.aborted(request, maybeSent);
          });
        }
      }
    } finally {
      request.signal?.removeEventListener('abort', onCallerAbort);
      this.calls.delete(controller);
      if (this.calls.size === 0) this.onIdle?.();
    }
  }

  /** Lets calls in flight finish within the grace period, then aborts the rest. */
  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
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
    for (const call of this.calls) call.abort();
  }

  /** Closes the pooled connections, so nothing keeps the process alive. */
  onApplicationShutdown(): void {
    this.http.close();
  }

  private async attempt(request: MarketingCloudRequest, signal: AbortSignal): Promise<HttpAnswer> {
    const token = await unlessAborted(this.tokens.getAccessToken(), signal);
    let answer = await this.callInTurn(token, request, signal);
    if (answer.status === 401) {
      // A 401 means Marketing Cloud did not act on the call, so calling again cannot send twice.
      this.tokens.invalidate(token);
      answer = await this.callInTurn(
        await unlessAborted(this.tokens.getAccessToken(), signal),
        request,
        signal,
      );
      if (answer.status === 401) {
        throw new MarketingCloudAuthenticationError(repeatedUnauthorizedMessage(), {
          upstreamStatus: 401,
          errorCode: parseRestErrorBody(answer.data).errorCode,
        });
      }
    }
    if (answer.status >= 300) throw errorFromResponse(answer, request.what);
    return answer;
  }

  /** One HTTP exchange, once the concurrency limit lets it through. */
  private async callInTurn(
    token: AccessToken,
    request: MarketingCloudRequest,
    signal: AbortSignal,
  ): Promise<HttpAnswer> {
    await this.limiter.acquire(signal).catch(() => {
      throw new CallAborted(false);
    });
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
          signal,
        },
      );
    } catch (error) {
      if (signal.aborted) throw new CallAborted(true);
      throw error;
    } finally {
      this.limiter.release();
    }
  }

  private aborted(request: MarketingCloudRequest, sent: boolean): MarketingCloudAbortedError {
    return new MarketingCloudAbortedError(abortedMessage(request.what, this.closing, sent), {
      retryable: !sent,
    });
  }
}
