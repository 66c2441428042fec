import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';

/**
 * Why an instance is down, as a person would act on it:
 * - `credentials-refused`: the token endpoint refused clientId / clientSecret / accountId / scope;
 * - `rate-limited`: the token endpoint answered 429 (see `retryAfterSeconds`);
 * - `unreachable`: no HTTP answer (DNS, refused connection, reset, timeout);
 * - `unavailable`: an answer, but a 5xx or not a token;
 * - `timed-out`: no token within the health check's `timeoutMs`;
 * - `not-registered`: no MarketingCloudModule registration has that name;
 * - `error`: anything else.
 */
export type MarketingCloudHealthReason =
  | 'credentials-refused'
  | 'rate-limited'
  | 'unreachable'
  | 'unavailable'
  | 'timed-out'
  | 'not-registered'
  | 'error';

/** What a `down` result carries: never a secret or a token (library errors hold neither). */
export interface MarketingCloudHealthDown {
  readonly reason: MarketingCloudHealthReason;
  readonly message: string;
  readonly upstreamStatus?: number;
  readonly retryAfterSeconds?: number;
}

/** The first line of a library message (the rest is "Potential solutions", for logs). */
function headline(message: string): string {
  return message.split('\n', 1)[0]!;
}

function reasonOf(error: MarketingCloudError): MarketingCloudHealthReason {
  if (error instanceof MarketingCloudAuthenticationError) return 'credentials-refused';
  if (error instanceof MarketingCloudRateLimitError) return 'rate-limited';
  if (error instanceof MarketingCloudTimeoutError) return 'unreachable';
  if (error instanceof MarketingCloudUnavailableError) {
    return error.upstreamStatus === undefined ? 'unreachable' : 'unavailable';
  }
  return 'error';
}

/** Classifies the failure of a token request for a health check. */
export function healthDownOf(error: unknown): MarketingCloudHealthDown {
  if (!(error instanceof MarketingCloudError)) {
    // Not ours, so its message is not known to be free of secrets: say only what it is.
    return {
      reason: 'error',
      message: `Unexpected ${error instanceof Error ? error.name : typeof error} while getting an access token.`,
    };
  }
  return {
    reason: reasonOf(error),
    message: headline(error.message),
    ...(error.upstreamStatus !== undefined && { upstreamStatus: error.upstreamStatus }),
    ...(error.retryAfterSeconds !== undefined && { retryAfterSeconds: error.retryAfterSeconds }),
  };
}
