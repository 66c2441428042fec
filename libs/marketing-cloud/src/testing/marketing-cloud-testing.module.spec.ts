import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { ManualClock, SYSTEM_CLOCK, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSeedExamples } from '../../../../test/fixtures/seed-examples.js';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import { untilHeld } from '../../../../test/support/eventually.js';
import { sendBody } from '../../../../test/support/marketing-cloud-testing.js';
import { tryConnect } from '../../../../test/support/tcp.js';
import { MarketingCloudConfigurationError } from '../errors/marketing-cloud-configuration.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { InjectTriggeredSendService } from '../instances/inject-marketing-cloud.decorators.js';
import { MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
import type { ResolvedMarketingCloudOptions } from '../options/marketing-cloud-module-options.js';
import type { TriggeredSendRequest } from '../triggered-send/triggered-send-request.dto.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import {
  getMarketingCloudEmulator,
  InjectMarketingCloudEmulator,
  MARKETING_CLOUD_EMULATOR,
  MarketingCloudTestingModule,
  type MarketingCloudTestingOptions,
} from './index.js';

const seed = loadSeedExamples();

/** A service of the "app": it sends through TriggeredSendService and reads the emulator it is tested against. */
@Injectable()
class WelcomeMailer {
  constructor(
    readonly triggeredSends: TriggeredSendService,
    @InjectMarketingCloudEmulator() readonly emulator: MarketingCloudEmulator,
  ) {}

  send(address: string) {
    return this.triggeredSends.send('key:external_key', sendBody(address));
  }
}

/** A service of an app with two business units: the default one and "de". */
@Injectable()
class TwoUnitMailer {
  constructor(
    readonly defaultSends: TriggeredSendService,
    @InjectTriggeredSendService('de') readonly deSends: TriggeredSendService,
    @InjectMarketingCloudEmulator('de') readonly deEmulator: MarketingCloudEmulator,
  ) {}
}

/** A feature module that imports nothing: it relies on a global MarketingCloudModule, as apps do. */
@Module({ providers: [WelcomeMailer], exports: [WelcomeMailer] })
class WelcomeModule {}

