/** The DI tokens of the testing kit (kept apart from the module file, which would make cycles). */

/** The in-process emulator (a `MarketingCloudEmulator`) that MarketingCloudTestingModule started. */
export const MARKETING_CLOUD_EMULATOR = Symbol('MARKETING_CLOUD_EMULATOR');
