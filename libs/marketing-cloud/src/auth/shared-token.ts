import { createHash } from 'node:crypto';
import type { MarketingCloudClock } from '../options/marketing-cloud-clock.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import type { SharedToken, TokenStoreContext } from '../token-store/token-store.js';
import { AccessToken } from './access-token.js';

/**
 * Epoch ms minus the clock's ms, taken once per clock: every conversion and `now()` of one module
 * share one offset, so that times stay consistent when a test moves a ManualClock (the wall clock
 * does not move with it).
 */
const epochOffsets = new WeakMap<MarketingCloudClock, number>();

function epochOffsetOf(clock: MarketingCloudClock): number {
  let offset = epochOffsets.get(clock);
  if (offset === undefined) {
    offset = Date.now() - clock.now();
    epochOffsets.set(clock, offset);
  }
  return offset;
}

/**
 * What a token store knows of these credentials: a hash of the token cache's identity (auth base URL,
 * client id, account id, scope), never the secret, the secret for key derivation, and
 * now on the module's clock.
 */
export function tokenStoreContext(options: ResolvedMarketingCloudOptions): TokenStoreContext {
  const { clock } = options;
  const identity = JSON.stringify([
    options.authBaseUrl,
    options.clientId,
    options.accountId ?? null,
    options.scope ?? null,
  ]);
  return {
    key: createHash('sha256').update(identity).digest('hex').slice(0, 32),
    clientSecret: options.clientSecret,
    now: () => clock.now() + epochOffsetOf(clock),
  };
}

/** An AccessToken (monotonic times of `clock`, this process) as a store keeps it (epoch times). */
export function toSharedToken(token: AccessToken, clock: MarketingCloudClock): SharedToken {
  const offset = epochOffsetOf(clock);
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
  const offset = -epochOffsetOf(clock);
  return new AccessToken(
    shared.accessToken,
    shared.restBaseUrl,
    shared.scope,
    shared.requestedAtEpochMs + offset,
    shared.expiresAtEpochMs + offset,
    shared.refreshAtEpochMs + offset,
  );
}
