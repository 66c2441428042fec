import type { TestingModule } from '@nestjs/testing';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from 'marketing-cloud-emulator';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudNotFoundError } from '../errors/marketing-cloud-not-found.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudModuleOptions } from '../options/marketing-cloud-module-options.js';
import { TriggeredSendService } from '../triggered-send/triggered-send.service.js';
import { AccessTokenManager } from './access-token-manager.js';

describe('token endpoint and transport messages (misconfiguration)', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    emulator = await startMarketingCloudEmulator();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await emulator.close();
  });

  async function failureOf(options: MarketingCloudModuleOptions): Promise<unknown> {
    moduleRef = await createMarketingCloudTestingModule({ ...options, retry: { maxAttempts: 1 } });
    return moduleRef
      .get(AccessTokenManager)
      .getAccessToken()
      .catch((error: unknown) => error);
  }

  it('a 404 from the token endpoint says the auth base URL is wrong and shows how it must look', async () => {
    const authBaseUrl = `${emulator.authBaseUrl}wrong/`;
    const failure = await failureOf(emulatorOptions(emulator, { authBaseUrl }));
    expect(failure).toBeInstanceOf(MarketingCloudAuthenticationError);
    expect(failure).toMatchObject({ upstreamStatus: 404 });
    const { message } = failure as Error;
    expect(message).toContain(
      `The token endpoint ${authBaseUrl}v2/token answered HTTP 404: the auth base URL is wrong.`,
    );
    expect(message).toContain(
      'the host only, such as https://{subdomain}.auth.marketingcloudapis.com/',
    );
    expect(message).toContain('Do not add v2/token to authBaseUrl: the module adds it.');
    expect(message).not.toMatch(/accountId and scope/);
  });

  it('a host that does not resolve (ENOTFOUND / EAI_AGAIN) is named, with a hint to check subdomain', async () => {
    const failure = await failureOf({
      authBaseUrl: 'https://mc-does-not-exist.invalid/',
      clientId: 'id',
      clientSecret: 'secret',
    });
    expect(failure).toBeInstanceOf(MarketingCloudUnavailableError);
    expect(failure).toMatchObject({ retryable: true, maybeSent: false });
    expect((failure as Error).message).toMatch(
      /^Could not reach Marketing Cloud for the token request: the host mc-does-not-exist\.invalid was not found \((ENOTFOUND|EAI_AGAIN)\)\. Check subdomain \(the 28-character tenant subdomain/,
    );
  });

  it('a definition Marketing Cloud does not know: the not-found message ends with one period', async () => {
    moduleRef = await createMarketingCloudTestingModule(emulatorOptions(emulator));
    const failure = await moduleRef
      .get(TriggeredSendService)
      .send('key:no_such_definition', sendBody())
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(MarketingCloudNotFoundError);
    const { message } = failure as Error;
    expect(message).toMatch(/^Marketing Cloud answered the send with HTTP 404, errorcode \d+/);
    expect(message).not.toContain('..');
    expect(message.endsWith('.')).toBe(true);
  });
});
