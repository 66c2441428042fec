// Runs the app as `nest build && node dist/...` would, without a test runner: Jest can load ESM-only
// Nest 12 from CommonJS only on Node >= 24.9, but Node itself does (require(esm)) from 20.19 on.
import 'reflect-metadata';
import { strict as assert } from 'node:assert';
import { NestFactory } from '@nestjs/core';
import { DEFAULT_EMULATOR_CLIENT, startMarketingCloudEmulator } from 'marketing-cloud-emulator';
import {
  MarketingCloudError,
  MarketingCloudNotFoundError,
  TriggeredSendDefinition,
  TriggeredSendService,
} from 'nestjs-marketing-cloud';
import { AppModule } from '../src/app.module';
import { WelcomeMailService } from '../src/welcome-mail.service';

async function main(): Promise<void> {
  const emulator = await startMarketingCloudEmulator();
  process.env['MC_AUTH_BASE_URL'] = emulator.authBaseUrl;
  process.env['MC_CLIENT_ID'] = DEFAULT_EMULATOR_CLIENT.clientId;
  process.env['MC_CLIENT_SECRET'] = DEFAULT_EMULATOR_CLIENT.clientSecret;
  process.env['WELCOME_DEFINITION_KEY'] = 'external_key';
  const app = await NestFactory.createApplicationContext(AppModule, { logger: false });
  try {
    const result = await app.get(WelcomeMailService).sendWelcome('example@example.com');
    assert.deepEqual(result.messages, ['Queued']);
    assert.deepEqual(
      emulator.records.sends.map((send) => send.recipientSendId),
      [result.recipientSendId],
    );
    const error: unknown = await app
      .get(TriggeredSendService)
      .send(TriggeredSendDefinition.key('no_such_definition'), {
        To: { Address: 'example@example.com', SubscriberKey: 'example@example.com' },
      })
      .catch((caught: unknown) => caught);
    assert.ok(error instanceof MarketingCloudNotFoundError, 'a MarketingCloudNotFoundError');
    assert.ok(error instanceof MarketingCloudError, 'a MarketingCloudError');
    console.log(`sent ${result.recipientSendId}; unknown definition -> ${error.name}`);
  } finally {
    await app.close();
    await emulator.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
