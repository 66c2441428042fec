import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SYSTEM_CLOCK, type EmulatorClock } from './clock.js';
import { DefinitionRegistry } from './definition-registry.js';
import { handleDeliveryRecord, handleDeliveryRecordQuery } from './delivery-record-route.js';
import { DeliveryRecordStore } from './delivery-record-store.js';
import {
  DEFAULT_EMULATOR_CLIENT,
  DEFAULT_TENANT,
  DOCUMENTED_EXAMPLE_DEFINITIONS,
  resolveEmulatorOptions,
  type EmulatorClientConfig,
  type EmulatorTenantConfig,
  type MarketingCloudEmulatorOptions,
  type ResolvedEmulatorOptions,
} from './emulator-options.js';
import { FaultController, type FaultAction } from './faults.js';
import { json, readBody, writeResponse, type EmulatorResponse } from './http-io.js';
import { EmulatorRecords, type EmulatorCounters, type RecordedRequest } from './records.js';
import {
  AUTH_PREFIX,
  parseRoute,
  REST_PREFIX,
  routeName,
  SOAP_PREFIX,
  TENANTS_PREFIX,
  type ParsedRoute,
} from './routes.js';
import { handleSendBatch } from './send-batch-route.js';
import { handleSend } from './send-route.js';
import { TokenStore } from './token-store.js';
import { handleTokenRequest } from './token-route.js';
import {
  INVALID_TOKEN_CHALLENGE,
  notAuthorizedBody,
  rateLimitExceededBody,
  restErrorBody,
  serviceUnavailableBody,
  temporarilyBlockedBody,
  tokenInvalidOnEndpointBody,
} from './wire-format.js';

/** One tenant of the emulator: its base URLs and its definitions. */
export interface EmulatorTenant {
  readonly name: string;
  /** The Authentication Base URI, with trailing slash: POST `${authBaseUrl}v2/token`. */
  readonly authBaseUrl: string;
  /** The REST base URI, as `rest_instance_url` gives it (scheme and trailing slash). */
  readonly restBaseUrl: string;
  readonly soapBaseUrl: string;
  /** The tenant's triggered send definitions; add more or pause one at run time. */
  readonly definitions: DefinitionRegistry;
}

export interface MarketingCloudEmulator extends EmulatorTenant {
  readonly port: number;
  /**
   * The latest requests and accepted sends (`maxRecords` of each) of every tenant, in arrival
   * order (unless started with `record: false`).
   */
  readonly records: EmulatorRecords;
  /** A snapshot of the counters. */
  readonly counters: EmulatorCounters;
  /** Scripted faults and rate limits. */
  readonly faults: FaultController;
  /** The clock the emulator reads (the `clock` option, or the real one). */
  readonly clock: EmulatorClock;
  /** Every tenant by name: `default` (this object's own URLs and definitions) and the `tenants` option's. */
  readonly tenants: ReadonlyMap<string, EmulatorTenant>;
  /** The tenant of that name; throws when there is none. */
  tenant(name: string): EmulatorTenant;
  /** Expire every access token issued so far: the next REST call with one gets 401. */
  expireAllTokens(): void;
  /** Forget records, counters and faults (definitions, tokens and delivery records stay). */
  reset(): void;
  /** Stop listening, drop open connections and cancel delayed answers. Safe to call twice. */
  close(): Promise<void>;
}

interface TenantState extends EmulatorTenant {
  readonly clients: readonly EmulatorClientConfig[];
  readonly excludedAddresses: ReadonlySet<string>;
  /** The tenant whose REST base URL this tenant's token responses give. */
  readonly restInstanceUrlOf: string;
  authBaseUrl: string;
  restBaseUrl: string;
  soapBaseUrl: string;
}

interface ServerState {
  readonly options: ResolvedEmulatorOptions;
  readonly clock: EmulatorClock;
  readonly records: EmulatorRecords;
  readonly faults: FaultController;
  readonly tokens: TokenStore;
  readonly deliveryRecords: DeliveryRecordStore;
  readonly tenants: Map<string, TenantState>;
  /** Cancels every late answer still scheduled (close() calls them). */
  readonly pendingAnswers: Set<() => void>;
}

