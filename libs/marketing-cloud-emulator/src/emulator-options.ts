/** A triggered send definition (TSD) as the emulator knows it. */
export interface EmulatorDefinitionConfig {
  /** The definition's ObjectID (a GUID). Generated when omitted; matched case-insensitively, like a GUID. */
  objectId?: string;
  /** The definition's external key (CustomerKey), used as `key:CustomerKey`. Matched exactly: case, spaces and punctuation count. */
  customerKey?: string;
  /** `Active` sends; `Inactive` (paused) accepts requests and keeps them Queued until started (documented, §1.5). Default `Active`. */
  status?: DefinitionStatus;
  /** Subscriber attributes every send must carry (matched case-insensitively), else subscriber error 10. */
  requiredAttributes?: readonly string[];
}

export type DefinitionStatus = 'Active' | 'Inactive';

/** An installed package's API integration: the credentials the token endpoint accepts. */
export interface EmulatorClientConfig {
  clientId: string;
  clientSecret: string;
  /** The business units (MIDs) this client may ask a token for with `account_id`. Any when omitted. */
  accountIds?: readonly number[];
  /** The scope granted when a token request carries none. */
  defaultScope?: string;
}

export interface MarketingCloudEmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default `0` (a free port). */
  port?: number;
  /** Triggered send definitions. Default: the ones used by Salesforce's documented examples. */
  definitions?: readonly EmulatorDefinitionConfig[];
  /** Accepted API integrations. Default: one client, {@link DEFAULT_EMULATOR_CLIENT}. */
  clients?: readonly EmulatorClientConfig[];
  /** `expires_in` reported by v2/token. Default 1079 (observed; the docs say about 1080). */
  expiresInSeconds?: number;
  /** How long a token really stays valid. Default 1200 (20 minutes, documented). */
  tokenLifetimeSeconds?: number;
  /** How long an accepted send stays Queued before its delivery record turns Sent (or Error). Default 2000 ms. */
  deliveryDelayMs?: number;
  /** Addresses List Detective excludes (subscriber error 24). Compared case-insensitively. */
  excludedAddresses?: readonly string[];
  /** Largest request body accepted before answering 413. Default 5 MiB. */
  maxBodyBytes?: number;
  /** Keep a record of every request and send. Default `true`; turn it off for long load runs. */
  record?: boolean;
}

/** The credentials the emulator accepts by default. */
export const DEFAULT_EMULATOR_CLIENT: EmulatorClientConfig = Object.freeze({
  clientId: 'emulator-client-id',
  clientSecret: 'emulator-client-secret',
  defaultScope: 'email_read email_write email_send',
});

/** The definitions that Salesforce's documented examples address (shared/seed-messageDefinitionSends.md). */
export const DOCUMENTED_EXAMPLE_DEFINITIONS: readonly EmulatorDefinitionConfig[] = Object.freeze([
  { objectId: 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc', customerKey: 'external_key' },
  { objectId: '6f2f5d5c-5a1d-4d1e-9c3e-2f9b4f7c1a10', customerKey: 'cust_key' },
]);

export interface ResolvedEmulatorOptions {
  host: string;
  port: number;
  definitions: readonly EmulatorDefinitionConfig[];
  clients: readonly EmulatorClientConfig[];
  expiresInSeconds: number;
  tokenLifetimeSeconds: number;
  deliveryDelayMs: number;
  excludedAddresses: readonly string[];
  maxBodyBytes: number;
  record: boolean;
}

export function resolveEmulatorOptions(
  options: MarketingCloudEmulatorOptions = {},
): ResolvedEmulatorOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    definitions: options.definitions ?? DOCUMENTED_EXAMPLE_DEFINITIONS,
    clients: options.clients ?? [DEFAULT_EMULATOR_CLIENT],
    expiresInSeconds: options.expiresInSeconds ?? 1079,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1200,
    deliveryDelayMs: options.deliveryDelayMs ?? 2000,
    excludedAddresses: options.excludedAddresses ?? [],
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    record: options.record ?? true,
  };
}
