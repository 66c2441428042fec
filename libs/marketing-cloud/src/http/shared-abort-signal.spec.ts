import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';

describe('one AbortSignal shared by many calls', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;

  afterEach(async () => {
    await moduleRef.close();
    await emulator.close();
  });

  it('50 concurrent sends on one signal: one listener on it, no MaxListenersExceededWarning, and the abort still reaches every call', async () => {
    emulator = await startMarketingCloudEmulator();
    moduleRef = await createMarketingCloudTestingModule(emulatorOptions(emulator));
    const service = moduleRef.get(TriggeredSendService);
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const controller = new AbortController();
      const { signal } = controller;
      const sendAll = (prefix: string) =>
        Promise.allSettled(
          Array.from({ length: 50 }, (_, i) =>
            service.send('key:external_key', sendBody(`${prefix}-${i}@example.com`), { signal }),
          ),
        );
      const finished = await sendAll('shared');
      expect(finished.every((outcome) => outcome.status === 'fulfilled')).toBe(true);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);

      // 50 calls waiting on the same signal: one listener, however many they are.
      emulator.faults.inject({
        route: 'send',
        times: Infinity,
        action: { type: 'delay', ms: 10_000 },
      });
      const pending = sendAll('aborted');
      await new Promise((resolve) => setImmediate(resolve));
      expect(getEventListeners(signal, 'abort')).toHaveLength(1);
      controller.abort();
      const aborted = await pending;
      expect(
        aborted.every(
          (outcome) =>
            outcome.status === 'rejected' && outcome.reason instanceof MarketingCloudAbortedError,
        ),
      ).toBe(true);
      expect(getEventListeners(signal, 'abort')).toHaveLength(0);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.filter((warning) => warning.name === 'MaxListenersExceededWarning')).toEqual(
        [],
      );
    } finally {
      process.off('warning', onWarning);
    }
  });
});
