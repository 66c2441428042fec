import { Inject } from '@nestjs/common';
import { getMarketingCloudEmulatorToken } from './marketing-cloud-testing.constants.js';

/**
 * Injects the emulator MarketingCloudTestingModule started: `@InjectMarketingCloudEmulator() emulator:
 * MarketingCloudEmulator`, or `@InjectMarketingCloudEmulator('de')` for `forRoot({ name: 'de' })`.
 */
export const InjectMarketingCloudEmulator = (
  name?: string,
): PropertyDecorator & ParameterDecorator => Inject(getMarketingCloudEmulatorToken(name));