const TENANT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

function tenantStates(
  options: ResolvedEmulatorOptions,
  clock: EmulatorClock,
): Map<string, TenantState> {
  const configs: EmulatorTenantConfig[] = [
    {
      name: DEFAULT_TENANT,
      clients: options.clients,
      definitions: options.definitions,
      excludedAddresses: options.excludedAddresses,
    },
    ...options.tenants,
  ];
  const tenants = new Map<string, TenantState>();
  for (const config of configs) {
    if (!TENANT_NAME.test(config.name)) {
      throw new Error(`Tenant name '${config.name}' must be 1 to 64 letters, digits, - or _`);
    }
    if (tenants.has(config.name)) throw new Error(`Two tenants are named '${config.name}'`);
    tenants.set(config.name, {
      name: config.name,
      clients: config.clients ?? [DEFAULT_EMULATOR_CLIENT],
      definitions: new DefinitionRegistry(
        config.definitions ?? DOCUMENTED_EXAMPLE_DEFINITIONS,
        clock,
      ),
      excludedAddresses: new Set(
        (config.excludedAddresses ?? []).map((address) => address.toLowerCase()),
      ),
      restInstanceUrlOf: config.restInstanceUrlOf ?? config.name,
      authBaseUrl: '',
      restBaseUrl: '',
      soapBaseUrl: '',
    });
  }
  for (const tenant of tenants.values()) {
    if (!tenants.has(tenant.restInstanceUrlOf)) {
      throw new Error(
        `Tenant '${tenant.name}': restInstanceUrlOf names no tenant ('${tenant.restInstanceUrlOf}')`,
      );
    }
  }
  return tenants;
}

/**
 * The path and query of a request target. HTTP/1.1 servers must accept the absolute form
 * (`POST http://host/rest/… HTTP/1.1`, RFC 9112 §3.2.2), which clients send through a proxy.
 */
