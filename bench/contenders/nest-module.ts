/**
 * (b) This module, the way an application uses it: a Nest application context with
 * `MarketingCloudModule.forRoot()`, and `TriggeredSendService.send()` per email.
 *
 * (g) The same module built from another commit, for a lever's before/after in one run: copy a
 * build's libs/marketing-cloud/dist to a folder inside the repository (e.g. dist/baseline-module,
 * so that its imports resolve from node_modules) and run with
 * `BENCH_BASELINE_MODULE=dist/baseline-module BENCH_CONTENDERS=module,baseline npm run bench`.
 */
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as thisModule from 'nestjs-marketing-cloud';
import {
  ACCOUNT_ID,
  BENCH_MAX_CONCURRENT_REQUESTS,
  CLIENT_ID,
  CLIENT_SECRET,
  DEFINITION,
  sendBody,
} from '../support/workload.js';
import type { Contender, ContenderTarget } from './contender.js';

type ModuleApi = Pick<typeof thisModule, 'MarketingCloudModule' | 'TriggeredSendService'>;

export async function createNestModule(target: ContenderTarget): Promise<Contender> {
  return createFrom(thisModule, target);
}

export async function createBaselineModule(target: ContenderTarget): Promise<Contender> {
  const folder = process.env['BENCH_BASELINE_MODULE'];
  if (!folder)
    throw new Error('BENCH_BASELINE_MODULE: the folder of a built module to compare with');
  // A dual build has its ESM entry in esm/; older builds have index.js at the top.
  const esm = resolve(folder, 'esm', 'index.js');
  const entry = pathToFileURL(existsSync(esm) ? esm : resolve(folder, 'index.js')).href;
  return createFrom((await import(entry)) as ModuleApi, target);
}

async function createFrom(
  { MarketingCloudModule, TriggeredSendService }: ModuleApi,
  target: ContenderTarget,
): Promise<Contender> {
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
