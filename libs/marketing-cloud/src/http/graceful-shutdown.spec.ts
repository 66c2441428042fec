import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

const DEFINITION = 'key:external_key';

describe('graceful shutdown', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let sends: TriggeredSendService;

  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator();
  });
  afterEach(() => emulator.close());

  async function start(overrides: Partial<MarketingCloudModuleOptions>) {
    moduleRef = await createMarketingCloudTestingModule(emulatorOptions(emulator, overrides));
    sends = moduleRef.get(TriggeredSendService);
    await sends.send(DEFINITION, sendBody('warm-up@example.com')); // token cached, connection open
  }

  it('lets an in-flight send finish within the grace period', async () => {
    await start({ shutdownGracePeriodMs: 3000 });
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 300 } });
    const inFlight = sends.send(DEFINITION, sendBody('finishes@example.com'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await moduleRef.close();
    await expect(inFlight).resolves.toMatchObject({ messages: ['Queued'] });
    expect(emulator.records.emailsTo('finishes@example.com')).toHaveLength(1);
  });

  it('aborts a send still in flight when the grace period ends, with a typed error that says it was sent', async () => {
    await start({ shutdownGracePeriodMs: 100 });
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 10_000 } });
    const inFlight = sends.send(DEFINITION, sendBody('aborted@example.com'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = performance.now();
    await moduleRef.close();
    expect(performance.now() - closing).toBeLessThan(2000);
    await expect(inFlight).rejects.toBeInstanceOf(MarketingCloudAbortedError);
    await expect(inFlight).rejects.toMatchObject({
      retryable: false,
      message: expect.stringContaining('shutting down, after the request was sent'),
    });
  });

  it('fails a send waiting to retry at once, as not sent, and refuses new sends once shutdown began', async () => {
    // A grace period far beyond the test's timeout: waiting for it would fail the test.
    await start({ shutdownGracePeriodMs: 60_000 });
    emulator.faults.inject({
      route: 'send',
      action: { type: 'rate-limit', retryAfterSeconds: 20 },
    });
    const waiting = sends.send(DEFINITION, sendBody('waiting@example.com'));
    const waitingOutcome = waiting.catch((error: unknown) => error);
    await vi.waitFor(() => expect(emulator.counters.sendRequests).toBe(2)); // the 429 came back
    const closing = performance.now();
    const closed = moduleRef.close();
    // The waiting send fails as soon as shutdown begins, not at the end of the grace period.
    expect(await waitingOutcome).toMatchObject({
      name: 'MarketingCloudAbortedError',
      retryable: true,
      maybeSent: false,
    });
    await expect(sends.send(DEFINITION, sendBody('late@example.com'))).rejects.toMatchObject({
      name: 'MarketingCloudAbortedError',
      retryable: true,
      maybeSent: false,
      message: expect.stringContaining('shutting down, before the request was sent'),
    });
    await closed;
    // Nothing was on the wire: no grace period was waited for.
    expect(performance.now() - closing).toBeLessThan(15_000);
    expect(emulator.records.emailsTo('waiting@example.com')).toHaveLength(0);
    expect(emulator.records.emailsTo('late@example.com')).toHaveLength(0);
  });

  it('fails calls still waiting for a slot at once (retryable), and gives the grace period only to calls on the wire', async () => {
    await start({ shutdownGracePeriodMs: 300, maxConcurrentRequests: 2 });
    emulator.faults.inject({ route: 'send', times: 2, action: { type: 'delay', ms: 10_000 } });
    const outcomes = Array.from({ length: 10 }, (_, i) =>
      sends.send(DEFINITION, sendBody(`queued-${i}@example.com`)).catch((error: unknown) => error),
    );
    await vi.waitFor(() => expect(emulator.counters.sendRequests).toBe(3)); // warm-up + 2 on the wire
    const settled: number[] = [];
    outcomes.forEach((outcome, i) => void outcome.then(() => settled.push(i)));
    await moduleRef.close();
    const errors = (await Promise.all(outcomes)) as MarketingCloudAbortedError[];
    expect(errors.every((error) => error instanceof MarketingCloudAbortedError)).toBe(true);
    // Calls 0 and 1 had the two slots (on the wire); 2-9 were waiting for one.
    expect(errors.map((error) => error.maybeSent)).toEqual([true, true, ...Array(8).fill(false)]);
    expect(errors.map((error) => error.retryable)).toEqual([false, false, ...Array(8).fill(true)]);
    // The waiting calls failed as soon as shutdown began, before the grace period of the others ended.
    expect(settled.slice(0, 8).toSorted()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(emulator.counters.sendRequests).toBe(3);
  });

  it('leaves nothing that keeps the process alive: a real process exits by itself', async () => {
    const root = fileURLToPath(new URL('../../../../', import.meta.url));
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        './test/fixtures/typescript-loader/register.mjs',
        './test/fixtures/graceful-shutdown-child.ts',
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    const exitCode = await new Promise<number | null>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const onOutput = (chunk: Buffer): void => {
        output += chunk.toString();
        // Measured from the end of the script, not from the start of a process that a loaded
        // machine may take seconds to boot: a leaked 10 s request timer would hold it ~10 s more.
        if (timer === undefined && output.includes('script ended')) {
          timer = setTimeout(() => {
            child.kill('SIGKILL');
            resolve(null);
          }, 4_000);
        }
      };
      child.stdout.on('data', onOutput);
      child.stderr.on('data', onOutput);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
    expect(output).toContain('in-flight send: MarketingCloudAbortedError');
    expect(output).toContain('script ended');
    expect(exitCode).toBe(0);
  }, 60_000);
});
