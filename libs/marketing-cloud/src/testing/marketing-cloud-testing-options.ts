import type { EmulatorClock, MarketingCloudEmulatorOptions } from 'marketing-cloud-emulator';
import type { MarketingCloudModuleExtras } from '../marketing-cloud.module-definition.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';

/**
 * Options of `MarketingCloudTestingModule.forRoot()`: the module's own options (every one may be
 * overridden; the kit supplies where to connect and, unless given, the credentials), plus the
 * emulator's.
 */
export interface MarketingCloudTestingOptions
  extends
    Partial<Omit<MarketingCloudModuleOptions, 'subdomain' | 'authBaseUrl' | 'clock'>>,
    MarketingCloudModuleExtras {
  /**
   * Options of the in-process emulator (definitions, clients, deliveryDelayMs, excludedAddresses...).
   * It always listens on 127.0.0.1, on a free port. Default: the emulator's defaults, whose
   * definitions are the ones Salesforce's documented examples address.
   */
  emulator?: Omit<MarketingCloudEmulatorOptions, 'host' | 'port'>;
  /**
   * One clock for both sides, for tests that must not depend on the machine's speed: give
   * `new ManualClock()` (from `marketing-cloud-emulator`) and move time with `clock.advance(ms)`.
   * The emulator reads it (sends turn Sent after `deliveryDelayMs`, tokens expire, late answers
   * come) and so does the module (token lifetimes and renewal). `emulator.clock`, if given, is the
   * emulator's instead. Default: the real clock.
   */
  clock?: EmulatorClock;
  /**
   * Register the module (TriggeredSendService, MarketingCloudHttpClient and the emulator token)
   * globally. Default **true** here (false in `MarketingCloudModule`), so that your own modules
   * under test find TriggeredSendService as they do in an app that registers it globally.
   */
  isGlobal?: boolean;
}
