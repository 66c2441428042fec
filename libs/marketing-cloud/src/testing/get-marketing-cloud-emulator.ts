import type { INestApplicationContext } from '@nestjs/common';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { MARKETING_CLOUD_EMULATOR } from './marketing-cloud-testing.constants.js';

/**
 * The emulator MarketingCloudTestingModule started, from a compiled testing module or an app:
 * `getMarketingCloudEmulator(moduleRef).records.emailsTo('ada@example.com')`.
 */
export function getMarketingCloudEmulator(
  moduleRef: Pick<INestApplicationContext, 'get'>,
): MarketingCloudEmulator {
  return moduleRef.get<MarketingCloudEmulator>(MARKETING_CLOUD_EMULATOR, { strict: false });
}
