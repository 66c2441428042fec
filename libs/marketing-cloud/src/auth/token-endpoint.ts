import type { HttpService } from '@nestjs/axios';
import { firstValueFrom } from 'rxjs';
import {
  invalidClientMessage,
  tokenRateLimitedMessage,
  tokenRequestRejectedMessage,
  unexpectedAnswerMessage,
  upstreamFailureMessage,
} from '../errors/error-messages.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { parseRetryAfterHeader } from '../http/rest-error-body.js';
import { toTransportError } from '../http/transport-error.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { AccessToken, normalizeRestBaseUrl } from './access-token.js';

const WHAT = 'token request';

interface TokenAnswer {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

function field(data: unknown, name: string): unknown {
  return typeof data === 'object' && data !== null
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

function optionalString(data: unknown, name: string): string | undefined {
  const value = field(data, name);
  return typeof value === 'string' ? value : undefined;
}

/** Turns a non-200 answer of v2/token into a typed error. Token requests may always be retried. */
function tokenError(answer: TokenAnswer): MarketingCloudError {
  const error = optionalString(answer.data, 'error');
  const description = optionalString(answer.data, 'error_description');
  if (error === 'invalid_client' || answer.status === 401 || answer.status === 403) {
    return new MarketingCloudAuthenticationError(
      error === 'invalid_client'
        ? invalidClientMessage(description)
        : tokenRequestRejectedMessage(answer.status, error, description),
      { upstreamStatus: answer.status },
    );
  }
  if (answer.status === 429) {
    return new MarketingCloudRateLimitError(tokenRateLimitedMessage(), {
      upstreamStatus: 429,
      retryAfterSeconds: parseRetryAfterHeader(answer.headers['retry-after']),
    });
  }
  if (answer.status >= 500) {
    return new MarketingCloudUnavailableError(upstreamFailureMessage(WHAT, answer.status), {
      upstreamStatus: answer.status,
      retryable: true,
    });
  }
  return new MarketingCloudAuthenticationError(
    tokenRequestRejectedMessage(answer.status, error, description),
    { upstreamStatus: answer.status },
  );
}

/**
 * POST {authBaseUrl}v2/token with the client-credentials grant (documented JSON body), and reads
 * the token, its lifetime and the tenant's REST base URL from the answer.
 */
export async function requestAccessToken(
  http: HttpService,
  options: ResolvedMarketingCloudOptions,
): Promise<AccessToken> {
  const body = {
    grant_type: 'client_credentials',
    client_id: options.clientId,
    client_secret: options.clientSecret,
    ...(options.accountId !== undefined && { account_id: options.accountId }),
    ...(options.scope !== undefined && { scope: options.scope }),
  };
  let answer: TokenAnswer;
  const sentAt = performance.now();
  try {
    answer = await firstValueFrom(
      http.post(`${options.authBaseUrl}v2/token`, body, {
        headers: { 'content-type': 'application/json' },
      }),
    );
  } catch (error) {
    throw toTransportError(error, {
      what: WHAT,
      timeoutMs: options.requestTimeoutMs,
      idempotent: true,
    });
  }
  if (answer.status !== 200) throw tokenError(answer);

  const value = field(answer.data, 'access_token');
  const expiresIn = field(answer.data, 'expires_in');
  const restInstanceUrl = field(answer.data, 'rest_instance_url');
  if (
    typeof value !== 'string' ||
    value === '' ||
    typeof expiresIn !== 'number' ||
    !(expiresIn > 0) ||
    typeof restInstanceUrl !== 'string'
  ) {
    throw new MarketingCloudUnavailableError(unexpectedAnswerMessage(WHAT, answer.status), {
      upstreamStatus: answer.status,
      retryable: true,
    });
  }
  // The lifetime counts from when the request left, not when the answer arrived, to stay on the safe side.
  const expiresAt = sentAt + expiresIn * 1000;
  // A margin larger than half the lifetime would renew on nearly every call; cap it.
  const margin = Math.min(options.tokenRefreshMarginMs, (expiresIn * 1000) / 2);
  return new AccessToken(
    value,
    normalizeRestBaseUrl(restInstanceUrl),
    optionalString(answer.data, 'scope'),
    expiresAt,
    expiresAt - margin,
  );
}
