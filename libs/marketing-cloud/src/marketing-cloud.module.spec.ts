import { Inject, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../test/support/capturing-logger.js';
import { emulatorOptions } from '../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudConfigurationError } from './errors/marketing-cloud-configuration.error.js';
import { MarketingCloudHttpClient } from './http/marketing-cloud-http-client.js';
import { MARKETING_CLOUD_OPTIONS } from './marketing-cloud.constants.js';
import type { MarketingCloudOptionsFactory } from './marketing-cloud.module-definition.js';
import { MarketingCloudModule } from './marketing-cloud.module.js';
import type {
  MarketingCloudModuleOptions,
  ResolvedMarketingCloudOptions,
} from './options/marketing-cloud-module-options.js';

const CONFIG = Symbol('CONFIG');

describe('MarketingCloudModule registration', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator();
  });
  afterAll(() => emulator.close());
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function compile(
    imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>,
    providers: NonNullable<Parameters<typeof Test.createTestingModule>[0]['providers']> = [],
  ) {
    moduleRef = await Test.createTestingModule({ imports, providers })
      .setLogger(new CapturingLogger())
      .compile();
    return moduleRef;
  }

  /** Proves the options reached the module: they resolve, and a real call gets a token with them. */
  async function expectWorking(ref: TestingModule, accountId: number | undefined) {
    const options = ref.get<ResolvedMarketingCloudOptions>(MARKETING_CLOUD_OPTIONS);
    expect(options.authBaseUrl).toBe(emulator.authBaseUrl);
    expect(options.accountId).toBe(accountId);
    const before = emulator.counters.tokenRequests;
    await expect(
      ref.get(MarketingCloudHttpClient).request({
        method: 'GET',
        path: 'messaging/v1/messageDefinitionSends/key:external_key/deliveryRecords/00000000-0000-0000-0000-000000000000',
        what: 'delivery record request',
        idempotent: true,
      }),
    ).rejects.toMatchObject({
      name: 'MarketingCloudNotFoundError',
      upstreamStatus: 404,
      errorCode: 30003,
    });
    expect(emulator.counters.tokenRequests).toBe(before + 1);
  }

  @Module({ providers: [{ provide: CONFIG, useValue: { accountId: 111 } }], exports: [CONFIG] })
  class ConfigModule {}

  it('forRoot', async () => {
    const ref = await compile([
      MarketingCloudModule.forRoot(emulatorOptions(emulator, { accountId: 7 })),
    ]);
    await expectWorking(ref, 7);
  });

  it('forRootAsync with useFactory, a non-global imported config module and inject', async () => {
    const ref = await compile([
      MarketingCloudModule.forRootAsync({
        imports: [ConfigModule],
        inject: [CONFIG],
        useFactory: (config: { accountId: number }) => emulatorOptions(emulator, config),
      }),
    ]);
    await expectWorking(ref, 111);
  });

  it('forRootAsync with an async factory', async () => {
    const ref = await compile([
      MarketingCloudModule.forRootAsync({
        useFactory: async () => {
          await new Promise((resolve) => setImmediate(resolve)); // resolved later, truly async
          return emulatorOptions(emulator, { accountId: '222' });
        },
      }),
    ]);
    await expectWorking(ref, 222);
  });

  it('forRootAsync with useClass', async () => {
    @Injectable()
    class OptionsFactory implements MarketingCloudOptionsFactory {
      createMarketingCloudOptions(): MarketingCloudModuleOptions {
        return emulatorOptions(emulator, { accountId: 333 });
      }
    }
    const ref = await compile([MarketingCloudModule.forRootAsync({ useClass: OptionsFactory })]);
    await expectWorking(ref, 333);
  });

  it('forRootAsync with useExisting', async () => {
    @Injectable()
    class ExistingFactory implements MarketingCloudOptionsFactory {
      constructor(@Inject(CONFIG) private readonly config: { accountId: number }) {}
      createMarketingCloudOptions(): MarketingCloudModuleOptions {
        return emulatorOptions(emulator, this.config);
      }
    }
    @Module({ imports: [ConfigModule], providers: [ExistingFactory], exports: [ExistingFactory] })
    class FactoryModule {}
    const ref = await compile([
      MarketingCloudModule.forRootAsync({ imports: [FactoryModule], useExisting: ExistingFactory }),
    ]);
    await expectWorking(ref, 111);
  });

  it('extraProviders, with forRoot and forRootAsync', async () => {
    const EXTRA = Symbol('EXTRA');
    const extraProviders = [{ provide: EXTRA, useValue: 'extra' }];
    const ref = await compile([
      MarketingCloudModule.forRoot({ ...emulatorOptions(emulator), extraProviders }),
    ]);
    expect(ref.get(EXTRA)).toBe('extra');
    await ref.close();
    const asyncRef = await compile([
      MarketingCloudModule.forRootAsync({
        useFactory: () => emulatorOptions(emulator),
        extraProviders,
      }),
    ]);
    expect(asyncRef.get(EXTRA)).toBe('extra');
  });

  it('does not pass isGlobal or extraProviders on as Marketing Cloud options', async () => {
    const ref = await compile([
      MarketingCloudModule.forRoot({
        ...emulatorOptions(emulator),
        isGlobal: true,
        extraProviders: [],
      }),
    ]);
    await expectWorking(ref, undefined);
  });

  describe('isGlobal', () => {
    @Injectable()
    class SiblingService {
      constructor(readonly client: MarketingCloudHttpClient) {}
    }
    @Module({ providers: [SiblingService], exports: [SiblingService] })
    class SiblingModule {}

    it('true: a sibling module injects the exported services without importing the module', async () => {
      const ref = await compile([
        MarketingCloudModule.forRootAsync({
          isGlobal: true,
          useFactory: () => emulatorOptions(emulator),
        }),
        SiblingModule,
      ]);
      expect(ref.get(SiblingService).client).toBeInstanceOf(MarketingCloudHttpClient);
    });

    it('false (the default): a sibling module cannot see them', async () => {
      await expect(
        compile([MarketingCloudModule.forRoot(emulatorOptions(emulator)), SiblingModule]),
      ).rejects.toThrow(
        /SiblingService.*MarketingCloudHttpClient|MarketingCloudHttpClient.*SiblingModule/s,
      );
    });
  });

  describe('invalid options fail start-up with the configuration error', () => {
    it('forRoot', async () => {
      const failure = compile([
        MarketingCloudModule.forRoot({
          subdomain: 'nope',
          clientId: 'id',
          clientSecret: 'canary-secret-1',
        }),
      ]);
      await expect(failure).rejects.toBeInstanceOf(MarketingCloudConfigurationError);
      await expect(failure).rejects.toThrow(/subdomain must be the 28-character tenant subdomain/);
      await expect(failure).rejects.not.toThrow(/canary-secret-1/);
    });

    it('forRootAsync', async () => {
      const failure = compile([
        MarketingCloudModule.forRootAsync({
          useFactory: () => ({
            authBaseUrl: emulator.authBaseUrl,
            clientId: 'id',
            clientSecret: '',
          }),
        }),
      ]);
      await expect(failure).rejects.toBeInstanceOf(MarketingCloudConfigurationError);
      await expect(failure).rejects.toThrow(/clientSecret is required/);
    });
  });
});
