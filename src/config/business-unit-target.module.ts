import { Module, type DynamicModule } from '@nestjs/common';
import type { NamedBusinessUnit } from './marketing-cloud-env.js';
import { businessUnitTargetProvider, businessUnitTargetToken } from './marketing-cloud-target.js';
import { MarketingCloudTargetModule } from './marketing-cloud-target.module.js';

/** The target of one named business unit: MC_{UNIT}_* variables, or its tenant of the embedded emulator. */
@Module({})
export class BusinessUnitTargetModule {
  static forUnit(unit: NamedBusinessUnit): DynamicModule {
    return {
      module: BusinessUnitTargetModule,
      imports: [MarketingCloudTargetModule],
      providers: [businessUnitTargetProvider(unit)],
      exports: [businessUnitTargetToken(unit)],
    };
  }
}
