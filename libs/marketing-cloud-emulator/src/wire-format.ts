/**
 * Marketing Cloud's wire-level constants and error bodies, as documented in shared/sfmc-api.md.
 * Every shape the emulator answers with is built here, so the contract lives in one place.
 */

/** The `documentation` link Marketing Cloud puts in REST error bodies (§2.4, §5). */
export const ERROR_HANDLING_DOC_URL =
  'https://developer.salesforce.com/docs/atlas.en-us.mc-apis.meta/mc-apis/error-handling.htm';

/** The `error_uri` Marketing Cloud puts in v2/token error bodies (§4.1). */
export const AUTH_ERROR_URI = 'https://developer.salesforce.com/docs';

/** The REST-wide error body: lower-case `errorcode` (§2.4). */
export interface RestErrorBody {
  message: string;
  errorcode: number;
  documentation: string;
  retryAfter?: number;
}

export function restErrorBody(
  message: string,
  errorcode: number,
  documentation = '',
): RestErrorBody {
  return { message, errorcode, documentation };
}

/** 401, errorcode 0: missing, unknown or expired bearer token (§2.4, documented; body from a captured fixture). */
export function notAuthorizedBody(): RestErrorBody {
  return restErrorBody('Not Authorized', 0, ERROR_HANDLING_DOC_URL);
}

/** 429 / 50100 with `retryAfter` in the body; the `Retry-After` header carries the same value (§5, documented). */
export function rateLimitExceededBody(retryAfterSeconds: number): RestErrorBody {
  return {
    message: 'Rate limit exceeded',
    errorcode: 50100,
    retryAfter: retryAfterSeconds,
    documentation: ERROR_HANDLING_DOC_URL,
  };
}

/** 429 / 50200 "temporarily blocked", documented without a `Retry-After` header (§5). */
export function temporarilyBlockedBody(): RestErrorBody {
  return restErrorBody('Your requests are temporarily blocked.', 50200, ERROR_HANDLING_DOC_URL);
}

/** 503 / 50300, sent with `Retry-After` (§2.4). */
export function serviceUnavailableBody(): RestErrorBody {
  return restErrorBody('Service Unavailable', 50300, ERROR_HANDLING_DOC_URL);
}

/** 400 / 10004: the documented text for a body that is not valid JSON (§2.4). */
export function invalidMessageFormatBody(): RestErrorBody {
  return restErrorBody(
    'Serialization error, please ensure the body has balanced braces and brackets.',
    10004,
  );
}

/** The v2/token error body (§4.1): `{ error, error_description, error_uri }`. */
export interface AuthErrorBody {
  error: string;
  error_description: string;
  error_uri: string;
}

export function authErrorBody(error: string, description: string): AuthErrorBody {
  return { error, error_description: description, error_uri: AUTH_ERROR_URI };
}

/** Request-level code for a triggered send whose recipient failed the subscriber checks (§2.1). */
export const NO_VALID_SUBSCRIBERS_CODE = 180008;
export const NO_VALID_SUBSCRIBERS_STATUS =
  'Unable to queue Triggered Send request. There are no valid subscribers.';

/** The flat 202 body for a missing or unusable `To.Address` (§1.4, documented shape). */
export const INVALID_OR_MISSING_TO_ADDRESS = 'InvalidOrMissingToAddress';

/**
 * 403 / 40002 for a token used on another tenant's (another stack's) REST base URL. The status and
 * code are documented (§2.4, §9 item 3); the message text is inferred from the documented description.
 */
export function tokenInvalidOnEndpointBody(): RestErrorBody {
  return restErrorBody(
    'Authorization token invalid on this endpoint. Use the stack-level endpoint that matches your token.',
    40002,
    ERROR_HANDLING_DOC_URL,
  );
}

/**
 * The challenge sent with every REST 401 (inferred: fuel-rest and Salesforce's Commerce Cloud
 * connector re-authenticate only on a 401 that carries it, so Marketing Cloud evidently sends it).
 */
export const INVALID_TOKEN_CHALLENGE = 'Bearer error="invalid_token"';