function originFormOf(target: string): string {
  const match = /^https?:\/\/[^/?#]*(.*)$/i.exec(target);
  if (!match) return target;
  const rest = match[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function bearerTokenOf(request: IncomingMessage): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
  return match?.[1];
}

function faultResponse(action: FaultAction): EmulatorResponse | undefined {
  switch (action.type) {
    case 'respond':
      return {
        status: action.status,
        body: action.body,
        ...(action.headers && { headers: action.headers }),
      };
    case 'rate-limit': {
      const seconds = action.retryAfterSeconds ?? 5;
      const body = rateLimitExceededBody(seconds);
      if (action.bodyRetryAfter === false) delete body.retryAfter;
      return json(
        429,
        body,
        action.header === false ? undefined : { 'retry-after': String(seconds) },
      );
    }
    case 'blocked':
      return json(429, temporarilyBlockedBody());
    case 'unavailable':
      return json(503, serviceUnavailableBody(), {
        'retry-after': String(action.retryAfterSeconds ?? 5),
      });
    case 'html': {
      const status = action.status ?? 502;
      return {
        status,
        body: `<!DOCTYPE html><html><head><title>${status} Error</title></head><body><h1>${status} Error</h1><p>The server encountered a temporary error.</p></body></html>`,
        headers: { 'content-type': 'text/html; charset=utf-8' },
      };
    }
    default:
      return undefined;
  }
}

/**
 * Counts a request on arrival, so that one answered by a fault (a 429, a reset) still counts:
 * the counters say what reached the emulator, whatever it answered.
 */
function countRequest(state: ServerState, parsed: ParsedRoute): void {
  if (!parsed.allowed) return;
  const counters = state.records.counters;
  if (parsed.route === 'token') counters.tokenRequests += 1;
  else if (parsed.route === 'send') counters.sendRequests += 1;
  else if (parsed.route === 'sendBatch') counters.sendBatchRequests += 1;
  else if (parsed.route === 'deliveryRecord' || parsed.route === 'deliveryRecordQuery') {
    counters.deliveryRecordRequests += 1;
  }
}

/** The normal answer for a request, with no fault applied. */
function route(
  state: ServerState,
  parsed: ParsedRoute,
  request: IncomingMessage,
  bodyText: string,
  bearerToken: string | undefined,
): EmulatorResponse {
  const contentType = request.headers['content-type'];
  const tenant = state.tenants.get(parsed.tenant);
  if (parsed.route === 'unknown' || !tenant) {
    return json(404, restErrorBody(`No route matches ${request.method} ${request.url}.`, 30003));
  }
  if (parsed.route === 'badEncoding') {
    return json(400, restErrorBody('The URL has malformed percent-encoding.', 10003));
  }
  if (!parsed.allowed) {
    return json(405, restErrorBody(`Method ${request.method} is not allowed here.`, 405));
  }
  if (parsed.route === 'token') {
    const advertised = state.tenants.get(tenant.restInstanceUrlOf) ?? tenant;
    const answer = handleTokenRequest(
      {
        tenant: tenant.name,
        clients: tenant.clients,
        tokens: state.tokens,
        expiresInSeconds: state.options.expiresInSeconds,
        restBaseUrl: advertised.restBaseUrl,
        soapBaseUrl: advertised.soapBaseUrl,
      },
      contentType,
      bodyText,
    );
    if (answer.status === 200) state.records.counters.tokensIssued += 1;
    return answer;
  }

  const token = state.tokens.validate(bearerToken);
  if (!token) {
    // RFC 6750: a request without credentials gets the bare challenge, a bad token `invalid_token`.
    const challenge = bearerToken === undefined ? 'Bearer' : INVALID_TOKEN_CHALLENGE;
    return json(401, notAuthorizedBody(), { 'www-authenticate': challenge });
  }
  if (token.tenant !== tenant.name) return json(403, tokenInvalidOnEndpointBody());
  token.uses += 1;

  const context = {
    tenant: tenant.name,
    definitions: tenant.definitions,
    records: state.records,
    deliveryRecords: state.deliveryRecords,
    excludedAddresses: tenant.excludedAddresses,
    clock: state.clock,
    deliveryDelayMs: state.options.deliveryDelayMs,
    maxBatchSize: state.options.maxBatchSize,
  };
  switch (parsed.route) {
    case 'send':
    case 'sendBatch': {
      const sendRequest = {
        definitionReference: parsed.definition,
        contentType,
        bodyText,
        bearerToken: token.accessToken,
      };
      return parsed.route === 'send'
        ? handleSend(context, sendRequest)
        : handleSendBatch(context, sendRequest);
    }
    case 'deliveryRecordQuery':
      return handleDeliveryRecordQuery(context, parsed.definition, parsed.query);
    default:
      return handleDeliveryRecord(context, parsed.definition, parsed.recipientSendId);
  }
}

async function handleRequest(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const parsed = parseRoute(method, originFormOf(url), DEFAULT_TENANT);
  const bearerToken = bearerTokenOf(request);
  const recorded: RecordedRequest = {
    seq: state.records.nextSeq(),
    at: Date.now(),
    method,
    url,
    route: routeName(parsed),
    tenant: parsed.tenant,
    headers: request.headers,
    bearerToken,
    bodyText: '',
    status: undefined,
    fault: undefined,
  };
  state.records.addRequest(recorded);
  countRequest(state, parsed);
  response.on('finish', () => {
    recorded.status = response.statusCode;
  });

  const body = await readBody(request, state.options.maxBodyBytes);
  // Without records the body is not kept: a long load run must not hold every request's text.
  if (state.records.keep) recorded.bodyText = body.text;
  const fault = state.faults.take(recorded.route);
  recorded.fault = fault?.type;

  if (body.tooLarge) {
    writeResponse(response, json(413, restErrorBody('Request body too large.', 413)));
    return;
  }
  if (fault?.type === 'reset' && !fault.afterProcessing) {
    request.socket.destroy();
    return;
  }
  if (fault?.type === 'expire-tokens') state.tokens.expireAll();
  const answer =
    (fault && faultResponse(fault)) ?? route(state, parsed, request, body.text, bearerToken);

  if (fault?.type === 'reset') {
    request.socket.destroy();
    return;
  }
  const lateByMs = state.options.latencyMs + (fault?.type === 'delay' ? fault.ms : 0);
  if (lateByMs > 0) {
    const cancel = state.clock.schedule(lateByMs, () => {
      state.pendingAnswers.delete(cancel);
      if (!response.destroyed) writeResponse(response, answer);
    });
    state.pendingAnswers.add(cancel);
    return;
  }
  writeResponse(response, answer);
}

function publicTenant(tenant: TenantState): EmulatorTenant {
  const { name, authBaseUrl, restBaseUrl, soapBaseUrl, definitions } = tenant;
  return Object.freeze({ name, authBaseUrl, restBaseUrl, soapBaseUrl, definitions });
}

/**
 * Starts a local Marketing Cloud: the v2/token route under `authBaseUrl` and the triggered-send REST
 * routes under `restBaseUrl`, on one port (default: a free one on 127.0.0.1).
 */
export async function startMarketingCloudEmulator(
  options: MarketingCloudEmulatorOptions = {},
): Promise<MarketingCloudEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const clock = resolved.clock ?? SYSTEM_CLOCK;
  const state: ServerState = {
    options: resolved,
    clock,
    records: new EmulatorRecords(resolved.record, resolved.maxRecords),
    faults: new FaultController(clock),
    tokens: new TokenStore(resolved.tokenLifetimeSeconds * 1000, clock),
    deliveryRecords: new DeliveryRecordStore(resolved.deliveryRecordRetention, clock),
    tenants: tenantStates(resolved, clock),
    pendingAnswers: new Set(),
  };

  // Marketing Cloud closes idle keep-alive connections after 5 seconds (§5); so does the emulator.
  const server = createServer({ keepAliveTimeout: 5_000 }, (request, response) => {
    handleRequest(state, request, response).catch(() => {
      if (!response.headersSent)
        writeResponse(response, json(500, restErrorBody('Internal Server Error', 500)));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const advertised = resolved.advertisedOrigin?.replace(/\/+$/, '');
  const origin =
    advertised ??
    `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
  for (const tenant of state.tenants.values()) {
    const base =
      tenant.name === DEFAULT_TENANT ? origin : `${origin}${TENANTS_PREFIX}${tenant.name}`;
    tenant.authBaseUrl = `${base}${AUTH_PREFIX}`;
    // An advertised origin stands for Marketing Cloud's own hosts: the REST base is the bare origin.
    tenant.restBaseUrl = advertised === undefined ? `${base}${REST_PREFIX}` : `${base}/`;
    tenant.soapBaseUrl = `${base}${SOAP_PREFIX}`;
  }
  const tenants: ReadonlyMap<string, EmulatorTenant> = new Map(
    [...state.tenants].map(([name, tenant]) => [name, publicTenant(tenant)]),
  );
  const defaultTenant = tenants.get(DEFAULT_TENANT)!;
  let closing: Promise<void> | undefined;

  return {
    ...defaultTenant,
    port,
    tenants,
    tenant: (name) => {
      const tenant = tenants.get(name);
      if (!tenant) throw new Error(`The emulator has no tenant '${name}'`);
      return tenant;
    },
    clock,
    records: state.records,
    get counters(): EmulatorCounters {
      return { ...state.records.counters, requestsPerToken: state.tokens.usesPerToken() };
    },
    faults: state.faults,
    expireAllTokens: () => state.tokens.expireAll(),
    reset: () => {
      state.records.clear();
      state.faults.clear();
      state.tokens.resetUses();
    },
    // One promise for every call, so a test's own close() and its afterEach cleanup can both call it.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        for (const cancel of state.pendingAnswers) cancel();
        state.pendingAnswers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
