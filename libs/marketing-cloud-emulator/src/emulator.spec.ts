import { Agent, request, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { describe, expect, it, vi } from 'vitest';
import {
  closeAfterEach,
  fetchAccessToken,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';
import { tryConnect } from '../../../test/support/tcp.js';
import {
  DEFAULT_EMULATOR_CLIENT,
  DefinitionRegistry,
  DOCUMENTED_EXAMPLE_DEFINITIONS,
  EmulatorRecords,
  FaultController,
  ManualClock,
  startMarketingCloudEmulator,
} from './index.js';

/** A GET over a keep-alive agent; resolves once the body is read, leaving the socket pooled. */
function keepAliveGet(
  url: string,
  agent: Agent,
): Promise<{ response: IncomingMessage; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { agent }, (response) => {
      const socket = response.socket;
      response.resume();
      response.on('end', () => resolve({ response, socket }));
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

describe('startMarketingCloudEmulator', () => {
  const track = closeAfterEach();

  it('resolves with base URLs on 127.0.0.1 and a free port, records, faults, definitions and close', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    expect(emulator.port).toBeGreaterThan(0);
    expect(emulator.authBaseUrl).toBe(`http://127.0.0.1:${emulator.port}/auth/`);
    expect(emulator.restBaseUrl).toBe(`http://127.0.0.1:${emulator.port}/rest/`);
    expect(emulator.soapBaseUrl).toBe(`http://127.0.0.1:${emulator.port}/soap/`);
    expect(emulator.records).toBeInstanceOf(EmulatorRecords);
    expect(emulator.faults).toBeInstanceOf(FaultController);
    expect(emulator.definitions).toBeInstanceOf(DefinitionRegistry);
    expect(typeof emulator.close).toBe('function');
    expect(await tryConnect(emulator.port)).toBe('connected');
  });

  it('gives each emulator its own port and state', async () => {
    const first = track(await startMarketingCloudEmulator());
    const second = track(await startMarketingCloudEmulator());
    expect(first.port).not.toBe(second.port);
    await fetchAccessToken(first.authBaseUrl);
    expect(first.counters.tokensIssued).toBe(1);
    expect(second.counters.tokensIssued).toBe(0);
  });

  it('starts with the documented example definitions and the default client', async () => {
    expect(DEFAULT_EMULATOR_CLIENT).toEqual({
      clientId: 'emulator-client-id',
      clientSecret: 'emulator-client-secret',
      defaultScope: 'email_read email_write email_send',
    });
    const emulator = track(await startMarketingCloudEmulator());
    for (const definition of DOCUMENTED_EXAMPLE_DEFINITIONS) {
      expect(emulator.definitions.resolve(`key:${definition.customerKey}`)).toMatchObject({
        objectId: definition.objectId,
        status: 'Active',
      });
    }
    expect(emulator.definitions.resolve('dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc')?.customerKey).toBe(
      'external_key',
    );
  });

  it('rejects when the port is taken', async () => {
    const first = track(await startMarketingCloudEmulator());
    await expect(startMarketingCloudEmulator({ port: first.port })).rejects.toMatchObject({
      code: 'EADDRINUSE',
    });
  });

  it('listens on a chosen port', async () => {
    const probe = await startMarketingCloudEmulator();
    const port = probe.port;
    await probe.close();
    const emulator = track(await startMarketingCloudEmulator({ port, host: '127.0.0.1' }));
    expect(emulator.port).toBe(port);
    expect(emulator.restBaseUrl).toBe(`http://127.0.0.1:${port}/rest/`);
  });

  it('close() ends with a delayed answer pending and a keep-alive connection open; the port is then refused', async () => {
    // On a manual clock the delayed answer is never due: close() resolving proves it does not wait for it.
    const clock = new ManualClock();
    const emulator = track(await startMarketingCloudEmulator({ clock }));
    const agent = track(new Agent({ keepAlive: true }));
    const { response, socket } = await keepAliveGet(`${emulator.restBaseUrl}nowhere`, agent);
    expect(response.statusCode).toBe(404);
    expect(socket.destroyed).toBe(false);

    const token = await fetchAccessToken(emulator.authBaseUrl);
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 10_000 } });
    const pending = postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
      token,
    }).then(
      () => 'answered',
      (error: unknown) => ((error as Error).cause as { code?: string } | undefined)?.code,
    );
    await vi.waitFor(() => expect(clock.pending).toBe(1), { timeout: 10_000, interval: 5 });
    expect(emulator.records.sends).toHaveLength(1);

    await emulator.close();
    expect(clock.pending).toBe(0);

    expect(await pending).toBe('UND_ERR_SOCKET');
    await vi.waitFor(() => expect(socket.destroyed).toBe(true), { timeout: 10_000, interval: 5 });
    expect(await tryConnect(emulator.port)).toBe('ECONNREFUSED');
    // Calling close() again is harmless.
    await expect(emulator.close()).resolves.toBeUndefined();
  });

  it('latencyMs: does the work at once and answers every route that many milliseconds late', async () => {
    const clock = new ManualClock();
    const emulator = track(await startMarketingCloudEmulator({ clock, latencyMs: 100 }));
    let token: string | undefined;
    const tokenAnswer = fetchAccessToken(emulator.authBaseUrl).then((value) => (token = value));
    await vi.waitFor(() => expect(clock.pending).toBe(1), { timeout: 10_000, interval: 5 });
    clock.advance(99);
    expect(token).toBeUndefined();
    clock.advance(1);
    await tokenAnswer;

    let status: number | undefined;
    const sent = postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
      token: token!,
    }).then((response) => (status = response.status));
    await vi.waitFor(() => expect(clock.pending).toBe(1), { timeout: 10_000, interval: 5 });
    expect(emulator.records.sends).toHaveLength(1);
    clock.advance(99);
    expect(status).toBeUndefined();
    clock.advance(1);
    await sent;
    expect(status).toBe(202);
  });

  it('accepts absolute-form request targets and REST routes at the root (for an advertised origin)', async () => {
    const emulator = track(
      await startMarketingCloudEmulator({ advertisedOrigin: 'http://mc-x.rest.example.com/' }),
    );
    expect(emulator.restBaseUrl).toBe('http://mc-x.rest.example.com/');
    expect(emulator.authBaseUrl).toBe('http://mc-x.rest.example.com/auth/');
    const token = await fetchAccessToken(`http://127.0.0.1:${emulator.port}/auth/`);
    const { statusCode } = await new Promise<IncomingMessage>((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port: emulator.port,
          method: 'POST',
          path: 'http://mc-x.rest.example.com/messaging/v1/messageDefinitionSends/key:external_key/send',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        },
        (response) => {
          response.resume();
          resolve(response);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(JSON.stringify(sendBody()));
    });
    expect(statusCode).toBe(202);
    expect(emulator.records.sends).toHaveLength(1);
  });
});
