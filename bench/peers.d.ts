/**
 * Minimal types for the peers that ship none (fuel-auth 3.x, fuel-rest 3.x): only what the
 * benchmark uses. Both are CommonJS modules whose `module.exports` is the class.
 */
declare module 'fuel-auth' {
  interface FuelAuthOptions {
    clientId: string;
    clientSecret: string;
    /** The full token URL (v1/requestToken by default; `{auth base}v2/token` with authVersion 2). */
    authUrl?: string;
    authOptions?: { authVersion?: 1 | 2; accountId?: string | number; scope?: string };
    /** Options merged into every `request` call, e.g. `{ forever: true }` for keep-alive. */
    globalReqOptions?: Record<string, unknown>;
  }
  class FuelAuth {
    constructor(options: FuelAuthOptions);
    getAccessToken(options?: { force?: boolean }): Promise<{ accessToken: string }>;
  }
  export = FuelAuth;
}

declare module 'fuel-rest' {
  import type FuelAuth from 'fuel-auth';
  import type { IncomingMessage } from 'node:http';

  interface FuelRestOptions {
    auth: FuelAuth | Record<string, unknown>;
    /** Base URL of REST calls (https://www.exacttargetapis.com by default). */
    origin?: string;
    headers?: Record<string, string>;
    globalReqOptions?: Record<string, unknown>;
  }
  interface FuelRestRequest {
    uri: string;
    headers?: Record<string, string>;
    body?: string;
    json?: unknown;
  }
  class FuelRest {
    constructor(options: FuelRestOptions);
    /** Resolves with any HTTP status; rejects only when no answer came. */
    post(
      options: FuelRestRequest,
    ): Promise<{ res: IncomingMessage & { statusCode: number }; body: unknown }>;
  }
  export = FuelRest;
}
