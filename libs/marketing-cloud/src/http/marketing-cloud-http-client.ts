import { Inject, Injectable } from '@nestjs/common';
import { firstValueFrom } from 'rxjs';
import { AccessTokenManager } from '../auth/access-token-manager.js';
import type { AccessToken } from '../auth/access-token.js';
import { repeatedUnauthorizedMessage } from '../errors/error-messages.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MARKETING_CLOUD_HTTP, MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { MarketingCloudHttp } from './create-http-service.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { errorFromResponse, type HttpAnswer } from './error-from-response.js';
import { parseRestErrorBody } from './rest-error-body.js';
import { toTransportError } from './transport-error.js';

export interface MarketingCloudRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the tenant's REST base URL, already percent-encoded, without a leading slash. */
  path: string;
  body?: unknown;
  /** What the call does, for error messages ("send", "delivery record request"). */
  what: string;
  /** Whether the call can be repeated without effect (GET): then ambiguous failures are retryable. */
  idempotent: boolean;
  /** Overrides the module's `requestTimeoutMs` for this call. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The one place that calls Marketing Cloud's REST API: tenant base URL, Authorization header,
 * timeouts, and the 401 rule (drop that token, get a new one, try once more). Answers below 300
 * are returned; every other outcome is a typed MarketingCloudError with no secret in it.
 */
@Injectable()
export class MarketingCloudHttpClient {
  constructor(
    @Inject(MARKETING_CLOUD_HTTP) private readonly http: MarketingCloudHttp,
    private readonly tokens: AccessTokenManager,
    @Inject(MARKETING_CLOUD_OPTIONS) private readonly options: ResolvedMarketingCloudOptions,
  ) {}

  async request(request: MarketingCloudRequest): Promise<HttpAnswer> {
    if (request.path.startsWith('/')) {
      throw new TypeError(
        'MarketingCloudHttpClient paths are relative to the REST base URL: drop the leading slash.',
      );
    }
    const token = await this.tokens.getAccessToken();
    let answer = await this.call(token, request);
    if (answer.status === 401) {
      // A 401 means Marketing Cloud did not act on the call, so calling again cannot send twice.
      this.tokens.invalidate(token);
      answer = await this.call(await this.tokens.getAccessToken(), request);
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

  private async call(token: AccessToken, request: MarketingCloudRequest): Promise<HttpAnswer> {
    const timeoutMs = request.timeoutMs ?? this.options.requestTimeoutMs;
    try {
      const response = await firstValueFrom(
        this.http.service.request({
          method: request.method,
          url: `${token.restBaseUrl}${request.path}`,
          data: request.body,
          timeout: timeoutMs,
          signal: request.signal,
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
      throw toTransportError(error, {
        what: request.what,
        timeoutMs,
        idempotent: request.idempotent,
      });
    }
  }
}
