/**
 * Counts the HTTP requests this process puts on the wire, whatever client makes them (node:http,
 * axios, request, undici), through node:http's diagnostics channel `http.client.request.start` and
 * undici's `undici:request:create` (undici does not go through node:http). The
 * emulator runs in another process, so this is how a contender's token requests are counted
 * without touching the contender's code.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { ClientRequest } from 'node:http';

export interface WireCounts {
  /** POST …/v2/token */
  tokenRequests: number;
  /** POST …/messageDefinitionSends/…/send (retries included) */
  sendRequests: number;
  /** POST …/messageDefinitionSends/…/sendBatch (retries included) */
  sendBatchRequests: number;
  /** Anything else (a wrong URL shows here). */
  otherRequests: number;
  /** One example of each kind of path seen, to check where a client really sends. */
  paths: string[];
}

export function countWireRequests(): { counts: WireCounts; reset(): void } {
  const counts: WireCounts = {
    tokenRequests: 0,
    sendRequests: 0,
    sendBatchRequests: 0,
    otherRequests: 0,
    paths: [],
  };
  const seen = new Set<string>();
  const count = (method: string, fullPath: string) => {
    const path = fullPath.split('?', 1)[0] ?? '';
    let kind: string;
    if (path.endsWith('/v2/token')) {
      counts.tokenRequests += 1;
      kind = 'token';
    } else if (/\/messageDefinitionSends\/[^/]+\/send$/i.test(path)) {
      counts.sendRequests += 1;
      kind = 'send';
    } else if (/\/messageDefinitionSends\/[^/]+\/sendBatch$/i.test(path)) {
      counts.sendBatchRequests += 1;
      kind = 'sendBatch';
    } else {
      counts.otherRequests += 1;
      kind = 'other';
    }
    if (!seen.has(kind)) {
      seen.add(kind);
      counts.paths.push(`${method} ${path}`);
    }
  };
  subscribe('http.client.request.start', (message) => {
    const { request } = message as { request: ClientRequest };
    count(request.method, request.path);
  });
  subscribe('undici:request:create', (message) => {
    const { request } = message as { request: { method: string; path: string } };
    count(request.method, request.path);
  });
  return {
    counts,
    reset: () => {
      counts.tokenRequests = 0;
      counts.sendRequests = 0;
      counts.sendBatchRequests = 0;
      counts.otherRequests = 0;
      counts.paths.length = 0;
      seen.clear();
    },
  };
}
