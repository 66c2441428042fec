import type { MarketingCloudEmulatorOptions } from 'marketing-cloud-emulator';
import type { MarketingCloudModuleExtras } from '../marketing-cloud.module-definition.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';

/**
 * Options of `MarketingCloudTestingModule.forRoot()`: the module's own options (every one may be
 * overridden; the kit supplies where to connect and, unless given, the credentials), plus the
 * emulator's.
 */
export interface MarketingCloudTestingOptions
  extends
    Partial<Omit<MarketingCloudModuleOptions, 'subdomain' | 'authBaseUrl'>>,
    MarketingCloudModuleExtras {
  /**
   * Options of the in-process emulator (definitions, clients, deliveryDelayMs, excludedAddresses...).
   * It always listens on 127.0.0.1, on a free port. Default: the emulator's defaults, whose
   * definitions are the ones Salesforce's documented examples address.
   */
  emulator?: Omit<MarketingCloudEmulatorOptions, 'host' | 'port'>;
  /**
   * Register the module (TriggeredSendService, MarketingCloudHttpClient and the emulator token)
   * globally. Default **true** here (false in `MarketingCloudModule`), so that your own modules
   * under test find TriggeredSendService as they do in an app that registers it globally.
   */
  isGlobal?: boolean;
}
