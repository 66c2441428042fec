import type { OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import type { MarketingCloudModuleOptions } from 'nestjs-marketing-cloud';
import { emulatorModuleOptions, startEmbeddedEmulator } from '../emulator/embedded-emulator.js';
import {
  MARKETING_CLOUD_ENV_VARIABLES,
  marketingCloudTarget,
  type MarketingCloudEnv,
} from './marketing-cloud-env.js';

/** Where the app sends: the module options, and the embedded emulator when that is the target. */
export class MarketingCloudTarget implements OnApplicationShutdown {
  constructor(
    readonly options: MarketingCloudModuleOptions,
    readonly embeddedEmulator: MarketingCloudEmulator | undefined,
  ) {}

  /**
   * Closes the embedded emulator last, once the app has shut down: sends still in flight during
   * MarketingCloudModule's grace period (before shutdown) must still reach it.
   */
  async onApplicationShutdown(): Promise<void> {
    await this.embeddedEmulator?.close();
  }
}

/** Reads the MC_* variables and starts the embedded emulator when no credentials are set. */
export const marketingCloudTargetProvider = {
  provide: MarketingCloudTarget,
  inject: [ConfigService],
  useFactory: async (config: ConfigService<MarketingCloudEnv>): Promise<MarketingCloudTarget> => {
    const env: MarketingCloudEnv = {};
    for (const name of MARKETING_CLOUD_ENV_VARIABLES) env[name] = config.get(name, { infer: true });
    const target = marketingCloudTarget(env);
    if (target.kind === 'tenant') return new MarketingCloudTarget(target.options, undefined);
    const emulator = await startEmbeddedEmulator();
    return new MarketingCloudTarget(emulatorModuleOptions(emulator), emulator);
  },
};
