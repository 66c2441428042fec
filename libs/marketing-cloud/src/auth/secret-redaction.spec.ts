import type { TestingModule } from '@nestjs/testing';
import {
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
import { MARKETING_CLOUD_OPTIONS } from '../marketing-cloud.constants.js';
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

  async function moduleWith(clientSecret: string, requestTimeoutMs = 300) {
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

  it('the cached token object shows no value when logged or serialised', async () => {
    const token = await modules[0]!.get(AccessTokenManager).getAccessToken();
    const tokens = [...emulator.counters.requestsPerToken.keys()];
    const shown = `${inspect(token)}\n${JSON.stringify(token)}\n${String(token)}`;
    expect(leakedCanaries(shown, tokens)).toEqual([]);
    expect(token.authorizationHeader).toMatch(/^Bearer .{512}$/);
  });
});
