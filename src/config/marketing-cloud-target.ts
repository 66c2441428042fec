import type { OnApplicationShutdown, Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import type { MarketingCloudModuleOptions } from 'nestjs-marketing-cloud';
import { emulatorModuleOptions, startEmbeddedEmulator } from '../emulator/embedded-emulator.js';
import {
  businessUnitTarget,
  MARKETING_CLOUD_ENV_VARIABLES,
  NAMED_BUSINESS_UNITS,
  marketingCloudTarget,
  type MarketingCloudEnv,
  type NamedBusinessUnit,
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

function readEnvironment(config: ConfigService<MarketingCloudEnv>): MarketingCloudEnv {
  const env: MarketingCloudEnv = {};
  for (const name of MARKETING_CLOUD_ENV_VARIABLES) env[name] = config.get(name, { infer: true });
  return env;
}

/**
 * Reads the MC_* variables and starts the embedded emulator when no credentials are set, with a
 * tenant for each named business unit that has no MC_{UNIT}_* credentials either.
 */
export const marketingCloudTargetProvider = {
  provide: MarketingCloudTarget,
  inject: [ConfigService],
  useFactory: async (config: ConfigService<MarketingCloudEnv>): Promise<MarketingCloudTarget> => {
    const env = readEnvironment(config);
    const target = marketingCloudTarget(env);
    if (target.kind === 'tenant') return new MarketingCloudTarget(target.options, undefined);
    const emulatedUnits = NAMED_BUSINESS_UNITS.filter(
      (unit) => businessUnitTarget(env, unit)?.kind === 'emulator',
    );
    const emulator = await startEmbeddedEmulator(emulatedUnits);
    return new MarketingCloudTarget(emulatorModuleOptions(emulator), emulator);
  },
};

/** The injection token of a named business unit's MarketingCloudTarget. */
export const businessUnitTargetToken = (unit: NamedBusinessUnit): string =>
  `MarketingCloudTarget(${unit})`;

/**
 * Reads the MC_{UNIT}_* variables, or points at the unit's tenant of the embedded emulator when
 * the whole app runs on the emulator (the default target owns and closes that emulator).
 */
export function businessUnitTargetProvider(unit: NamedBusinessUnit): Provider {
  return {
    provide: businessUnitTargetToken(unit),
    inject: [ConfigService, MarketingCloudTarget],
    useFactory: async (config: ConfigService<MarketingCloudEnv>, main: MarketingCloudTarget) => {
      const target = businessUnitTarget(readEnvironment(config), unit);
      if (target === undefined) {
        throw new Error(
          `Business unit '${unit}' is not configured: set the MC_${unit.toUpperCase()}_* variables.`,
        );
      }
      if (target.kind === 'tenant') return new MarketingCloudTarget(target.options, undefined);
      if (!main.embeddedEmulator) {
        // The default target was replaced (a test's override): the unit gets an emulator of its
        // own, never the default's tenant (a send for de must not leave from another unit).
        const emulator = await startEmbeddedEmulator([unit]);
        return new MarketingCloudTarget(emulatorModuleOptions(emulator.tenant(unit)), emulator);
      }
      return new MarketingCloudTarget(
        emulatorModuleOptions(main.embeddedEmulator.tenant(unit)),
        undefined,
      );
    },
  };
}
