import type { Secret } from '../options/secret.js';

/**
 * Where access tokens live between processes. The module keeps its own copy in memory either way;
 * a shared store (RedisTokenStore, from `nestjs-marketing-cloud/redis-token-store`) lets every
 * instance of an app use one token: one token request between them, and a token refused in one
 * is replaced once for all.
 */

/** A token as a store holds it: wall-clock times, so that any process can read it. */
export interface SharedToken {
  /** The token itself. A store must never keep it in clear where others can read it. */
  readonly accessToken: string;
  /** The tenant's REST base URL (`rest_instance_url`, normalised). */
  readonly restBaseUrl: string;
  readonly scope: string | undefined;
  /** When the request for this token left (ms since the epoch): tells a stale 401 from a refusal. */
  readonly requestedAtEpochMs: number;
  /** When Marketing Cloud's `expires_in` runs out (ms since the epoch). */
  readonly expiresAtEpochMs: number;
  /** When it should be renewed (ms since the epoch): after this, `obtain` asks for a new one. */
  readonly refreshAtEpochMs: number;
}

/** Which credentials a token belongs to, and what a store may derive an encryption key from. */
export interface TokenStoreContext {
  /**
   * A hash of (auth base URL, client id, account id, scope): the same for every process with the
   * same credentials. Never contains the secret; safe to put in a key name.
   */
  readonly key: string;
  /** The client secret (`reveal()` it only to derive an encryption key). A store must never keep it. */
  readonly clientSecret: Secret;
  /**
   * Now, in ms since the epoch, on the module's `clock` option: compare the stored token's times with
   * this, not with `Date.now()`, so that a test's ManualClock ages stored tokens too. (On the
   * default clock it is the wall clock.)
   */
  now(): number;
}

export interface TokenStore {
  /**
   * A token to use: the stored one while it is before its refresh time, else the one `fetch` gets
   * (and the store keeps, until the token expires). A shared store makes sure that, among all the
   * processes calling at once, only one runs `fetch`; the others wait for its token.
   */
  obtain(context: TokenStoreContext, fetch: () => Promise<SharedToken>): Promise<SharedToken>;
  /**
   * Marketing Cloud refused `token` (401): forget it, unless the store already holds a newer one
   * (compare-and-swap), so that a late 401 never throws away a good token.
   */
  invalidate(context: TokenStoreContext, token: SharedToken): Promise<void>;
  /** Called on application shutdown: release what the store opened (connections). Optional. */
  close?(): Promise<void>;
}

/**
 * The default store: nothing shared. Each process asks for its own token; the module's in-memory
 * cache and single flight already make that one request per process.
 */
export class MemoryTokenStore implements TokenStore {
  obtain(_context: TokenStoreContext, fetch: () => Promise<SharedToken>): Promise<SharedToken> {
    return fetch();
  }

  async invalidate(): Promise<void> {}
}

/** Whether a value looks like a TokenStore (for option validation). */
export function isTokenStore(value: unknown): value is TokenStore {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as TokenStore).obtain === 'function' &&
    typeof (value as TokenStore).invalidate === 'function'
  );
}
