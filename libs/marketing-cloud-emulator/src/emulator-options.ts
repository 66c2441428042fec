import type { EmulatorClock } from './clock.js';

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

/**
 * Another tenant (a Marketing Cloud account on its own stack): its own API integrations,
 * definitions and base URLs, served under `/tenants/{name}/auth/`, `/tenants/{name}/rest/` and
 * `/tenants/{name}/soap/`. A token one tenant issued opens no other tenant's REST routes (403 / 40002).
 */
export interface EmulatorTenantConfig {
  /** Names the tenant in its base URLs and in records: letters, digits, `-` and `_`. */
  name: string;
  /** Default: one client, {@link DEFAULT_EMULATOR_CLIENT} (the same credentials as the default tenant). */
  clients?: readonly EmulatorClientConfig[];
  /** Default: {@link DOCUMENTED_EXAMPLE_DEFINITIONS}. */
  definitions?: readonly EmulatorDefinitionConfig[];
  /** Default: none. */
  excludedAddresses?: readonly string[];
  /**
   * The tenant whose REST base URL this tenant's token responses give as `rest_instance_url`
   * (default: its own). Set it to simulate a client sending a token to another stack's endpoint.
   */
  restInstanceUrlOf?: string;
}

/** The name of the tenant configured by the top-level options, served under `/auth/` and `/rest/`. */
export const DEFAULT_TENANT = 'default';

/** Delivery records are kept for this long after acceptance, at most (emulator clock). */
export const DEFAULT_DELIVERY_RECORD_MAX_AGE_MS = 60 * 60 * 1000;
/** Delivery records kept at most (about 25 MiB of heap). */
export const DEFAULT_DELIVERY_RECORD_MAX_COUNT = 100_000;
/** Requests, and sends, kept in `records` at most. */
export const DEFAULT_MAX_RECORDS = 10_000;
/** Elements a sendBatch request may hold (the documented synchronous batch limit of the SFMC APIs; the route's own maximum is unconfirmed). */
export const DEFAULT_MAX_BATCH_SIZE = 50;

export interface MarketingCloudEmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on. Default `0` (a free port). */
  port?: number;
  /**
   * The origin (`http://name[:port]`) the base URLs carry instead of the listening address; the REST
   * base URL (`rest_instance_url`) is then the bare origin, as Marketing Cloud's is. For clients that
   * parse the URL: fuel-rest rebuilds a retried URL from what follows `.com/`, so it needs a `.com`
   * host, no port and no path. The emulator accepts absolute-form request targets
   * (`POST http://name/messaging/…`), so such a client reaches it through a `proxy` set to the
   * emulator's address. Default: `http://{host}:{port}`.
   */
  advertisedOrigin?: string;
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
  /**
   * Keep `records.requests` and `records.sends` (the latest `maxRecords` of each). Default `true`;
   * `false` keeps only the counters and what delivery records need (no bodies, no headers).
   */
  record?: boolean;
  /** With `record`, how many requests, and how many sends, `records` keeps (oldest dropped first). Default 10,000. */
  maxRecords?: number;
  /**
   * How long and how many delivery records stay readable; an older one answers 404 / 30003.
   * Default `{ maxCount: 100_000, maxAgeMs: 3_600_000 }` (one hour).
   */
  deliveryRecordRetention?: { maxCount?: number; maxAgeMs?: number };
  /** Elements a sendBatch request may hold; a longer array is refused whole (400 / 10005). Default 50. */
  maxBatchSize?: number;
  /** Answer every request this many milliseconds late (the work is done at once), e.g. to benchmark against a distant tenant. Default 0. */
  latencyMs?: number;
  /** Other tenants, next to the default one that the options above configure. Default none. */
  tenants?: readonly EmulatorTenantConfig[];
  /**
   * Where the emulator reads time (token lifetimes, delivery delay, rate-limit windows, retention).
   * Default: the real monotonic clock. Pass a `ManualClock` and call `advance(ms)` in tests.
   */
  clock?: EmulatorClock;
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
  advertisedOrigin: string | undefined;
  definitions: readonly EmulatorDefinitionConfig[];
  clients: readonly EmulatorClientConfig[];
  expiresInSeconds: number;
  tokenLifetimeSeconds: number;
  deliveryDelayMs: number;
  excludedAddresses: readonly string[];
  maxBodyBytes: number;
  record: boolean;
  maxRecords: number;
  deliveryRecordRetention: { maxCount: number; maxAgeMs: number };
  maxBatchSize: number;
  latencyMs: number;
  tenants: readonly EmulatorTenantConfig[];
  clock: EmulatorClock | undefined;
}

export function resolveEmulatorOptions(
  options: MarketingCloudEmulatorOptions = {},
): ResolvedEmulatorOptions {
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    advertisedOrigin: options.advertisedOrigin,
    definitions: options.definitions ?? DOCUMENTED_EXAMPLE_DEFINITIONS,
    clients: options.clients ?? [DEFAULT_EMULATOR_CLIENT],
    expiresInSeconds: options.expiresInSeconds ?? 1079,
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1200,
    deliveryDelayMs: options.deliveryDelayMs ?? 2000,
    excludedAddresses: options.excludedAddresses ?? [],
    maxBodyBytes: options.maxBodyBytes ?? 5 * 1024 * 1024,
    record: options.record ?? true,
    maxRecords: options.maxRecords ?? DEFAULT_MAX_RECORDS,
    deliveryRecordRetention: {
      maxCount: options.deliveryRecordRetention?.maxCount ?? DEFAULT_DELIVERY_RECORD_MAX_COUNT,
      maxAgeMs: options.deliveryRecordRetention?.maxAgeMs ?? DEFAULT_DELIVERY_RECORD_MAX_AGE_MS,
    },
    maxBatchSize: options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE,
    latencyMs: options.latencyMs ?? 0,
    tenants: options.tenants ?? [],
    clock: options.clock,
  };
}
