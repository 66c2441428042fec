import type { TestingModule } from '@nestjs/testing';
import {
  ManualClock,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { untilHeld } from '../../../../test/support/eventually.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const DEFINITION = 'key:external_key';

describe('MarketingCloudHttpClient', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;
  let logger: CapturingLogger;
  /** The emulator's clock: a late answer is held until the test moves it. */
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = await startMarketingCloudEmulator({ clock });
    logger = new CapturingLogger();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function sends(overrides: Partial<MarketingCloudModuleOptions> = {}) {
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, overrides),
      logger,
    );
    return moduleRef.get(TriggeredSendService);
  }

  it('keeps at most maxConcurrentRequests requests in flight; the others wait their turn', async () => {
    const service = await sends({ maxConcurrentRequests: 2 });
    await service.send(DEFINITION, sendBody('warm@example.com'));
    emulator.faults.inject({ route: 'send', times: Infinity, action: { type: 'delay', ms: 200 } });
    const sent = Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        service.send(DEFINITION, sendBody(`turn-${i}@example.com`)),
      ),
    );
    // Three waves of two: the next two go out only once two answers came back.
    for (let wave = 1; wave <= 3; wave += 1) {
      await untilHeld(clock, 2);
      expect(emulator.counters.sendRequests).toBe(1 + 2 * wave);
      clock.advance(200);
    }
    await sent;
    const start = emulator.records.sends[1]!.acceptedAtMonotonic;
    expect(emulator.records.sends.slice(1).map((send) => send.acceptedAtMonotonic - start)).toEqual(
      [0, 0, 200, 200, 400, 400],
    );
    expect(emulator.counters.acceptedSends).toBe(7);
  });

  it('gives up waiting for a token when the call is aborted, as not sent', async () => {
    const service = await sends();
    emulator.faults.inject({ route: 'token', action: { type: 'delay', ms: 3000 } });
    const controller = new AbortController();
    const failure = service.send(DEFINITION, sendBody(), { signal: controller.signal });
    await untilHeld(clock, 1); // the token request arrived; its answer is held
    controller.abort();
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudAbortedError);
    await expect(failure).rejects.toMatchObject({
      retryable: true,
      message: expect.stringContaining('before the request was sent'),
    });
    expect(emulator.counters.sendRequests).toBe(0);
  });

  it('holds a hard deadline: a server that trickles its answer still times out', async () => {
    // A tenant whose REST host sends one byte every 100 ms: axios's idle timeout alone never fires.
    const trickling: Server = createServer((request, response) => {
      if (request.url === '/auth/v2/token') {
        const { port } = trickling.address() as AddressInfo;
        response.setHeader('content-type', 'application/json');
        response.end(
          JSON.stringify({
            access_token: 't',
            expires_in: 1079,
            rest_instance_url: `http://127.0.0.1:${port}/rest/`,
          }),
        );
        return;
      }
      response.writeHead(202, { 'content-type': 'application/json' });
      const timer = setInterval(() => response.write(' '), 100);
      response.on('close', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => trickling.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = trickling.address() as AddressInfo;
      moduleRef = await createMarketingCloudTestingModule(
        {
          authBaseUrl: `http://127.0.0.1:${port}/auth/`,
          clientId: 'id',
          clientSecret: 'secret',
          requestTimeoutMs: 500,
        },
        logger,
      );
      // The trickle never ends: only a hard deadline can end the call (an idle timeout never fires).
      await expect(
        moduleRef.get(TriggeredSendService).send(DEFINITION, sendBody()),
      ).rejects.toMatchObject({
        name: 'MarketingCloudTimeoutError',
        message: expect.stringContaining('500 ms'),
      });
    } finally {
      trickling.closeAllConnections();
      await new Promise((resolve) => trickling.close(resolve));
    }
  });

  it('reads only timeoutMs and signal from the per-call options, and validates them', async () => {
    const service = await sends({ retry: { maxAttempts: 1 } });
    // An options bag with other keys (here typed loosely, as plain JavaScript could pass) changes nothing.
    const hostile = { idempotent: true, body: { To: 'x' }, path: 'elsewhere' } as object;
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 1000 } });
    await expect(
      service.send(DEFINITION, sendBody('once@example.com'), { ...hostile, timeoutMs: 200 }),
    ).rejects.toBeInstanceOf(MarketingCloudTimeoutError);
    expect(emulator.records.sends.map((send) => send.body)).toEqual([sendBody('once@example.com')]);
    for (const timeoutMs of [0, -5, 1.5, 10_000_000]) {
      await expect(service.send(DEFINITION, sendBody(), { timeoutMs })).rejects.toMatchObject({
        violations: [expect.objectContaining({ path: 'options.timeoutMs' })],
      });
    }
  });

  it('reports a bad definition, a bad body and bad options together', async () => {
    const service = await sends();
    const failure = service.send(
      'not-a-definition',
      { To: { Address: 'nope', SubscriberKey: 'k' } },
      { timeoutMs: 1 },
    );
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudValidationError);
    await expect(failure).rejects.toMatchObject({
      violations: [
        expect.objectContaining({ path: 'definition' }),
        expect.objectContaining({ path: 'To.Address' }),
        expect.objectContaining({ path: 'options.timeoutMs' }),
      ],
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it.each([
    [true, 'r***@example.com', 'recipient@example.com'],
    [false, 'recipient@example.com', 'r***@example.com'],
  ])('maskEmailsInLogs %s: logs the recipient as %s', async (maskEmailsInLogs, shown, hidden) => {
    const service = await sends({ maskEmailsInLogs, retry: { baseDelayMs: 0 } });
    emulator.faults.inject({
      route: 'send',
      action: { type: 'unavailable', retryAfterSeconds: 0 },
    });
    await service.send(DEFINITION, sendBody('recipient@example.com'));
    const retryLine = logger.lines.find((line) => line.includes('Retrying the send'));
    expect(retryLine).toContain(`to ${shown} via ${DEFINITION}`);
    expect(logger.lines.join('\n')).not.toContain(hidden);
  });

  it('logs an accepted send at debug with its (masked) recipient, the log context built on demand', async () => {
    const service = await sends({ maskEmailsInLogs: true });
    const result = await service.send(DEFINITION, sendBody('accepted@example.com'));
    expect(logger.lines).toContain(
      `debug Send to a***@example.com via ${DEFINITION} accepted: recipientSendId ${result.recipientSendId}. MarketingCloud`,
    );
    expect(logger.lines.join('\n')).not.toContain('accepted@example.com');
  });
});
