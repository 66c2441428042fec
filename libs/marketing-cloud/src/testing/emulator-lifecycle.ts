import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { MARKETING_CLOUD_EMULATOR } from './marketing-cloud-testing.constants.js';

/**
 * Closes the emulator with the application. It closes last (onApplicationShutdown), after
 * MarketingCloudModule's grace period for calls in flight (beforeApplicationShutdown): those calls
 * still reach it.
 */
@Injectable()
export class EmulatorLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(MARKETING_CLOUD_EMULATOR) private readonly emulator: MarketingCloudEmulator,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.emulator.close();
  }
}
