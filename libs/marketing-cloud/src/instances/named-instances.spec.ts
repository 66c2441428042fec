import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { emulatorOptions, sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { until } from '../../../../test/support/until.js';
import { MarketingCloudAbortedError } from '../errors/marketing-cloud-aborted.error.js';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import {
  InjectMarketingCloudHttpClient,
  InjectTriggeredSendService,
} from './inject-marketing-cloud.decorators.js';
import {
  getMarketingCloudHttpClientToken,
  getTriggeredSendServiceToken,
} from './instance-tokens.constants.js';

const DEFINITION = 'key:external_key';

/** What a business-unit-aware service of an app looks like. */
@Injectable()
class Mailer {
  constructor(
    readonly defaultSends: TriggeredSendService,
    @InjectTriggeredSendService('de') readonly deSends: TriggeredSendService,
    @InjectTriggeredSendService('fr') readonly frSends: TriggeredSendService,
    @InjectMarketingCloudHttpClient('de') readonly deClient: MarketingCloudHttpClient,
  ) {}
}

/** The bearer tokens of the sends a tenant accepted, in order. */
const bearerTokensOf = (emulator: MarketingCloudEmulator) =>
  emulator.records.sends.map((send) => send.bearerToken);

/** The account_id of every token request a tenant received. */
const accountIdsAsked = (emulator: MarketingCloudEmulator) =>
  emulator.records.requests
    .filter((request) => request.route === 'token')
    .map((request) => (JSON.parse(request.bodyText) as { account_id?: number }).account_id);

describe('named instances (one per business unit)', () => {
  // Three tenants: the default instance's, and one per named instance.
  let tenants: {
    main: MarketingCloudEmulator;
    de: MarketingCloudEmulator;
    fr: MarketingCloudEmulator;
  };
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    const [main, de, fr] = await Promise.all(
      [0, 1, 2].map(() => startMarketingCloudEmulator({ deliveryDelayMs: 0 })),
    );
    tenants = { main: main!, de: de!, fr: fr! };
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await Promise.all(Object.values(tenants).map((tenant) => tenant.close()));
  });

  let logger: CapturingLogger;

  async function compile(
    imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>,
    providers: NonNullable<Parameters<typeof Test.createTestingModule>[0]['providers']> = [Mailer],
  ) {
    logger = new CapturingLogger();
    moduleRef = await Test.createTestingModule({ imports, providers }).setLogger(logger).compile();
    return moduleRef.init();
  }

  /** Compiles the app, expects it to fail start-up with the configuration error, and returns it. */
  async function startFailure(
    imports: Parameters<typeof compile>[0],
  ): Promise<MarketingCloudConfigurationError> {
    const error = await compile(imports, []).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toBeInstanceOf(MarketingCloudConfigurationError);
    return error as MarketingCloudConfigurationError;
  }

  /** The default instance, `de` with forRoot and `fr` with forRootAsync: each its own tenant and MID. */
  function threeInstances(overrides: { shutdownGracePeriodMs?: number } = {}) {
    return compile([
      MarketingCloudModule.forRoot(emulatorOptions(tenants.main, overrides)),
      MarketingCloudModule.forRoot({
        name: 'de',
        ...emulatorOptions(tenants.de, { accountId: 100, ...overrides }),
      }),
      MarketingCloudModule.forRootAsync({
        name: 'fr',
        useFactory: () => emulatorOptions(tenants.fr, { accountId: 200, ...overrides }),
      }),
    ]);
  }

  it('names the instance in its log lines: the token lines of de and fr say whose they are', async () => {
    const mailer = (await threeInstances()).get(Mailer);
    await mailer.defaultSends.send(DEFINITION, sendBody('main@example.com'));
    await mailer.deSends.send(DEFINITION, sendBody('de@example.com'));
    await mailer.frSends.send(DEFINITION, sendBody('fr@example.com'));
    const tokenLines = logger.lines.filter((line) => line.includes('Access token obtained'));
    expect(tokenLines).toHaveLength(3);
    // The logger context is the line's last part.
    expect(tokenLines.map((line) => line.split(' ').at(-1)).toSorted()).toEqual([
      'MarketingCloud',
      'MarketingCloud:de',
      'MarketingCloud:fr',
    ]);
    expect(tokenLines.find((line) => line.endsWith('MarketingCloud:de'))).toContain('account 100');
  });

  it('sends each call to its own tenant, with its own token and account', async () => {
    const mailer = (await threeInstances()).get(Mailer);
    await mailer.deSends.send(DEFINITION, sendBody('de@example.com'));
    await mailer.frSends.send(DEFINITION, sendBody('fr@example.com'));
    await mailer.defaultSends.send(DEFINITION, sendBody('main@example.com'));
    await mailer.deSends.send(DEFINITION, sendBody('de-2@example.com'));

    expect(tenants.de.records.sends.map((send) => send.to.address)).toEqual([
      'de@example.com',
      'de-2@example.com',
    ]);
    expect(tenants.fr.records.sends.map((send) => send.to.address)).toEqual(['fr@example.com']);
    expect(tenants.main.records.sends.map((send) => send.to.address)).toEqual(['main@example.com']);
    expect(accountIdsAsked(tenants.de)).toEqual([100]);
    expect(accountIdsAsked(tenants.fr)).toEqual([200]);
    expect(accountIdsAsked(tenants.main)).toEqual([undefined]);
    // One token per tenant, reused for that tenant's sends, never shown to another.
    const [deToken, deToken2] = bearerTokensOf(tenants.de);
    const [frToken] = bearerTokensOf(tenants.fr);
    const [mainToken] = bearerTokensOf(tenants.main);
    expect(deToken2).toBe(deToken);
    expect(new Set([deToken, frToken, mainToken]).size).toBe(3);
  });

  it("two tenants of one emulator: each instance gets its tenant's token and sends there", async () => {
    const emulator = await startMarketingCloudEmulator({ tenants: [{ name: 'de' }] });
    try {
      const ref = await compile(
        [
          MarketingCloudModule.forRoot(emulatorOptions(emulator)),
          MarketingCloudModule.forRoot({
            name: 'de',
            ...emulatorOptions(emulator, { authBaseUrl: emulator.tenant('de').authBaseUrl }),
          }),
        ],
        [],
      );
      await ref.get(TriggeredSendService).send(DEFINITION, sendBody('main@example.com'));
      await ref
        .get<TriggeredSendService>(getTriggeredSendServiceToken('de'))
        .send(DEFINITION, sendBody('de@example.com'));
      const sends = emulator.records.sends;
      expect(sends.map((send) => [send.tenant, send.to.address])).toEqual([
        ['default', 'main@example.com'],
        ['de', 'de@example.com'],
      ]);
      expect(sends[0]!.bearerToken).not.toBe(sends[1]!.bearerToken);
      // Each token request went to its own tenant's auth route; no send was refused as another's.
      const tokenTenants = emulator.records.requests
        .filter((request) => request.route === 'token')
        .map((request) => request.tenant);
      expect(tokenTenants.toSorted()).toEqual(['de', 'default']);
      expect(emulator.records.requests.filter((request) => request.status === 403)).toEqual([]);
    } finally {
      await moduleRef?.close();
      moduleRef = undefined;
      await emulator.close();
    }
  });

  it('a 401 on one instance renews its token only: the others keep theirs', async () => {
    const mailer = (await threeInstances()).get(Mailer);
    await mailer.deSends.send(DEFINITION, sendBody('de-1@example.com'));
    await mailer.frSends.send(DEFINITION, sendBody('fr-1@example.com'));
    tenants.de.expireAllTokens();

    await mailer.deSends.send(DEFINITION, sendBody('de-2@example.com'));
    await mailer.frSends.send(DEFINITION, sendBody('fr-2@example.com'));

    expect(tenants.de.counters.tokenRequests).toBe(2);
    const deStatuses = tenants.de.records.requests
      .filter((request) => request.route === 'send')
      .map((request) => request.status);
    expect(deStatuses).toEqual([202, 401, 202]);
    const [deBefore, deAfter] = bearerTokensOf(tenants.de);
    expect(deAfter).not.toBe(deBefore);
    expect(tenants.fr.counters.tokenRequests).toBe(1);
    const [frBefore, frAfter] = bearerTokensOf(tenants.fr);
    expect(frAfter).toBe(frBefore);
  });

  it('closing the app shuts every instance down: in-flight calls finish, later ones are refused', async () => {
    const ref = await threeInstances({ shutdownGracePeriodMs: 3000 });
    const mailer = ref.get(Mailer);
    await mailer.deSends.send(DEFINITION, sendBody('warm-de@example.com'));
    await mailer.frSends.send(DEFINITION, sendBody('warm-fr@example.com'));
    tenants.de.faults.inject({ route: 'send', action: { type: 'delay', ms: 300 } });
    tenants.fr.faults.inject({ route: 'send', action: { type: 'delay', ms: 300 } });
    const inFlight = [
      mailer.deSends.send(DEFINITION, sendBody('late-de@example.com')),
      mailer.frSends.send(DEFINITION, sendBody('late-fr@example.com')),
    ];
    await until(
      () => tenants.de.counters.sendRequests === 2 && tenants.fr.counters.sendRequests === 2,
      'both sends to reach their tenants',
    );

    await ref.close();
    moduleRef = undefined;

    await expect(Promise.all(inFlight)).resolves.toHaveLength(2);
    expect(tenants.de.records.emailsTo('late-de@example.com')).toHaveLength(1);
    expect(tenants.fr.records.emailsTo('late-fr@example.com')).toHaveLength(1);
    for (const sends of [mailer.deSends, mailer.frSends, mailer.defaultSends]) {
      await expect(sends.send(DEFINITION, sendBody('after@example.com'))).rejects.toThrow(
        MarketingCloudAbortedError,
      );
    }
  });

  it('injects by name, by token helper and by class (the default), each a distinct instance', async () => {
    const ref = await threeInstances();
    const mailer = ref.get(Mailer);
    expect(ref.get(getTriggeredSendServiceToken('de'))).toBe(mailer.deSends);
    expect(ref.get(getTriggeredSendServiceToken('fr'))).toBe(mailer.frSends);
    expect(ref.get(getMarketingCloudHttpClientToken('de'))).toBe(mailer.deClient);
    expect(ref.get(getTriggeredSendServiceToken())).toBe(mailer.defaultSends);
    expect(ref.get(getTriggeredSendServiceToken('default'))).toBe(mailer.defaultSends);
    expect(ref.get(TriggeredSendService)).toBe(mailer.defaultSends);
    expect(new Set([mailer.defaultSends, mailer.deSends, mailer.frSends]).size).toBe(3);
    expect(ref.get(MarketingCloudHttpClient)).not.toBe(mailer.deClient);
    await mailer.deClient
      .request({
        method: 'GET',
        path: 'messaging/v1/messageDefinitionSends/key:external_key/deliveryRecords/00000000-0000-0000-0000-000000000000',
        what: 'delivery record request',
        idempotent: true,
      })
      .catch(() => undefined);
    expect(tenants.de.counters.deliveryRecordRequests).toBe(1);
    expect(tenants.main.counters.deliveryRecordRequests).toBe(0);
  });

  it('a named instance with isGlobal is injected by name in a module that does not import it', async () => {
    @Injectable()
    class DeOnly {
      constructor(@InjectTriggeredSendService('de') readonly sends: TriggeredSendService) {}
    }
    @Module({ providers: [DeOnly], exports: [DeOnly] })
    class FeatureModule {}
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudModule.forRootAsync({
          name: 'de',
          isGlobal: true,
          useFactory: () => emulatorOptions(tenants.de),
        }),
        FeatureModule,
      ],
    })
      .setLogger(new CapturingLogger())
      .compile();
    await moduleRef.get(DeOnly).sends.send(DEFINITION, sendBody('global@example.com'));
    expect(tenants.de.records.emailsTo('global@example.com')).toHaveLength(1);
    // Only the default instance answers to the class token.
    expect(() => moduleRef!.get(TriggeredSendService)).toThrow(/TriggeredSendService/);
  });

  describe('fails start-up with a message that names the instance', () => {
    it('two registrations with one name, whatever their options', async () => {
      const error = await startFailure([
        MarketingCloudModule.forRoot({ name: 'de', ...emulatorOptions(tenants.de) }),
        MarketingCloudModule.forRootAsync({
          name: 'de',
          useFactory: () => emulatorOptions(tenants.fr),
        }),
      ]);
      expect(error.message).toMatch(/^MarketingCloud 'de' is registered twice/);
      expect(error.message).toContain('Give each business unit its own name');
    });

    it('two identical registrations of one name (they do not merge silently)', async () => {
      const options = { name: 'de', ...emulatorOptions(tenants.de) };
      const error = await startFailure([
        MarketingCloudModule.forRoot(options),
        MarketingCloudModule.forRoot(options),
      ]);
      expect(error.message).toMatch(/^MarketingCloud 'de' is registered twice/);
    });

    it('two default registrations', async () => {
      const error = await startFailure([
        MarketingCloudModule.forRoot(emulatorOptions(tenants.main)),
        MarketingCloudModule.forRoot({ name: 'default', ...emulatorOptions(tenants.de) }),
      ]);
      expect(error.message).toMatch(
        /^The default MarketingCloud instance \(no name\) is registered twice/,
      );
    });

    it('invalid options of a named instance, without the secret', async () => {
      const error = await startFailure([
        MarketingCloudModule.forRootAsync({
          name: 'de',
          useFactory: () => ({
            authBaseUrl: tenants.de.authBaseUrl,
            clientId: 'id',
            clientSecret: 'canary-secret-de',
            requestTimeoutMs: -1,
          }),
        }),
      ]);
      expect(error.message).toMatch(
        /^MarketingCloud 'de': MarketingCloudModule options are invalid/,
      );
      expect(error.message).toContain('requestTimeoutMs');
      expect(error.message).not.toContain('canary-secret-de');
    });

    it('an invalid name', async () => {
      const error = await startFailure([
        MarketingCloudModule.forRoot({ name: 'de fr', ...emulatorOptions(tenants.de) }),
      ]);
      expect(error.message).toContain("MarketingCloudModule name 'de fr' is invalid");
    });
  });
});
