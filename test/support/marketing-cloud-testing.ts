import { Test, type TestingModule } from '@nestjs/testing';
import {
  MarketingCloudModule,
  type MarketingCloudModuleOptions,
  type TriggeredSendRequest,
} from 'nestjs-marketing-cloud';
import { marketingCloudOptionsForEmulator } from 'nestjs-marketing-cloud/testing';
import { documentedSendBody } from '../../src/messaging/documented-examples.js';
import { CapturingLogger } from './capturing-logger.js';

/** Module options that point at an emulator with its default credentials (the testing kit's helper). */
export const emulatorOptions = marketingCloudOptionsForEmulator;

/** A compiled and initialised module with MarketingCloudModule.forRoot(options), logging into `logger`. */
export async function createMarketingCloudTestingModule(
  options: MarketingCloudModuleOptions,
  logger: CapturingLogger = new CapturingLogger(),
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [MarketingCloudModule.forRoot(options)],
  })
    .setLogger(logger)
    .compile();
  return moduleRef.init();
}

/** The documented example body, with a recipient of one's own. */
export function sendBody(
  address = 'example@example.com',
  subscriberKey = address,
): TriggeredSendRequest {
  const body = documentedSendBody();
  return { ...body, To: { ...body.To, Address: address, SubscriberKey: subscriberKey } };
}
