import { Global, Module } from '@nestjs/common';
import { MarketingCloudInstanceRegistry } from './marketing-cloud-instance-registry.js';

/** Global, so the health indicator finds every instance without importing each registration. */
@Global()
@Module({
  providers: [MarketingCloudInstanceRegistry],
  exports: [MarketingCloudInstanceRegistry],
})
export class MarketingCloudInstanceRegistryModule {}
