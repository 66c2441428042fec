// The public API of nestjs-marketing-cloud/testing: the testing kit. Everything a user may import
// is named here. Only this entry imports marketing-cloud-emulator (an optional peer dependency).

export { MarketingCloudTestingModule } from './marketing-cloud-testing.module.js';
export type { MarketingCloudTestingOptions } from './marketing-cloud-testing-options.js';
export {
  getMarketingCloudEmulatorToken,
  MARKETING_CLOUD_EMULATOR,
} from './marketing-cloud-testing.constants.js';
export { InjectMarketingCloudEmulator } from './inject-marketing-cloud-emulator.decorator.js';
export { getMarketingCloudEmulator } from './get-marketing-cloud-emulator.js';
export { marketingCloudOptionsForEmulator } from './emulator-module-options.js';

// The emulator's types, so a test needs no second import to name what it injects.
export type {
  AcceptedSend,
  EmulatorRecords,
  FaultAction,
  FaultController,
  FaultHandle,
  FaultRule,
  MarketingCloudEmulator,
  MarketingCloudEmulatorOptions,
  RecordedRequest,
} from 'marketing-cloud-emulator';
