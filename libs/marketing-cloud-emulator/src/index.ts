export { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';
export {
  DEFAULT_EMULATOR_CLIENT,
  DOCUMENTED_EXAMPLE_DEFINITIONS,
  type DefinitionStatus,
  type EmulatorClientConfig,
  type EmulatorDefinitionConfig,
  type MarketingCloudEmulatorOptions,
} from './emulator-options.js';
export { DefinitionRegistry, type EmulatorDefinition } from './definition-registry.js';
export {
  FaultController,
  type EmulatorRoute,
  type FaultAction,
  type FaultHandle,
  type FaultRoute,
  type FaultRule,
  type RateLimitRule,
} from './faults.js';
export {
  EmulatorRecords,
  type AcceptedSend,
  type EmulatorCounters,
  type RecordedRequest,
} from './records.js';
export type { SubscriberFailure } from './subscriber-checks.js';
