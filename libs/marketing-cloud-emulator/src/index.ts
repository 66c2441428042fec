export {
  startMarketingCloudEmulator,
  type EmulatorTenant,
  type MarketingCloudEmulator,
} from './emulator.js';
export { ManualClock, SYSTEM_CLOCK, type EmulatorClock } from './clock.js';
export {
  DEFAULT_DELIVERY_RECORD_MAX_AGE_MS,
  DEFAULT_DELIVERY_RECORD_MAX_COUNT,
  DEFAULT_EMULATOR_CLIENT,
  DEFAULT_MAX_BATCH_SIZE,
  DEFAULT_MAX_RECORDS,
  DEFAULT_TENANT,
  DOCUMENTED_EXAMPLE_DEFINITIONS,
  type DefinitionStatus,
  type EmulatorClientConfig,
  type EmulatorDefinitionConfig,
  type EmulatorTenantConfig,
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
  type DeliveryRecordEntry,
  type EmulatorCounters,
  type RecordedRequest,
} from './records.js';
export type { SubscriberFailure } from './subscriber-checks.js';
