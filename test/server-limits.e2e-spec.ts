import { request as httpRequest, Agent, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DEFAULT_EMULATOR_CLIENT, startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerLimits } from '../src/config/server-limits.js';
import { DEMO_DEFINITIONS } from '../src/emulator/embedded-emulator.js';
import { openRawConnection } from './support/raw-connection.js';
import { createSampleApp, setEnvironment } from './support/sample-app.js';
import { sendBody } from './support/marketing-cloud-testing.js';

const SEND_PATH = '/messaging/v1/messageDefinitionSends/key:external_key/send';
/** How late a cut-off may come on a loaded machine before the test calls it broken. */
const GENEROUS_SLACK_MS = 10_000;

/** The sample app listening on 127.0.0.1 with the given HTTP_* variables, against its own emulator. */
async function startApp(limits: Record<string, string>) {
  const emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
  const restoreEnvironment = setEnvironment({
    MC_AUTH_BASE_URL: emulator.authBaseUrl,
    MC_CLIENT_ID: DEFAULT_EMULATOR_CLIENT.clientId,
    MC_CLIENT_SECRET: DEFAULT_EMULATOR_CLIENT.clientSecret,
    ...limits,
  });
  const app: NestExpressApplication = await createSampleApp();
  await app.listen(0, '127.0.0.1');
  const server = app.getHttpServer() as Server;
  return {
    emulator,
    app,
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      await app.close();
      await emulator.close();
      restoreEnvironment();
    },
  };
}

