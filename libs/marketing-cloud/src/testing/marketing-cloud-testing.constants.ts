import { instanceToken, isDefaultInstance } from '../instances/instance-name.js';

/** The DI tokens of the testing kit (kept apart from the module file, which would make cycles). */

/** The in-process emulator (a `MarketingCloudEmulator`) that MarketingCloudTestingModule started. */
export const MARKETING_CLOUD_EMULATOR = Symbol('MARKETING_CLOUD_EMULATOR');

/**
 * The token of the emulator started for the instance `name` (`forRoot({ name })`): for the default
 * instance, MARKETING_CLOUD_EMULATOR itself.
 */
export function getMarketingCloudEmulatorToken(name?: string): string | symbol {
  return isDefaultInstance(name) ? MARKETING_CLOUD_EMULATOR : instanceToken(name, 'Emulator');
}
