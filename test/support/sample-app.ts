import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { configureApp } from '../../src/app.setup.js';
import { ENVIRONMENT_VARIABLES } from '../../src/config/environment-variables.js';
import { CapturingLogger } from './capturing-logger.js';

/** Sets the app's variables (MC_*, HTTP_*, NODE_ENV, PORT) for one app, returning a function that restores them. */
export function setEnvironment(values: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(ENVIRONMENT_VARIABLES.map((name) => [name, process.env[name]]));
  for (const name of ENVIRONMENT_VARIABLES) {
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

/**
 * The sample app as main.ts builds it, initialised but not listening (supertest drives its server).
 * `override` may replace providers (e.g. the MarketingCloudTarget, to set other module options).
 */
export async function createSampleApp(
  logger = new CapturingLogger(),
  override: (builder: TestingModuleBuilder) => TestingModuleBuilder = (builder) => builder,
): Promise<NestExpressApplication> {
  const moduleRef = await override(
    Test.createTestingModule({ imports: [AppModule] }).setLogger(logger),
  ).compile();
  const app = configureApp(moduleRef.createNestApplication<NestExpressApplication>({ logger }));
  return app.init();
}
