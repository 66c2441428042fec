import { Test, type TestingModule } from '@nestjs/testing';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import {
  MarketingCloudError,
  MarketingCloudNotFoundError,
  TriggeredSendDefinition,
  TriggeredSendService,
} from 'nestjs-marketing-cloud';
import { AppModule } from '../src/app.module';
import { WelcomeMailService } from '../src/welcome-mail.service';

describe('nestjs-marketing-cloud from its tarball (Nest 12, CommonJS, Jest)', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator();
    process.env['MC_AUTH_BASE_URL'] = emulator.authBaseUrl;
    process.env['MC_CLIENT_ID'] = DEFAULT_EMULATOR_CLIENT.clientId;
    process.env['MC_CLIENT_SECRET'] = DEFAULT_EMULATOR_CLIENT.clientSecret;
    process.env['WELCOME_DEFINITION_KEY'] = 'external_key';
    moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    await moduleRef.init();
  });

  afterAll(async () => {
    await moduleRef?.close();
    await emulator?.close();
  });

  it('sends the documented example through the app service (forRootAsync + ConfigService)', async () => {
    const result = await moduleRef.get(WelcomeMailService).sendWelcome('example@example.com');

    expect(result.messages).toEqual(['Queued']);
    expect(emulator.records.sends.map((send) => send.recipientSendId)).toEqual([
      result.recipientSendId,
    ]);
    expect(emulator.records.sends[0]?.body).toEqual({
      From: { Address: 'code@exacttarget.com', Name: 'Code@' },
      To: {
        Address: 'example@example.com',
        SubscriberKey: 'example@example.com',
        ContactAttributes: {
          SubscriberAttributes: { Region: 'West', City: 'Indianapolis', State: 'IN' },
        },
      },
      Options: { RequestType: 'ASYNC' },
    });
  });

  it('rejects an unknown definition with MarketingCloudNotFoundError, a MarketingCloudError', async () => {
    const sends = moduleRef.get(TriggeredSendService);
    const error: unknown = await sends
      .send(TriggeredSendDefinition.key('no_such_definition'), {
        To: { Address: 'example@example.com', SubscriberKey: 'example@example.com' },
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(MarketingCloudNotFoundError);
    expect(error).toBeInstanceOf(MarketingCloudError);
  });
});
