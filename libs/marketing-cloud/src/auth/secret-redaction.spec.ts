import type { TestingModule } from '@nestjs/testing';
import {
  ManualClock,
  startMarketingCloudEmulator,
  type FaultAction,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLogger } from '../../../../test/support/capturing-logger.js';
import {
  createMarketingCloudTestingModule,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { everythingVisible, leakedCanaries } from '../../../../test/support/secrets.js';
import { MarketingCloudHttpClient } from '../http/marketing-cloud-http-client.js';
import { marketingCloudTarget } from '../../../../src/config/marketing-cloud-env.js';
import { MarketingCloudTarget } from '../../../../src/config/marketing-cloud-target.js';
import {
  MARKETING_CLOUD_MODULE_OPTIONS,
  MARKETING_CLOUD_OPTIONS,
} from '../marketing-cloud.constants.js';
import { MarketingCloudModule } from '../marketing-cloud.module.js';
import { Secret } from '../options/secret.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { AccessTokenManager } from './access-token-manager.js';

const CLIENT_SECRET = 'CANARY-SECRET-d41d8cd98f00b204';
const WRONG_SECRET = 'CANARY-WRONG-SECRET-e3b0c44298fc';
const CLIENT_ID = 'canary-client';

describe('no secret in logs or errors (canary values)', () => {
  let emulator: MarketingCloudEmulator;
  const logger = new CapturingLogger();
  const outcomes: unknown[] = [];
  const modules: TestingModule[] = [];

  // Generous: a loaded machine must not turn a success into a timeout. The `delay` scenarios time
  // out all the same, since the emulator's clock never moves and their answers never come.
  async function moduleWith(clientSecret: string, requestTimeoutMs = 2_000) {
    const ref = await createMarketingCloudTestingModule(
      {
        authBaseUrl: emulator.authBaseUrl,
        clientId: CLIENT_ID,
        clientSecret,
        requestTimeoutMs,
        tokenRefreshMarginSeconds: 0,
        retry: { maxAttempts: 1 },
      },
      logger,
    );
    modules.push(ref);
    return ref;
  }

  async function attempt(
    ref: TestingModule,
    fault?: { route: 'token' | 'send'; action: FaultAction; times?: number },
  ) {
    if (fault) emulator.faults.inject(fault);
    try {
      outcomes.push(
        await ref.get(MarketingCloudHttpClient).request({
          method: 'POST',
          path: 'messaging/v1/messageDefinitionSends/key:external_key/send',
          body: sendBody('canary@example.com'),
          what: 'send',
          idempotent: false,
        }),
      );
    } catch (error) {
      outcomes.push(error);
    }
    emulator.faults.clear();
  }

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      clock: new ManualClock(), // a `delay` fault's answer never comes: each is a timeout
      clients: [{ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET }],
    });
    const good = await moduleWith(CLIENT_SECRET);
    await attempt(good);
    await attempt(good, { route: 'send', action: { type: 'expire-tokens' } });
    await attempt(good, {
      route: 'send',
      times: 2,
      action: { type: 'respond', status: 401, body: { message: 'Not Authorized', errorcode: 0 } },
    });
    await attempt(good, { route: 'send', action: { type: 'delay', ms: 1000 } });
    await attempt(good, { route: 'send', action: { type: 'reset' } });
    await attempt(good, { route: 'send', action: { type: 'html' } });
    await attempt(good, { route: 'send', action: { type: 'rate-limit' } });
    emulator.expireAllTokens();
    await attempt(good, { route: 'token', action: { type: 'unavailable' } });
    await attempt(good, { route: 'token', action: { type: 'delay', ms: 1000 } });
    await attempt(good, { route: 'token', action: { type: 'reset' } });
    await attempt(await moduleWith(WRONG_SECRET));
    const refused = await startMarketingCloudEmulator();
    await refused.close();
    const unreachable = await createMarketingCloudTestingModule(
      { authBaseUrl: refused.authBaseUrl, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET },
      logger,
    );
    modules.push(unreachable);
    try {
      await unreachable.get(AccessTokenManager).getAccessToken();
    } catch (error) {
      outcomes.push(error);
    }
  });

  afterAll(async () => {
    await Promise.all(modules.map((ref) => ref.close()));
    await emulator.close();
  });

  it('ran the scenarios: successes, typed errors, and real tokens issued', () => {
    const errors = outcomes.filter((outcome) => outcome instanceof Error);
    expect(errors.map((error) => error.name).toSorted()).toEqual(
      [
        'MarketingCloudAuthenticationError', // 401 twice
        'MarketingCloudAuthenticationError', // wrong secret
        'MarketingCloudRateLimitError',
        'MarketingCloudTimeoutError', // send
        'MarketingCloudTimeoutError', // token
        'MarketingCloudUnavailableError', // reset
        'MarketingCloudUnavailableError', // html
        'MarketingCloudUnavailableError', // token 503
        'MarketingCloudUnavailableError', // token reset
        'MarketingCloudUnavailableError', // refused
      ].toSorted(),
    );
    expect(outcomes.length - errors.length).toBe(2);
    expect(emulator.counters.tokensIssued).toBeGreaterThanOrEqual(3);
  });

  it('no log line, error message, error JSON, inspected error or cause holds the secret or a token', () => {
    const tokens = [...emulator.counters.requestsPerToken.keys()];
    const canaries = [CLIENT_SECRET, WRONG_SECRET, ...tokens];
    expect(tokens.length).toBeGreaterThanOrEqual(3);
    expect(leakedCanaries(logger.lines.join('\n'), canaries)).toEqual([]);
    for (const outcome of outcomes.filter((value) => value instanceof Error)) {
      expect(leakedCanaries(everythingVisible(outcome), canaries)).toEqual([]);
    }
  });

  it('inspect and JSON of the service, the http client, the token manager and the resolved options show neither the secret nor the token', async () => {
    const ref = modules[0]!;
    await ref.get(AccessTokenManager).getAccessToken(); // a token is held
    const holders = {
      service: ref.get(TriggeredSendService),
      httpClient: ref.get(MarketingCloudHttpClient),
      tokenManager: ref.get(AccessTokenManager),
      resolvedOptions: ref.get(MARKETING_CLOUD_OPTIONS),
    };
    const canaries = [CLIENT_SECRET, ...emulator.counters.requestsPerToken.keys()];
    for (const [name, holder] of Object.entries(holders)) {
      const shown = [
        inspect(holder, { depth: Infinity, showHidden: true }),
        inspect(holder),
        JSON.stringify(holder),
        String(holder),
      ].join('\n');
      expect({ name, leaked: leakedCanaries(shown, canaries) }).toEqual({ name, leaked: [] });
    }
    expect(inspect(holders.resolvedOptions)).toContain('[redacted]');
  });

  it('the dynamic modules forRoot and forRootAsync return, the raw options token and the sample app target hold the secret wrapped', async () => {
    const options = { authBaseUrl: emulator.authBaseUrl, clientId: CLIENT_ID };
    const fromAsync = MarketingCloudModule.forRootAsync({
      useFactory: () => ({ ...options, clientSecret: CLIENT_SECRET }),
    });
    const asyncOptions = fromAsync.providers?.find(
      (provider) =>
        typeof provider === 'object' && provider.provide === MARKETING_CLOUD_MODULE_OPTIONS,
    ) as { useFactory: () => Promise<unknown> };
    const target = marketingCloudTarget({
      MC_AUTH_BASE_URL: emulator.authBaseUrl,
      MC_CLIENT_ID: CLIENT_ID,
      MC_CLIENT_SECRET: CLIENT_SECRET,
    });
    if (target.kind !== 'tenant') throw new Error('expected a tenant target');
    const holders = {
      forRoot: MarketingCloudModule.forRoot({ ...options, clientSecret: CLIENT_SECRET }),
      forRootWithSecret: MarketingCloudModule.forRoot({
        ...options,
        clientSecret: new Secret(CLIENT_SECRET),
      }),
      forRootAsync: fromAsync,
      forRootAsyncOptions: await asyncOptions.useFactory(),
      rawOptionsToken: modules[0]!.get(MARKETING_CLOUD_MODULE_OPTIONS),
      sampleAppTarget: new MarketingCloudTarget(target.options, undefined),
    };
    for (const [name, holder] of Object.entries(holders)) {
      const shown = [
        inspect(holder, { depth: Infinity, showHidden: true }),
        inspect(holder),
        JSON.stringify(holder),
      ].join('\n');
      expect({ name, leaked: leakedCanaries(shown, [CLIENT_SECRET]) }).toEqual({
        name,
        leaked: [],
      });
    }
    expect(inspect(holders.rawOptionsToken)).toContain('Secret([redacted])');
  });

  it('the cached token object shows no value when logged or serialised', async () => {
    const token = await modules[0]!.get(AccessTokenManager).getAccessToken();
    const tokens = [...emulator.counters.requestsPerToken.keys()];
    const shown = `${inspect(token)}\n${JSON.stringify(token)}\n${String(token)}`;
    expect(leakedCanaries(shown, tokens)).toEqual([]);
    expect(token.authorizationHeader).toMatch(/^Bearer .{512}$/);
  });
});
