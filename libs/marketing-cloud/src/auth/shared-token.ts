import { createHash } from 'node:crypto';
import type { MarketingCloudClock } from '../options/marketing-cloud-clock.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import type { SharedToken, TokenStoreContext } from '../token-store/token-store.js';
import { AccessToken } from './access-token.js';

/**
 * What a token store knows of these credentials: a hash of the token cache's identity (auth base URL,
 * client id, account id, scope), never the secret, and the secret for key derivation.
 */
export function tokenStoreContext(options: ResolvedMarketingCloudOptions): TokenStoreContext {
  const identity = JSON.stringify([
    options.authBaseUrl,
    options.clientId,
    options.accountId ?? null,
    options.scope ?? null,
  ]);
  return {
    key: createHash('sha256').update(identity).digest('hex').slice(0, 32),
    clientSecret: options.clientSecret,
  };
}

/** An AccessToken (monotonic times of `clock`, this process) as a store keeps it (wall-clock times). */
export function toSharedToken(token: AccessToken, clock: MarketingCloudClock): SharedToken {
  const offset = Date.now() - clock.now();
  return {
    accessToken: token.valueForScrubbing,
    restBaseUrl: token.restBaseUrl,
    scope: token.scope,
    requestedAtEpochMs: token.requestedAt + offset,
    expiresAtEpochMs: token.expiresAt + offset,
    refreshAtEpochMs: token.refreshAt + offset,
  };
}

/** A stored token as this process's AccessToken, on the monotonic times of `clock`. */
export function fromSharedToken(shared: SharedToken, clock: MarketingCloudClock): AccessToken {
  const offset = clock.now() - Date.now();
  return new AccessToken(
    shared.accessToken,
    shared.restBaseUrl,
    shared.scope,
    shared.requestedAtEpochMs + offset,
    shared.expiresAtEpochMs + offset,
    shared.refreshAtEpochMs + offset,
  );
}
