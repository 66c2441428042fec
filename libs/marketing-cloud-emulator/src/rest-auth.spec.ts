import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  firstRecipient,
  getJson,
  NOT_AUTHORIZED_BODY,
  postJson,
  sendBody,
  sendUrl,
  type JsonResponse,
} from '../../../test/fixtures/emulator-http.js';
import { ManualClock } from './clock.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

/** Both REST routes, called with the given Authorization header value (or none). */
async function callBothRoutes(
  emulator: MarketingCloudEmulator,
  recipientSendId: string,
  authorization: string | undefined,
): Promise<JsonResponse[]> {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  return [
    await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), { headers }),
    await getJson(deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', recipientSendId), {
      headers,
    }),
  ];
}

/** RFC 6750's challenge for a bad token: what fuel-rest needs before it re-authenticates (inferred). */
const INVALID_TOKEN = 'Bearer error="invalid_token"';

/** 401 Not Authorized, with `challenge` as WWW-Authenticate (bare `Bearer` when no token was given). */
function expectNotAuthorized(responses: JsonResponse[], challenge = INVALID_TOKEN): void {
  for (const response of responses) {
    expect(response.status).toBe(401);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('www-authenticate')).toBe(challenge);
    expect(response.body).toEqual(NOT_AUTHORIZED_BODY);
  }
}

describe('Bearer token validation on the REST routes', () => {
  const track = closeAfterEach();

  /** An emulator with one accepted send, so the delivery-record route has something to show. */
  async function startWithOneSend(options?: Parameters<typeof startMarketingCloudEmulator>[0]) {
    const emulator = track(await startMarketingCloudEmulator(options));
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const sent = await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
      token,
    });
    expect(sent.status).toBe(202);
    return {
      emulator,
      token,
      recipientSendId: firstRecipient(sent.body).recipientSendId as string,
    };
  }

  it('accepts a valid token on both routes', async () => {
    const { emulator, token, recipientSendId } = await startWithOneSend();
    const responses = await callBothRoutes(emulator, recipientSendId, `Bearer ${token}`);
    expect(responses.map((response) => response.status)).toEqual([202, 200]);
  });

  it('answers 401 Not Authorized without an Authorization header', async () => {
    const { emulator, recipientSendId } = await startWithOneSend();
    expectNotAuthorized(await callBothRoutes(emulator, recipientSendId, undefined), 'Bearer');
    expect(emulator.counters.acceptedSends).toBe(1);
  });

  it.each([
    ['an unknown token', 'Bearer not-a-token-the-emulator-issued', INVALID_TOKEN],
    ['another scheme', 'Basic ZW11bGF0b3I6c2VjcmV0', 'Bearer'],
    ['an empty bearer', 'Bearer ', 'Bearer'],
  ])('answers 401 Not Authorized for %s', async (_, authorization, challenge) => {
    const { emulator, recipientSendId } = await startWithOneSend();
    expectNotAuthorized(await callBothRoutes(emulator, recipientSendId, authorization), challenge);
    expect(emulator.counters.acceptedSends).toBe(1);
  });

  it('answers 401 once a token outlives tokenLifetimeSeconds', async () => {
    const clock = new ManualClock();
    const emulator = track(await startMarketingCloudEmulator({ clock, tokenLifetimeSeconds: 0.5 }));
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const recipientSendId = '00000000-0000-0000-0000-000000000000';
    // Valid at first (the unknown id then gets 404, not 401)...
    const [sent, record] = await callBothRoutes(emulator, recipientSendId, `Bearer ${token}`);
    expect([sent?.status, record?.status]).toEqual([202, 404]);
    // ...still 1 ms before the end of its lifetime...
    clock.advance(499);
    const [late] = await callBothRoutes(emulator, recipientSendId, `Bearer ${token}`);
    expect(late?.status).toBe(202);
    // ...then refused for good once its lifetime is over.
    clock.advance(1);
    expectNotAuthorized(await callBothRoutes(emulator, recipientSendId, `Bearer ${token}`));
    expect(emulator.counters.acceptedSends).toBe(2);
  });

  it('answers 401 after expireAllTokens(), for every token issued so far', async () => {
    const { emulator, token, recipientSendId } = await startWithOneSend();
    const second = await fetchAccessToken(emulator.authBaseUrl);
    emulator.expireAllTokens();
    expectNotAuthorized(await callBothRoutes(emulator, recipientSendId, `Bearer ${token}`));
    expectNotAuthorized(await callBothRoutes(emulator, recipientSendId, `Bearer ${second}`));
    expect(emulator.counters.acceptedSends).toBe(1);

    const fresh = await fetchAccessToken(emulator.authBaseUrl);
    const responses = await callBothRoutes(emulator, recipientSendId, `Bearer ${fresh}`);
    expect(responses.map((response) => response.status)).toEqual([202, 200]);
  });

  it('checks the token before the body: a bad body without a token still gets 401', async () => {
    const { emulator } = await startWithOneSend();
    const response = await postJson(sendUrl(emulator.restBaseUrl, 'key:no_such_key'), '{', {
      headers: { 'content-type': 'text/plain' },
    });
    expectNotAuthorized([response], 'Bearer');
  });
});
