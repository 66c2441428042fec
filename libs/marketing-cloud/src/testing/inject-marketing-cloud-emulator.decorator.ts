import { Inject } from '@nestjs/common';
import { MARKETING_CLOUD_EMULATOR } from './marketing-cloud-testing.constants.js';

/** Injects the emulator MarketingCloudTestingModule started: `@InjectMarketingCloudEmulator() emulator: MarketingCloudEmulator`. */
export const InjectMarketingCloudEmulator = (): PropertyDecorator & ParameterDecorator =>
  Inject(MARKETING_CLOUD_EMULATOR);
