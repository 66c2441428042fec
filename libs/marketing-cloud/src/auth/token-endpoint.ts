import type { HttpService } from '@nestjs/axios';
import {
  invalidClientMessage,
  tokenEndpointNotFoundMessage,
  tokenRateLimitedMessage,
  tokenRequestRejectedMessage,
  unexpectedAnswerMessage,
  upstreamFailureMessage,
} from '../errors/error-messages.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { sanitizeUpstreamText } from '../errors/upstream-text.js';
import { parseRetryAfterHeader } from '../http/rest-error-body.js';
import { exchange } from '../http/exchange.js';
import { field, stringField } from '../http/json-fields.js';
import { isLoopbackUrl } from '../options/marketing-cloud-options.schema.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import { AccessToken, normalizeRestBaseUrl } from './access-token.js';

const WHAT = 'token request';

interface TokenAnswer {
  status: number;
  headers: Record<string, unknown>;
  data: unknown;
}

/** An upstream text field of the answer, made safe to quote (an echoing proxy could return the secret). */
function upstreamField(
  answer: TokenAnswer,
  name: string,
  options: ResolvedMarketingCloudOptions,
): string | undefined {
  const text = stringField(answer.data, name);
  return text === undefined
    ? undefined
    : sanitizeUpstreamText(text, [options.clientSecret.reveal()]);
}

/** Turns a non-200 answer of v2/token into a typed error. Token requests may always be retried. */
function tokenError(
  answer: TokenAnswer,
  options: ResolvedMarketingCloudOptions,
): MarketingCloudError {
  const error = upstreamField(answer, 'error', options);
  const description = upstreamField(answer, 'error_description', options);
  if (answer.status === 404) {
    // A wrong URL, not wrong credentials: the route does not exist there.
    return new MarketingCloudAuthenticationError(
      tokenEndpointNotFoundMessage(options.authBaseUrl),
      {
        upstreamStatus: 404,
      },
    );
  }
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
 * The REST base URL a token answer gives, normalised, or undefined when it cannot be used: not a
 * URL, or plain http to anything but loopback (the bearer token would travel in clear).
 */
function trustedRestBaseUrl(restInstanceUrl: string, authBaseUrl: string): string | undefined {
  let url: string;
  try {
    url = normalizeRestBaseUrl(restInstanceUrl);
  } catch {
    return undefined;
  }
  return url.startsWith('https://') || (isLoopbackUrl(url) && isLoopbackUrl(authBaseUrl))
    ? url
    : undefined;
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
    client_secret: options.clientSecret.reveal(),
    ...(options.accountId !== undefined && { account_id: options.accountId }),
    ...(options.scope !== undefined && { scope: options.scope }),
  };
  const sentAt = performance.now();
  const answer: TokenAnswer = await exchange(
    http,
    {
      method: 'POST',
      url: `${options.authBaseUrl}v2/token`,
      data: body,
      headers: { 'content-type': 'application/json' },
    },
    {
      what: WHAT,
      timeoutMs: options.requestTimeoutMs,
      idempotent: true,
      maxBytes: options.maxResponseBytes,
    },
  );
  if (answer.status !== 200) throw tokenError(answer, options);

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
  const restBaseUrl = trustedRestBaseUrl(restInstanceUrl, options.authBaseUrl);
  if (restBaseUrl === undefined) {
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
    restBaseUrl,
    stringField(answer.data, 'scope'),
    sentAt,
    expiresAt,
    expiresAt - margin,
  );
}
