/**
 * (b) This module, the way an application uses it: a Nest application context with
 * `MarketingCloudModule.forRoot()`, and `TriggeredSendService.send()` per email.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { MarketingCloudModule, TriggeredSendService } from 'nestjs-marketing-cloud';
import {
  ACCOUNT_ID,
  BENCH_MAX_CONCURRENT_REQUESTS,
  CLIENT_ID,
  CLIENT_SECRET,
  DEFINITION,
  sendBody,
} from '../support/workload.js';
import type { Contender, ContenderTarget } from './contender.js';

export async function createNestModule(target: ContenderTarget): Promise<Contender> {
  const app = await NestFactory.createApplicationContext(
    MarketingCloudModule.forRoot({
      authBaseUrl: target.authBaseUrl,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountId: ACCOUNT_ID,
      maxConcurrentRequests: BENCH_MAX_CONCURRENT_REQUESTS,
    }),
    { logger: false },
  );
  const triggeredSends = app.get(TriggeredSendService);
  return {
    send: async () => {
      await triggeredSends.send(DEFINITION, sendBody());
    },
    close: () => app.close(),
  };
}
