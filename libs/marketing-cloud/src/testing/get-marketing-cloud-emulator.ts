import type { INestApplicationContext } from '@nestjs/common';
import type { MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { getMarketingCloudEmulatorToken } from './marketing-cloud-testing.constants.js';

/**
 * The emulator MarketingCloudTestingModule started, from a compiled testing module or an app:
 * `getMarketingCloudEmulator(moduleRef).records.emailsTo('ada@example.com')`; with `name`, the one
 * of `forRoot({ name })`.
 */
export function getMarketingCloudEmulator(
  moduleRef: Pick<INestApplicationContext, 'get'>,
  name?: string,
): MarketingCloudEmulator {
  return moduleRef.get<MarketingCloudEmulator>(getMarketingCloudEmulatorToken(name), {
    strict: false,
  });
}