describe('MarketingCloudTestingModule', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function compile(options?: MarketingCloudTestingOptions, imports: unknown[] = []) {
    moduleRef = await Test.createTestingModule({
      imports: [MarketingCloudTestingModule.forRoot(options), ...(imports as [])],
    })
      .setLogger(new CapturingLogger())
      .compile();
    return moduleRef;
  }

  it.each(seed.requests.map((example) => [example.title, example] as const))(
    "%s: Salesforce's documented example goes out over HTTP and the emulator records it",
    async (_, example) => {
      const ref = await compile();
      const emulator = getMarketingCloudEmulator(ref);
      const definition = decodeURIComponent(example.path.split('/')[4]!);
      const result = await ref
        .get(TriggeredSendService)
        .send(definition, example.body as TriggeredSendRequest);
      expect(result.messages).toEqual(['Queued']);
      expect(emulator.records.sends).toHaveLength(1);
      expect(emulator.records.sends[0]).toMatchObject({
        recipientSendId: result.recipientSendId,
        body: example.body,
      });
      expect(emulator.records.emailsTo('example@example.com')).toHaveLength(1);
    },
  );

  it('points the module at the emulator on 127.0.0.1 and a free port', async () => {
    const ref = await compile();
    const emulator = getMarketingCloudEmulator(ref);
    expect(emulator.authBaseUrl).toBe(`http://127.0.0.1:${emulator.port}/auth/`);
    expect(emulator.port).toBeGreaterThan(0);
    expect(ref.get<ResolvedMarketingCloudOptions>(MARKETING_CLOUD_OPTIONS).authBaseUrl).toBe(
      emulator.authBaseUrl,
    );
    expect(ref.get(MARKETING_CLOUD_EMULATOR)).toBe(emulator);
  });

  it('gives your own providers TriggeredSendService and the emulator (@InjectMarketingCloudEmulator)', async () => {
    const ref = await compile(undefined, [WelcomeModule]);
    const mailer = ref.get(WelcomeMailer);
    expect(mailer.emulator).toBe(getMarketingCloudEmulator(ref));
    await mailer.send('ada@example.com');
    expect(mailer.emulator.records.emailsTo('ada@example.com')).toHaveLength(1);
  });

  it('exports the module to the importing module when not global', async () => {
    const ref = await compile({ isGlobal: false });
    await ref.get(TriggeredSendService).send('key:cust_key', sendBody('grace@example.com'));
    expect(getMarketingCloudEmulator(ref).records.emailsTo('grace@example.com')).toHaveLength(1);
  });

  it('makes a send fail with the typed error when a fault is injected', async () => {
    const ref = await compile();
    const emulator = getMarketingCloudEmulator(ref);
    emulator.faults.inject({ route: 'send', action: { type: 'blocked' } });
    const failure = ref.get(TriggeredSendService).send('key:external_key', sendBody());
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudRateLimitError);
    await expect(failure).rejects.toMatchObject({ errorCode: 50200, retryable: false });
    expect(emulator.records.sends).toEqual([]);
  });

  it("takes the module's options over its own (timeout, retries) and the emulator's options", async () => {
    const ref = await compile({
      requestTimeoutMs: 200,
      retry: { maxAttempts: 1 },
      emulator: {
        definitions: [{ customerKey: 'welcome' }],
        clients: [{ clientId: 'my-client', clientSecret: 'my-secret' }],
      },
    });
    const emulator = getMarketingCloudEmulator(ref);
    const service = ref.get(TriggeredSendService);
    await service.send('key:welcome', sendBody());
    expect(
      emulator.records.requests.find((request) => request.route === 'token')?.bodyText,
    ).toContain('"client_id":"my-client"');
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 5_000 } });
    await expect(service.send('key:welcome', sendBody())).rejects.toBeInstanceOf(
      MarketingCloudTimeoutError,
    );
  });

  it('moves the emulator and the module on one clock: sends turn Sent, tokens expire and are renewed', async () => {
    const clock = new ManualClock();
    const ref = await compile({ clock, emulator: { deliveryDelayMs: 2_000 } });
    const emulator = getMarketingCloudEmulator(ref);
    const service = ref.get(TriggeredSendService);
    const { recipientSendId } = await service.send('key:external_key', sendBody());
    clock.advance(1_999);
    expect((await service.getDeliveryRecord('key:external_key', recipientSendId)).status).toBe(
      'Queued',
    );
    clock.advance(1);
    expect((await service.getDeliveryRecord('key:external_key', recipientSendId)).status).toBe(
      'Sent',
    );
    expect(emulator.counters.tokenRequests).toBe(1);
    // Past expires_in (1079 s): the module itself asks for a new token, without meeting a 401.
    clock.advance(1_079_000);
    await service.send('key:external_key', sendBody());
    expect(emulator.counters.tokenRequests).toBe(2);
    expect(emulator.records.requests.some((request) => request.status === 401)).toBe(false);
  });

  it('lets emulator.clock differ from the clock of both', async () => {
    const clock = new ManualClock();
    const ref = await compile({ clock, emulator: { clock: SYSTEM_CLOCK } });
    expect(getMarketingCloudEmulator(ref).clock).toBe(SYSTEM_CLOCK);
    expect(ref.get<ResolvedMarketingCloudOptions>(MARKETING_CLOUD_OPTIONS).clock).toBe(clock);
  });

  it('adds extraProviders to the module, as MarketingCloudModule.forRoot does', async () => {
    const ref = await compile({ extraProviders: [{ provide: 'GREETING', useValue: 'hello' }] });
    expect(ref.get('GREETING', { strict: false })).toBe('hello');
  });

  it('refuses a bad option at once, before any emulator starts', () => {
    expect(() => MarketingCloudTestingModule.forRoot({ requestTimeoutMs: 5 })).toThrow(
      MarketingCloudConfigurationError,
    );
  });

  it('closes the emulator on moduleRef.close(): its port then refuses connections', async () => {
    const ref = await compile();
    const { port } = getMarketingCloudEmulator(ref);
    expect(await tryConnect(port)).toBe('connected');
    await ref.close();
    moduleRef = undefined;
    expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });

  it('closes the emulator on app.close(), after the calls still in flight', async () => {
    const clock = new ManualClock();
    const ref = await compile({ clock });
    const app = await ref.createNestApplication().init();
    const emulator = getMarketingCloudEmulator(app);
    emulator.faults.inject({ route: 'send', action: { type: 'delay', ms: 100 } });
    const inFlight = app.get(TriggeredSendService).send('key:external_key', sendBody());
    // Wait until the send reached the emulator, so that the close below finds it in flight.
    await untilHeld(clock, 1);
    const closed = app.close();
    clock.advance(100); // its answer comes while the app closes
    await closed;
    moduleRef = undefined;
    await expect(inFlight).resolves.toMatchObject({ messages: ['Queued'] });
    expect(await tryConnect(emulator.port)).toBe('ECONNREFUSED');
  });

  it('registers a named instance with an emulator of its own, beside the default one', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        MarketingCloudTestingModule.forRoot(),
        MarketingCloudTestingModule.forRoot({ name: 'de' }),
      ],
      providers: [TwoUnitMailer],
    })
      .setLogger(new CapturingLogger())
      .compile();
    const mailer = moduleRef.get(TwoUnitMailer);
    const defaultEmulator = getMarketingCloudEmulator(moduleRef);
    const deEmulator = getMarketingCloudEmulator(moduleRef, 'de');
    expect(mailer.deEmulator).toBe(deEmulator);
    expect(deEmulator.port).not.toBe(defaultEmulator.port);
    expect(mailer.deSends).not.toBe(mailer.defaultSends);
    await mailer.defaultSends.send('key:external_key', sendBody('ada@example.com'));
    await mailer.deSends.send('key:external_key', sendBody('grete@example.de'));
    expect(defaultEmulator.records.sends.map((send) => send.to.address)).toEqual([
      'ada@example.com',
    ]);
    expect(deEmulator.records.sends.map((send) => send.to.address)).toEqual(['grete@example.de']);
    const ports = [defaultEmulator.port, deEmulator.port];
    await moduleRef.close();
    moduleRef = undefined;
    for (const port of ports) expect(await tryConnect(port)).toBe('ECONNREFUSED');
  });
});
