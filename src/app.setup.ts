import { ValidationPipe } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ServerLimits } from './config/server-limits.js';
import { applyServerLimits } from './http-server/apply-server-limits.js';
import { boundJsonBody } from './messaging/bounded-json-body.js';

/**
 * Largest JSON body accepted. A legitimate send can approach 1 MB (200 attributes of 4000
 * characters), so the limit sits above that and far below anything that would strain the process.
 */
export const BODY_LIMIT = '2mb';

/** Everything main.ts sets on the app, shared with the end-to-end tests so they test the real thing. */
export function configureApp(app: NestExpressApplication): NestExpressApplication {
  // Before listen(): Node starts checking the timeouts when the server starts listening.
  applyServerLimits(app.getHttpServer(), app.get(ServerLimits));
  // `verify` bounds a body's text before it is parsed. Nest's types leave `verify` out because its
  // `rawBody` option sets it; this app does not use rawBody.
  const jsonOptions: Parameters<typeof app.useBodyParser<'json'>>[1] & { verify: unknown } = {
    limit: BODY_LIMIT,
    verify: boundJsonBody,
  };
  app.useBodyParser('json', jsonOptions);
  // JSON only. Without this, Nest adds its default urlencoded parser: a form post
  // (To[Address]=…&To[SubscriberKey]=…) became a send, and a large or many-field form got 413. A
  // parser that matches nothing takes its place, so any other body stays unparsed: 400, "request
  // must be an object".
  app.useBodyParser('urlencoded', { type: () => false });
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }),
  );
  app.enableShutdownHooks();
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Marketing Cloud triggered sends (sample app)')
      .setDescription(
        "The messageDefinitionSends routes of Salesforce Marketing Cloud, served through nestjs-marketing-cloud. Salesforce's documented examples work verbatim.",
      )
      .setVersion('1.0')
      .build(),
  );
  SwaggerModule.setup('docs', app, document);
  return app;
}
