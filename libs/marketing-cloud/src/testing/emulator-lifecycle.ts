import type { OnApplicationShutdown } from '@nestjs/common';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';

/**
 * Closes the emulator with the application. It closes last (onApplicationShutdown), after
 * MarketingCloudModule's grace period for calls in flight (beforeApplicationShutdown): those calls
 * still reach it. Built by a factory provider, one per emulator (per instance name).
 */
export class EmulatorLifecycle implements OnApplicationShutdown {
  constructor(private readonly emulator: MarketingCloudEmulator) {}

  async onApplicationShutdown(): Promise<void> {
    await this.emulator.close();
  }
}
