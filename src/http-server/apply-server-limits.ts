import type { Server } from 'node:http';
import type { ServerLimits } from '../config/server-limits.js';

/**
 * Sets the limits on the app's HTTP server. Call it before the server listens: Node checks the
 * request and headers timeouts on an interval (30 s by default) that it starts when listening, so
 * a 10 s timeout would otherwise be enforced anywhere up to 40 s. Checking every tenth of the
 * shorter timeout enforces each within 10 % of its value.
 */
export function applyServerLimits(server: Server, limits: ServerLimits): void {
  server.requestTimeout = limits.requestTimeoutMs;
  server.headersTimeout = limits.headersTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxConnections = limits.maxConnections;
  const shorter = Math.min(limits.requestTimeoutMs, limits.headersTimeoutMs);
  (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval =
    Math.max(100, Math.floor(shorter / 10));
}
