import { randomBytes } from 'node:crypto';
import { SYSTEM_CLOCK, type EmulatorClock } from './clock.js';

export interface IssuedToken {
  readonly accessToken: string;
  /** The tenant whose token endpoint issued it; its REST routes are the only ones it opens. */
  readonly tenant: string;
  readonly clientId: string;
  readonly accountId: number | undefined;
  readonly scope: string;
  /** Monotonic deadline (the emulator clock's milliseconds). */
  expiresAt: number;
  /** REST requests made with this token. */
  uses: number;
}

/**
 * Tokens kept at most; beyond it the oldest is forgotten (it then answers 401, as an expired one),
 * so a client that asks a token per call cannot grow the emulator's memory without bound.
 */
export const MAX_KEPT_TOKENS = 10_000;

/** The access tokens v2/token has issued, with their server-side lifetime. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly clock: EmulatorClock = SYSTEM_CLOCK,
  ) {}

  issue(
    tenant: string,
    clientId: string,
    accountId: number | undefined,
    scope: string,
  ): IssuedToken {
    // Real tokens are opaque and 512 characters long (§4.1); 384 random bytes give 512 base64url characters.
    const token: IssuedToken = {
      accessToken: randomBytes(384).toString('base64url'),
      tenant,
      clientId,
      accountId,
      scope,
      expiresAt: this.clock.now() + this.lifetimeMs,
      uses: 0,
    };
    this.tokens.set(token.accessToken, token);
    if (this.tokens.size > MAX_KEPT_TOKENS) {
      this.tokens.delete(this.tokens.keys().next().value as string);
    }
    return token;
  }

  /** The token if it was issued here and has not expired, else undefined. */
  validate(accessToken: string | undefined): IssuedToken | undefined {
    if (accessToken === undefined) return undefined;
    const token = this.tokens.get(accessToken);
    if (!token || this.clock.now() >= token.expiresAt) return undefined;
    return token;
  }

  /** Ends the life of every token issued so far, as if 20 minutes had passed. */
  expireAll(): void {
    const now = this.clock.now();
    for (const token of this.tokens.values()) token.expiresAt = now;
  }

  /** REST requests made per token, in issue order. */
  usesPerToken(): Map<string, number> {
    return new Map([...this.tokens.values()].map((token) => [token.accessToken, token.uses]));
  }

  resetUses(): void {
    for (const token of this.tokens.values()) token.uses = 0;
  }

  get size(): number {
    return this.tokens.size;
  }
}
