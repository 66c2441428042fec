import { describe, expect, it } from 'vitest';
import {
  businessUnitTarget,
  configuredBusinessUnits,
} from '../../src/config/marketing-cloud-env.js';

const DE = {
  MC_DE_SUBDOMAIN: 'mc563885gzs27c5t9-63k636ttgm',
  MC_DE_CLIENT_ID: 'de-id',
  MC_DE_CLIENT_SECRET: 'de-secret',
};
const MAIN = { MC_AUTH_BASE_URL: 'http://127.0.0.1:1/', MC_CLIENT_ID: 'id', MC_CLIENT_SECRET: 's' };

describe('business unit configuration (MC_DE_*)', () => {
  it('reads MC_DE_* into the de options, trimmed, as MC_* is read for the default', () => {
    expect(
      businessUnitTarget(
        { ...MAIN, ...DE, MC_DE_ACCOUNT_ID: ' 5100001 ', MC_DE_SCOPE: 'email_send' },
        'de',
      ),
    ).toEqual({
      kind: 'tenant',
      options: {
        subdomain: 'mc563885gzs27c5t9-63k636ttgm',
        clientId: 'de-id',
        clientSecret: 'de-secret',
        accountId: '5100001',
        scope: 'email_send',
      },
    });
  });

  it('none set: a second emulator when the app runs on the emulator, absent when it uses a tenant', () => {
    expect(businessUnitTarget({}, 'de')).toEqual({ kind: 'emulator' });
    expect(configuredBusinessUnits({})).toEqual(['de']);
    expect(businessUnitTarget(MAIN, 'de')).toBeUndefined();
    expect(configuredBusinessUnits(MAIN)).toEqual([]);
    expect(configuredBusinessUnits({ NODE_ENV: 'production', ...MAIN })).toEqual([]);
  });

  it('some set: every credential is required, and the message names the missing ones, never a value', () => {
    expect(() => businessUnitTarget({ MC_DE_CLIENT_SECRET: 'canary-secret' }, 'de')).toThrow(
      "Business unit 'de' is not fully configured: set MC_DE_SUBDOMAIN (or MC_DE_AUTH_BASE_URL), MC_DE_CLIENT_ID, or none of the MC_DE_* variables to leave it out.",
    );
    expect(() => businessUnitTarget({ MC_DE_CLIENT_SECRET: 'canary-secret' }, 'de')).not.toThrow(
      /canary-secret/,
    );
  });
});
