import { Module } from '@nestjs/common';
import { marketingCloudTargetProvider, MarketingCloudTarget } from './marketing-cloud-target.js';

@Module({ providers: [marketingCloudTargetProvider], exports: [MarketingCloudTarget] })
export class MarketingCloudTargetModule {}
