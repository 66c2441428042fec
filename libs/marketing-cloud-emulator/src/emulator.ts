import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DefinitionRegistry } from './definition-registry.js';
import { handleDeliveryRecord } from './delivery-record-route.js';
import {
  resolveEmulatorOptions,
  type MarketingCloudEmulatorOptions,
  type ResolvedEmulatorOptions,
} from './emulator-options.js';
import { FaultController, type FaultAction } from './faults.js';
import { json, readBody, writeResponse, type EmulatorResponse } from './http-io.js';
import {
  EmulatorRecords,
  type AcceptedSend,
  type EmulatorCounters,
  type RecordedRequest,
} from './records.js';
import {
  AUTH_PREFIX,
  parseRoute,
  REST_PREFIX,
  routeName,
  SOAP_PREFIX,
  type ParsedRoute,
} from './routes.js';
import { handleSend } from './send-route.js';
import { TokenStore } from './token-store.js';
import { handleTokenRequest } from './token-route.js';
import {
  notAuthorizedBody,
  rateLimitExceededBody,
  restErrorBody,
  serviceUnavailableBody,
  temporarilyBlockedBody,
} from './wire-format.js';

export interface MarketingCloudEmulator {
  /** The Authentication Base URI, with trailing slash: POST `${authBaseUrl}v2/token`. */
  readonly authBaseUrl: string;
  /** The REST base URI, as `rest_instance_url` gives it (scheme and trailing slash). */
  readonly restBaseUrl: string;
  readonly soapBaseUrl: string;
  readonly port: number;
  /** Every request and every accepted send, in arrival order (unless started with `record: false`). */
  readonly records: EmulatorRecords;
  /** A snapshot of the counters. */
  readonly counters: EmulatorCounters;
  /** Scripted faults and rate limits. */
  readonly faults: FaultController;
  /** The triggered send definitions; add more or pause one at run time. */
  readonly definitions: DefinitionRegistry;
  /** Expire every access token issued so far: the next REST call with one gets 401. */
  expireAllTokens(): void;
  /** Forget records, counters and faults (definitions and tokens stay). */
  reset(): void;
  /** Stop listening, drop open connections and cancel delayed answers. Safe to call twice. */
  close(): Promise<void>;
}

interface ServerState {
  readonly options: ResolvedEmulatorOptions;
  readonly records: EmulatorRecords;
  readonly faults: FaultController;
  readonly definitions: DefinitionRegistry;
  readonly tokens: TokenStore;
  readonly accepted: Map<string, AcceptedSend>;
  readonly subscriberIds: Map<string, number>;
  readonly excludedAddresses: ReadonlySet<string>;
  readonly pendingTimers: Set<NodeJS.Timeout>;
  authBaseUrl: string;
  restBaseUrl: string;
  soapBaseUrl: string;
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
  else if (parsed.route === 'deliveryRecord') counters.deliveryRecordRequests += 1;
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
  if (parsed.route === 'unknown') {
    return json(404, restErrorBody(`No route matches ${request.method} ${request.url}.`, 30003));
  }
  if (parsed.route === 'badEncoding') {
    return json(400, restErrorBody('The URL has malformed percent-encoding.', 10003));
  }
  if (!parsed.allowed) {
    return json(405, restErrorBody(`Method ${request.method} is not allowed here.`, 405));
  }
  if (parsed.route === 'token') {
    const answer = handleTokenRequest(
      {
        clients: state.options.clients,
        tokens: state.tokens,
        expiresInSeconds: state.options.expiresInSeconds,
        restBaseUrl: state.restBaseUrl,
        soapBaseUrl: state.soapBaseUrl,
      },
      contentType,
      bodyText,
    );
    if (answer.status === 200) state.records.counters.tokensIssued += 1;
    return answer;
  }

  const token = state.tokens.validate(bearerToken);
  if (!token) return json(401, notAuthorizedBody());
  token.uses += 1;

  if (parsed.route === 'send') {
    return handleSend(state, {
      definitionReference: parsed.definition,
      contentType,
      bodyText,
      bearerToken: token.accessToken,
    });
  }
  return handleDeliveryRecord(
    {
      definitions: state.definitions,
      accepted: state.accepted,
      deliveryDelayMs: state.options.deliveryDelayMs,
      subscriberIds: state.subscriberIds,
    },
    parsed.definition,
    parsed.recipientSendId,
  );
}

async function handleRequest(
  state: ServerState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const method = request.method ?? 'GET';
  const url = request.url ?? '/';
  const parsed = parseRoute(method, url);
  const bearerToken = bearerTokenOf(request);
  const recorded: RecordedRequest = {
    seq: state.records.nextSeq(),
    at: Date.now(),
    method,
    url,
    route: routeName(parsed),
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
  recorded.bodyText = body.text;
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
  if (fault?.type === 'delay') {
    const timer = setTimeout(() => {
      state.pendingTimers.delete(timer);
      if (!response.destroyed) writeResponse(response, answer);
    }, fault.ms);
    state.pendingTimers.add(timer);
    return;
  }
  writeResponse(response, answer);
}

/**
 * Starts a local Marketing Cloud: the v2/token route under `authBaseUrl` and the triggered-send REST
 * routes under `restBaseUrl`, on one port (default: a free one on 127.0.0.1).
 */
export async function startMarketingCloudEmulator(
  options: MarketingCloudEmulatorOptions = {},
): Promise<MarketingCloudEmulator> {
  const resolved = resolveEmulatorOptions(options);
  const state: ServerState = {
    options: resolved,
    records: new EmulatorRecords(resolved.record),
    faults: new FaultController(),
    definitions: new DefinitionRegistry(resolved.definitions),
    tokens: new TokenStore(resolved.tokenLifetimeSeconds * 1000),
    accepted: new Map(),
    subscriberIds: new Map(),
    excludedAddresses: new Set(resolved.excludedAddresses.map((address) => address.toLowerCase())),
    pendingTimers: new Set(),
    authBaseUrl: '',
    restBaseUrl: '',
    soapBaseUrl: '',
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
  const origin = `http://${resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host}:${port}`;
  state.authBaseUrl = `${origin}${AUTH_PREFIX}`;
  state.restBaseUrl = `${origin}${REST_PREFIX}`;
  state.soapBaseUrl = `${origin}${SOAP_PREFIX}`;
  let closing: Promise<void> | undefined;

  return {
    authBaseUrl: state.authBaseUrl,
    restBaseUrl: state.restBaseUrl,
    soapBaseUrl: state.soapBaseUrl,
    port,
    records: state.records,
    get counters(): EmulatorCounters {
      return { ...state.records.counters, requestsPerToken: state.tokens.usesPerToken() };
    },
    faults: state.faults,
    definitions: state.definitions,
    expireAllTokens: () => state.tokens.expireAll(),
    reset: () => {
      state.records.clear();
      state.faults.clear();
      state.tokens.resetUses();
    },
    // One promise for every call, so a test's own close() and its afterEach cleanup can both call it.
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        for (const timer of state.pendingTimers) clearTimeout(timer);
        state.pendingTimers.clear();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      })),
  };
}
