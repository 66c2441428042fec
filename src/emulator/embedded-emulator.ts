import { Logger } from '@nestjs/common';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type EmulatorDefinitionConfig,
  type EmulatorTenant,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';

/** The definitions Salesforce's documented examples address, so they work verbatim against the demo. */
export const DEMO_DEFINITIONS: readonly EmulatorDefinitionConfig[] = [
  { objectId: 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc', customerKey: 'external_key' },
  { customerKey: 'cust_key' },
];

/**
 * Starts the in-process emulator used when no Marketing Cloud credentials are set, and says so
 * once. Each named business unit in `units` gets a tenant of its own in it (own base URLs and
 * tokens: a token of one tenant opens no other's routes).
 */
export async function startEmbeddedEmulator(
  units: readonly string[] = [],
): Promise<MarketingCloudEmulator> {
  const emulator = await startMarketingCloudEmulator({
    definitions: DEMO_DEFINITIONS,
    tenants: units.map((name) => ({ name, definitions: DEMO_DEFINITIONS })),
  });
  const logger = new Logger('MarketingCloud');
  logger.log(
    `No Marketing Cloud credentials set: using the built-in emulator at ${emulator.restBaseUrl} (definitions key:external_key, key:cust_key, dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc). To use your tenant, set MC_SUBDOMAIN, MC_CLIENT_ID and MC_CLIENT_SECRET (see .env.example).`,
  );
  for (const unit of units) {
    const prefix = `MC_${unit.toUpperCase()}_`;
    logger.log(
      `Business unit '${unit}': the built-in emulator's tenant '${unit}' at ${emulator.tenant(unit).restBaseUrl} (its own tokens); its routes are under /bu/${unit}/. To use your own, set ${prefix}SUBDOMAIN, ${prefix}CLIENT_ID and ${prefix}CLIENT_SECRET.`,
    );
  }
  return emulator;
}

/** Module options that point at an emulator tenant, with the credentials it accepts by default. */
export function emulatorModuleOptions(tenant: EmulatorTenant) {
  return {
    authBaseUrl: tenant.authBaseUrl,
    clientId: DEFAULT_EMULATOR_CLIENT.clientId,
    clientSecret: DEFAULT_EMULATOR_CLIENT.clientSecret,
  };
}
