import { Module, type DynamicModule } from '@nestjs/common';
import {
  DEFAULT_EMULATOR_CLIENT,
  startMarketingCloudEmulator,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import { resolveMarketingCloudOptions } from '../options/resolve-marketing-cloud-options.js';
import { marketingCloudOptionsForEmulator } from './emulator-module-options.js';
import { EmulatorLifecycle } from './emulator-lifecycle.js';
import { getMarketingCloudEmulatorToken } from './marketing-cloud-testing.constants.js';
import type { MarketingCloudTestingOptions } from './marketing-cloud-testing-options.js';

/** Holds the emulator provider, so that MarketingCloudModule.forRootAsync can import and inject it. */
@Module({})
class MarketingCloudEmulatorHostModule {}

/** A placeholder for the emulator's URL while the options are checked, before any emulator runs. */
const UNSTARTED_EMULATOR = { authBaseUrl: 'http://127.0.0.1:1/auth/' };

/**
 * MarketingCloudModule wired to an in-process Marketing Cloud emulator, for your tests:
 *
 * ```ts
 * const moduleRef = await Test.createTestingModule({
 *   imports: [MarketingCloudTestingModule.forRoot()],
 * }).compile();
 * const emulator = getMarketingCloudEmulator(moduleRef);
 * ```
 *
 * The emulator starts when the module is compiled, on 127.0.0.1 and a free port, and closes on
 * `moduleRef.close()` / `app.close()`, after the calls still in flight. A `clock` option (a
 * `ManualClock`) is read by both the emulator and the module. With `name`, it registers that named
 * instance (one business unit) with an emulator of its own: `forRoot()` and `forRoot({ name: 'de' })`
 * side by side give two, each found with `getMarketingCloudEmulator(moduleRef, name)`.
 */
@Module({})
export class MarketingCloudTestingModule {
  static forRoot(options: MarketingCloudTestingOptions = {}): DynamicModule {
    const {
      emulator: emulatorOptions = {},
      isGlobal = true,
      extraProviders,
      name,
      ...overrides
    } = options;
    const emulatorToken = getMarketingCloudEmulatorToken(name);
    const client = emulatorOptions.clients?.[0] ?? DEFAULT_EMULATOR_CLIENT;
    // A bad override fails here, at once, rather than after an emulator was started that nothing
    // would close (Nest runs no shutdown hook when compilation fails).
    resolveMarketingCloudOptions(
      marketingCloudOptionsForEmulator(UNSTARTED_EMULATOR, overrides, client),
    );
    const emulatorHost: DynamicModule = {
      module: MarketingCloudEmulatorHostModule,
      global: isGlobal,
      providers: [
        {
          provide: emulatorToken,
          useFactory: () =>
            startMarketingCloudEmulator({
              ...(overrides.clock && { clock: overrides.clock }),
              ...emulatorOptions,
              host: '127.0.0.1',
              port: 0,
            }),
        },
        {
          provide: EmulatorLifecycle,
          inject: [emulatorToken],
          useFactory: (emulator: MarketingCloudEmulator) => new EmulatorLifecycle(emulator),
        },
      ],
      exports: [emulatorToken],
    };
    const marketingCloud = MarketingCloudModule.forRootAsync({
      imports: [emulatorHost],
      inject: [emulatorToken],
      useFactory: (emulator: MarketingCloudEmulator) =>
        marketingCloudOptionsForEmulator(emulator, overrides, client),
      isGlobal,
      ...(name !== undefined && { name }),
      ...(extraProviders && { extraProviders }),
    });
    return {
      module: MarketingCloudTestingModule,
      global: isGlobal,
      imports: [emulatorHost, marketingCloud],
      exports: [emulatorHost, marketingCloud],
    };
  }
}
