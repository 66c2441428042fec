/**
 * Salesforce's own Node client, fuel-rest (with fuel-auth, OAuth 2 mode), unmodified against the
 * emulator: it re-authenticates only when a 401 carries `WWW-Authenticate: Bearer ... invalid_token`
 * (its helpers.isValid401), which the emulator now sends (issue 11: inferred from fuel-rest and
 * Salesforce's Commerce Cloud connector, which both rely on it).
 */
import FuelAuth from 'fuel-auth';
import FuelRest from 'fuel-rest';
import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  EMULATOR_CLIENT_ID,
  EMULATOR_CLIENT_SECRET,
  sendBody,
} from '../../../test/fixtures/emulator-http.js';
import { startMarketingCloudEmulator } from './emulator.js';

/**
 * fuel-rest builds a retried request's URL from what follows `.com/` in the URL it used, so the
 * emulator must advertise a `.com` origin without a port (against http://127.0.0.1:port the retry
 * goes to `{rest}undefined`). fuel-rest then reaches it through request's `proxy` option.
 */
const EMULATOR_ORIGIN = 'http://mc-emulator.rest.example.com';

describe('fuel-rest against the emulator', () => {
  const track = closeAfterEach();

  it('recovers from an expired token: the 401 makes it fetch a new token and send again, once', async () => {
    const emulator = track(
      await startMarketingCloudEmulator({ advertisedOrigin: EMULATOR_ORIGIN }),
    );
    expect(emulator.restBaseUrl).toBe(`${EMULATOR_ORIGIN}/`);
    const globalReqOptions = { proxy: `http://127.0.0.1:${emulator.port}` };
    const auth = new FuelAuth({
      clientId: EMULATOR_CLIENT_ID,
      clientSecret: EMULATOR_CLIENT_SECRET,
      authUrl: `http://127.0.0.1:${emulator.port}/auth/v2/token`,
      authOptions: { authVersion: 2 },
      globalReqOptions,
    });
    const rest = new FuelRest({ auth, globalReqOptions });
    // With authVersion 2 fuel-rest keeps what follows `.com/` and appends it to rest_instance_url.
    const send = () =>
      rest.post({
        uri: '/messaging/v1/messageDefinitionSends/key:external_key/send',
        body: JSON.stringify(sendBody()),
      });

    expect((await send()).res.statusCode).toBe(202);
    emulator.expireAllTokens();
    const { res, body } = await send();

    expect(res.statusCode).toBe(202);
    expect(body).toMatchObject({ responses: [{ hasErrors: false, messages: ['Queued'] }] });
    expect(emulator.counters).toMatchObject({
      tokensIssued: 2,
      sendRequests: 3,
      acceptedSends: 2,
    });
    const sends = emulator.records.requests.filter((request) => request.route === 'send');
    expect(sends.map((request) => request.status)).toEqual([202, 401, 202]);
    // The retry carried the new token, not the dead one.
    expect(sends[2]?.bearerToken).not.toBe(sends[1]?.bearerToken);
  });
});
