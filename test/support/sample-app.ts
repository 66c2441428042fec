import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { CapturingLogger } from './capturing-logger.js';

const MC_VARIABLES = [
  'NODE_ENV',
  'MC_SUBDOMAIN',
  'MC_AUTH_BASE_URL',
  'MC_CLIENT_ID',
  'MC_CLIENT_SECRET',
  'MC_ACCOUNT_ID',
  'MC_SCOPE',
  'MC_REQUEST_TIMEOUT_MS',
];

/** Sets the MC_* variables (and NODE_ENV) for one app, returning a function that restores them. */
export function setEnvironment(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(MC_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of MC_VARIABLES) {
    const value = values[name];
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

/** The sample app as main.ts builds it, initialised but not listening (supertest drives its server). */
export async function createSampleApp(
  logger = new CapturingLogger(),
): Promise<NestExpressApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
    .setLogger(logger)
    .compile();
  const app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger }));
  return app.init();
}
