import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

export interface IssuedToken {
  readonly accessToken: string;
  readonly clientId: string;
  readonly accountId: number | undefined;
  readonly scope: string;
  /** Monotonic deadline (performance.now() milliseconds). */
  expiresAt: number;
  /** REST requests made with this token. */
  uses: number;
}

/** The access tokens v2/token has issued, with their server-side lifetime. */
export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  constructor(private readonly lifetimeMs: number) {}

  issue(clientId: string, accountId: number | undefined, scope: string): IssuedToken {
    // Real tokens are opaque and 512 characters long (§4.1); 384 random bytes give 512 base64url characters.
    const token: IssuedToken = {
      accessToken: randomBytes(384).toString('base64url'),
      clientId,
      accountId,
      scope,
      expiresAt: performance.now() + this.lifetimeMs,
      uses: 0,
    };
    this.tokens.set(token.accessToken, token);
    return token;
  }

  /** The token if it was issued here and has not expired, else undefined. */
  validate(accessToken: string | undefined): IssuedToken | undefined {
    if (accessToken === undefined) return undefined;
    const token = this.tokens.get(accessToken);
    if (!token || performance.now() >= token.expiresAt) return undefined;
    return token;
  }

  /** Ends the life of every token issued so far, as if 20 minutes had passed. */
  expireAll(): void {
    const now = performance.now();
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
