import { getProperty, isPlainObject } from './case-insensitive.js';
import type { EmulatorClientConfig } from './emulator-options.js';
import { isJsonContentType, json, parseJson, type EmulatorResponse } from './http-io.js';
import type { TokenStore } from './token-store.js';
import { authErrorBody } from './wire-format.js';

export interface TokenRouteContext {
  readonly tenant: string;
  readonly clients: readonly EmulatorClientConfig[];
  readonly tokens: TokenStore;
  readonly expiresInSeconds: number;
  readonly restBaseUrl: string;
  readonly soapBaseUrl: string;
}

/** `account_id` is documented as a number, and the documented example sends a numeric string: accept both. */
function parseAccountId(value: unknown): number | undefined | 'invalid' {
  if (value === undefined || value === null || value === '') return undefined;
  const text = typeof value === 'number' || typeof value === 'string' ? String(value).trim() : '';
  return /^\d{1,12}$/.test(text) ? Number(text) : 'invalid';
}

/**
 * POST {auth base}/v2/token, client credentials grant (§4.1, documented).
 * Bodies for malformed requests and inaccessible business units are not documented: the emulator
 * answers them with OAuth 2.0's own error names (`invalid_request`, `unauthorized_client`).
 */
export function handleTokenRequest(
  context: TokenRouteContext,
  contentType: string | undefined,
  bodyText: string,
): EmulatorResponse {
  if (!isJsonContentType(contentType)) {
    return json(
      400,
      authErrorBody('invalid_request', 'Send the token request as application/json.'),
    );
  }
  const parsed = parseJson(bodyText);
  if (!parsed.ok || !isPlainObject(parsed.value)) {
    return json(
      400,
      authErrorBody('invalid_request', 'The request body is not a valid JSON object.'),
    );
  }
  const body = parsed.value;
  if (getProperty(body, 'grant_type') !== 'client_credentials') {
    return json(
      400,
      authErrorBody(
        'unsupported_grant_type',
        'Use "authorization_code" or "refresh_token" or "client_credentials" or "urn:ietf:params:oauth:grant-type:jwt-bearer" as the grant_type.',
      ),
    );
  }
  const clientId = getProperty(body, 'client_id');
  const clientSecret = getProperty(body, 'client_secret');
  const client = context.clients.find(
    (candidate) => candidate.clientId === clientId && candidate.clientSecret === clientSecret,
  );
  if (!client) {
    return json(
      401,
      authErrorBody(
        'invalid_client',
        'Client authentication failed. Make sure that the client ID and client secret are valid and that the package is installed and enabled.',
      ),
    );
  }
  const accountId = parseAccountId(getProperty(body, 'account_id'));
  if (accountId === 'invalid') {
    return json(400, authErrorBody('invalid_request', 'account_id must be a numeric MID.'));
  }
  if (accountId !== undefined && client.accountIds && !client.accountIds.includes(accountId)) {
    return json(
      401,
      authErrorBody('unauthorized_client', `This client has no access to account ${accountId}.`),
    );
  }
  const requestedScope = getProperty(body, 'scope');
  if (requestedScope !== undefined && typeof requestedScope !== 'string') {
    return json(400, authErrorBody('invalid_request', 'scope must be a space-separated string.'));
  }
  const scope = (requestedScope ?? client.defaultScope ?? '')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .join(' ');
  const token = context.tokens.issue(context.tenant, client.clientId, accountId, scope);
  return json(200, {
    access_token: token.accessToken,
    token_type: 'Bearer',
    expires_in: context.expiresInSeconds,
    scope,
    soap_instance_url: context.soapBaseUrl,
    rest_instance_url: context.restBaseUrl,
  });
}