/** A POST of a valid send over `agent`, resolving with the status. */
function send(port: number, agent: Agent, address: string): Promise<number> {
  const body = JSON.stringify(sendBody(address));
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path: SEND_PATH,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

const connectionCount = (server: Server) =>
  new Promise<number>((resolve, reject) =>
    server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
  );

/** Request headers announcing a body of `length` bytes, which the client then sends slowly or never. */
const slowBodyHead = (length: number) =>
  `POST ${SEND_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{`;

describe('sample app HTTP server timeouts (HTTP_*_TIMEOUT_MS)', () => {
  const REQUEST_TIMEOUT_MS = 2_500;
  const HEADERS_TIMEOUT_MS = 1_000;
  const KEEP_ALIVE_TIMEOUT_MS = 1_000;
  let target: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    target = await startApp({
      HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
      HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HTTP_KEEP_ALIVE_TIMEOUT_MS: String(KEEP_ALIVE_TIMEOUT_MS),
    });
  });
  afterAll(() => target.close());

  it('sets the configured values on the server it listens with', () => {
    expect(target.app.get(ServerLimits)).toEqual(
      new ServerLimits(REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS, 1_000),
    );
    expect(target.server).toMatchObject({
      requestTimeout: REQUEST_TIMEOUT_MS,
      headersTimeout: HEADERS_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      maxConnections: 1_000,
    });
  });

  it('cuts off a client that trickles its body, with 408, at the request timeout', async () => {
    const client = openRawConnection(target.port, slowBodyHead(10_000));
    client.trickle(' ', 100); // still sending: a byte every 100 ms never ends the request
    const { received, afterMs } = await client.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + GENEROUS_SLACK_MS);
    expect(target.emulator.counters.sendRequests).toBe(0);
  });

  it('cuts off a client that trickles its headers, with 408, at the headers timeout', async () => {
    const client = openRawConnection(
      target.port,
      `POST ${SEND_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\n`,
    );
    client.trickle('X-Slow: 1\r\n', 100);
    const { received, afterMs } = await client.closed;
    expect(received).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(afterMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
    // Before the request timeout: it was the headers timeout that cut it.
    expect(afterMs).toBeLessThan(REQUEST_TIMEOUT_MS);
  });

  it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
    // A raw client: Node's own Agent closes idle sockets early on the server's Keep-Alive hint.
    const body = JSON.stringify(sendBody('keepalive@example.com'));
    const client = openRawConnection(
      target.port,
      `POST ${SEND_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    await expect
      .poll(() => client.received(), { timeout: 10_000 })
      .toMatch(/^HTTP\/1\.1 202 Accepted\r\n[\s\S]*\}$/);
    const answeredAt = performance.now();
    const { received } = await client.closed;
    const idleMs = performance.now() - answeredAt;
    expect(received).toMatch(/\r\nKeep-Alive: timeout=1\r\n/i);
    // Not before the timeout (Node 20.20 closes it about 1 s after it, a margin of its own).
    expect(idleMs).toBeGreaterThanOrEqual(KEEP_ALIVE_TIMEOUT_MS - 50);
    expect(idleMs).toBeLessThan(KEEP_ALIVE_TIMEOUT_MS + GENEROUS_SLACK_MS);
  });
});

describe('sample app connection cap (HTTP_MAX_CONNECTIONS)', () => {
  const MAX_CONNECTIONS = 4;
  let target: Awaited<ReturnType<typeof startApp>>;

  beforeAll(async () => {
    // Long timeouts, so that nothing but the cap decides which connection is served.
    target = await startApp({
      HTTP_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
      HTTP_REQUEST_TIMEOUT_MS: '600000',
      HTTP_HEADERS_TIMEOUT_MS: '600000',
      HTTP_KEEP_ALIVE_TIMEOUT_MS: '600000',
    });
  });
  afterAll(() => target.close());

  it('closes connections beyond the cap at once, while a normal client still gets its answers', async () => {
    const held = Array.from({ length: MAX_CONNECTIONS - 1 }, () =>
      openRawConnection(target.port, slowBodyHead(1_000)),
    );
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await expect
        .poll(() => connectionCount(target.server), { timeout: 10_000 })
        .toBe(MAX_CONNECTIONS - 1);
      // The last free connection: a normal client, kept alive.
      expect(await send(target.port, agent, 'first@example.com')).toBe(202);
      expect(await connectionCount(target.server)).toBe(MAX_CONNECTIONS);

      const beyond = await Promise.all(
        [1, 2].map(
          () => openRawConnection(target.port, 'GET /docs-json HTTP/1.1\r\nHost: x\r\n\r\n').closed,
        ),
      );
      for (const refused of beyond) expect(refused.received).toBe('');

      // The normal client's connection is still served, and the held ones were never answered.
      expect(await send(target.port, agent, 'second@example.com')).toBe(202);
      expect(held.map((connection) => connection.received())).toEqual(['', '', '']);
      expect(target.emulator.records.sends.map((accepted) => accepted.to.address)).toEqual([
        'first@example.com',
        'second@example.com',
      ]);

      // A freed slot takes a new connection again.
      held[0]!.socket.destroy();
      await expect
        .poll(() => connectionCount(target.server), { timeout: 10_000 })
        .toBe(MAX_CONNECTIONS - 1);
      const fresh = new Agent({ keepAlive: false });
      expect(await send(target.port, fresh, 'third@example.com')).toBe(202);
      fresh.destroy();
    } finally {
      agent.destroy();
      for (const connection of held) connection.socket.destroy();
    }
  });
});

describe('sample app start-up with a bad HTTP_* value', () => {
  it('refuses to start, naming each bad variable and its rule', async () => {
    const restore = setEnvironment({
      MC_AUTH_BASE_URL: 'http://127.0.0.1:9/auth/',
      MC_CLIENT_ID: 'id',
      MC_CLIENT_SECRET: 'secret',
      HTTP_MAX_CONNECTIONS: 'lots',
      HTTP_REQUEST_TIMEOUT_MS: '30',
    });
    try {
      await expect(createSampleApp()).rejects.toThrow(
        'Invalid HTTP server settings: HTTP_REQUEST_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000 (got "30"); HTTP_MAX_CONNECTIONS must be a whole number of connections from 1 to 100000 (got "lots"). See .env.example.',
      );
    } finally {
      restore();
    }
  });
});
