import {
  DEFAULT_EMULATOR_CLIENT,
  type EmulatorClientConfig,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';

/**
 * Module options that point at an emulator: its auth base URL and the credentials of `client`
 * (default: the emulator's default client), with `overrides` on top. For tests that start an
 * emulator of their own, e.g. `MarketingCloudModule.forRoot(marketingCloudOptionsForEmulator(emulator))`.
 */
export function marketingCloudOptionsForEmulator(
  emulator: Pick<MarketingCloudEmulator, 'authBaseUrl'>,
  overrides: Partial<MarketingCloudModuleOptions> = {},
  client: Pick<EmulatorClientConfig, 'clientId' | 'clientSecret'> = DEFAULT_EMULATOR_CLIENT,
): MarketingCloudModuleOptions {
  return {
    authBaseUrl: emulator.authBaseUrl,
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    ...overrides,
  };
}
