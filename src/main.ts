import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
// Importing AppModule also loads .env (ConfigModule.forRoot), so LOG_LEVEL may be set there.
import { AppModule } from './app.module.js';
import { configureApp } from './app.setup.js';
import { logLevelsFor } from './config/log-level.js';

async function bootstrap(): Promise<void> {
  const app = configureApp(
    await NestFactory.create<NestExpressApplication>(AppModule.forEnvironment(), {
      abortOnError: false,
      logger: logLevelsFor(process.env['LOG_LEVEL']),
    }),
  );
  const port = Number(process.env['PORT'] ?? 3000);
  await app.listen(port);
  const url = `http://localhost:${port}`;
  new Logger('Bootstrap').log(
    `Sample app listening on ${url} (API docs: ${url}/docs, health: ${url}/health, metrics: ${url}/metrics)`,
  );
}

bootstrap().catch((error: unknown) => {
  // Start-up failures (missing configuration, bad options) end the process with their message.
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
