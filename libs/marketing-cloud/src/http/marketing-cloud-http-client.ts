import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom } from 'rxjs';
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
import { parseRestErrorBody } from './rest-error-body.js';
import { retryDelayMs } from './retry-policy.js';
import { toTransportError } from './transport-error.js';

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
}

/**
 * The one place that calls Marketing Cloud's REST API: tenant base URL, Authorization header,
 * timeouts, the concurrency limit, the retry policy, and the 401 rule (drop that token, get a new
 * one, try once more). Answers below 300 are returned; every other outcome is a typed
 * MarketingCloudError with no secret in it. On shutdown, calls in flight get a grace period to
 * finish, then are aborted.
 */
@Injectable()
export class MarketingCloudHttpClient implements OnModuleDestroy {
  private readonly logger = new Logger('MarketingCloud');
  private readonly limiter: ConcurrencyLimiter;
  private readonly shutdown = new AbortController();
  private closing = false;
  private inFlight = 0;
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
    const signal = request.signal
      ? AbortSignal.any([request.signal, this.shutdown.signal])
      : this.shutdown.signal;
    this.inFlight += 1;
    try {
      for (let attempt = 1; ; attempt += 1) {
        try {
          return await this.attempt(request, signal);
        } catch (error) {
          const delay = retryDelayMs(error, attempt, request.idempotent, this.options.retry);
          if (delay === undefined || signal.aborted) throw error;
          this.logger.warn(
            retryingMessage(
              request.what,
              request.logContext,
              (error as MarketingCloudError).name,
              attempt + 1,
              this.options.retry.maxAttempts,
              delay,
            ),
          );
          await sleep(delay, undefined, { signal }).catch(() => {
            throw this.aborted(request, false);
          });
        }
      }
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0) this.onIdle?.();
    }
  }

  /** Lets calls in flight finish within the grace period, aborts the rest, then closes the connections. */
  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    if (this.inFlight > 0) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise<void>((resolve) => (this.onIdle = resolve)),
        new Promise<void>(
          (resolve) => (timer = setTimeout(resolve, this.options.shutdownGracePeriodMs)),
        ),
      ]);
      clearTimeout(timer);
    }
    this.shutdown.abort();
    this.http.close();
  }

  private async attempt(request: MarketingCloudRequest, signal: AbortSignal): Promise<HttpAnswer> {
    const token = await this.tokens.getAccessToken();
    let answer = await this.callInTurn(token, request, signal);
    if (answer.status === 401) {
      // A 401 means Marketing Cloud did not act on the call, so calling again cannot send twice.
      this.tokens.invalidate(token);
      answer = await this.callInTurn(await this.tokens.getAccessToken(), request, signal);
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
    try {
      await this.limiter.acquire(signal);
    } catch {
      throw this.aborted(request, false);
    }
    try {
      return await this.call(token, request, signal);
    } finally {
      this.limiter.release();
    }
  }

  private async call(
    token: AccessToken,
    request: MarketingCloudRequest,
    signal: AbortSignal,
  ): Promise<HttpAnswer> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    try {
      const response = await firstValueFrom(
        this.http.service.request({
          method: request.method,
          url: `${token.restBaseUrl}${request.path}`,
          data: request.body,
          timeout: timeoutMs,
          signal,
          headers: {
            authorization: token.authorizationHeader,
            ...(request.body !== undefined && { 'content-type': 'application/json' }),
          },
        }),
      );
      return {
        status: response.status,
        headers: response.headers as Record<string, unknown>,
        data: response.data,
      };
    } catch (error) {
      if (signal.aborted) throw this.aborted(request, true);
      throw toTransportError(error, {
        what: request.what,
        timeoutMs,
        idempotent: request.idempotent,
      });
    }
  }

  private aborted(request: MarketingCloudRequest, sent: boolean): MarketingCloudAbortedError {
    return new MarketingCloudAbortedError(abortedMessage(request.what, this.closing, sent), {
      retryable: !sent,
    });
  }
}
