import { Logger } from '@nestjs/common';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type EmulatorDefinitionConfig,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';

/** The definitions Salesforce's documented examples address, so they work verbatim against the demo. */
export const DEMO_DEFINITIONS: readonly EmulatorDefinitionConfig[] = [
  { objectId: 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc', customerKey: 'external_key' },
  { customerKey: 'cust_key' },
];

/**
 * Starts an in-process emulator, used when no Marketing Cloud credentials are set, and says so
 * once. A named business unit gets an emulator of its own: a second tenant, with its own tokens.
 */
export async function startEmbeddedEmulator(unit?: string): Promise<MarketingCloudEmulator> {
  const emulator = await startMarketingCloudEmulator({ definitions: DEMO_DEFINITIONS });
  new Logger('MarketingCloud').log(
    unit === undefined
      ? `No Marketing Cloud credentials set: using the built-in emulator at ${emulator.restBaseUrl} (definitions key:external_key, key:cust_key, dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc). To use your tenant, set MC_SUBDOMAIN, MC_CLIENT_ID and MC_CLIENT_SECRET (see .env.example).`
      : `Business unit '${unit}': using a second built-in emulator (its own tenant) at ${emulator.restBaseUrl}; its routes are under /bu/${unit}/. To use your own, set MC_${unit.toUpperCase()}_SUBDOMAIN, MC_${unit.toUpperCase()}_CLIENT_ID and MC_${unit.toUpperCase()}_CLIENT_SECRET.`,
  );
  return emulator;
}

/** Module options that point at an emulator, with the credentials it accepts by default. */
export function emulatorModuleOptions(emulator: MarketingCloudEmulator) {
  return {
    authBaseUrl: emulator.authBaseUrl,
    clientId: DEFAULT_EMULATOR_CLIENT.clientId,
    clientSecret: DEFAULT_EMULATOR_CLIENT.clientSecret,
  };
}
