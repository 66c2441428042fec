import { Test, type TestingModule } from '@nestjs/testing';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { MarketingCloudModule, type MarketingCloudModuleOptions } from 'nestjs-marketing-cloud';
import {
  MarketingCloudQueueModule,
  TriggeredSendQueue,
  type MarketingCloudQueueOptions,
  type TriggeredSendJobStatus,
} from 'nestjs-marketing-cloud/queue';
import { expect, vi } from 'vitest';
import { CapturingLogger } from './capturing-logger.js';
import { emulatorOptions } from './marketing-cloud-testing.js';

export interface QueueApp {
  readonly moduleRef: TestingModule;
  readonly queue: TriggeredSendQueue;
  readonly logger: CapturingLogger;
  close(): Promise<void>;
}

/**
 * An application context with MarketingCloudModule (against `emulator`) and the queue module: its
 * worker runs in this process unless `queue.worker` is false. Close it with `close()`.
 */
export async function startQueueApp(
  emulator: MarketingCloudEmulator,
  queue: MarketingCloudQueueOptions,
  core: Partial<MarketingCloudModuleOptions> = {},
): Promise<QueueApp> {
  const logger = new CapturingLogger();
  const moduleRef = await Test.createTestingModule({
    imports: [
      MarketingCloudModule.forRoot(emulatorOptions(emulator, core)),
      MarketingCloudQueueModule.forRoot(queue),
    ],
  })
    .setLogger(logger)
    .compile();
  await moduleRef.init();
  return {
    moduleRef,
    queue: moduleRef.get(TriggeredSendQueue),
    logger,
    close: () => moduleRef.close(),
  };
}

/** Waits (bounded) until the job reaches a final state, and returns it. */
export async function finalStatus(
  queue: TriggeredSendQueue,
  jobId: string,
  timeout = 15_000,
): Promise<TriggeredSendJobStatus> {
  return vi.waitFor(
    async () => {
      const status = await queue.getStatus(jobId);
      expect(status?.state).toMatch(/^(sent|failed)$/);
      return status!;
    },
    { timeout, interval: 20 },
  );
}
