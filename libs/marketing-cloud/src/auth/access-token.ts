import { inspect } from 'node:util';

/**
 * A cached access token. The value is private: it only leaves as the Authorization header, and
 * logging or serialising the object shows no secret.
 */
export class AccessToken {
  readonly #value: string;

  constructor(
    value: string,
    /** The REST base URL of the tenant (`rest_instance_url`), with scheme and trailing slash. */
    readonly restBaseUrl: string,
    /** The scopes Marketing Cloud granted. */
    readonly scope: string | undefined,
    /**
     * Monotonic time at which the request for this token left. A 401 on a token requested after an
     * earlier 401 means the token is refused for good (not just an old one that expired).
     */
    readonly requestedAt: number,
    /** Monotonic time (the `clock` option's ms) after which Marketing Cloud's `expires_in` has run out. */
    readonly expiresAt: number,
    /** Monotonic time at which the token is renewed (expiresAt minus the refresh margin). */
    readonly refreshAt: number,
  ) {
    this.#value = value;
  }

  /** The value of the Authorization header for a REST call. */
  get authorizationHeader(): string {
    return `Bearer ${this.#value}`;
  }

  toJSON(): Record<string, unknown> {
    return { restBaseUrl: this.restBaseUrl, scope: this.scope, value: '[redacted]' };
  }

  /** The bare value, for scrubbing it out of upstream text and for a token store (which encrypts it). Never put it in a message. */
  get valueForScrubbing(): string {
    return this.#value;
  }

  toString(): string {
    return this[inspect.custom]();
  }

  [inspect.custom](): string {
    return `AccessToken { restBaseUrl: '${this.restBaseUrl}', value: [redacted] }`;
  }
}

/**
 * `rest_instance_url` comes with scheme and trailing slash from real tenants, but the documentation's
 * own example has neither; this gives `https://host/` (or the given scheme) either way.
 */
export function normalizeRestBaseUrl(restInstanceUrl: string): string {
  const trimmed = restInstanceUrl.trim();
  const withScheme = /^https?:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  const url = new URL(withScheme);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}
