import { describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  firstRecipient,
  getJson,
  postJson,
  sendBody,
  sendUrl,
  tokenRequestBody,
  tokenUrl,
} from '../../../test/fixtures/emulator-http.js';
import { startMarketingCloudEmulator } from './emulator.js';

const OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';

describe('Records of requests and sends', () => {
  const track = closeAfterEach();

  it('records every request: method, raw url, route, headers, bearer token, body, status, fault', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const body = JSON.stringify(sendBody());
    emulator.faults.inject({ route: 'deliveryRecord', action: { type: 'blocked' } });

    await postJson(sendUrl(emulator.restBaseUrl, 'key:external%5Fkey'), body, {
      token,
      headers: { 'x-test': 'yes' },
    });
    await getJson(deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', 'abc?x=1'), {
      token,
    });
    await getJson(`${emulator.restBaseUrl}nowhere`);

    const [tokenRequest, sendRequest, recordRequest, unknownRequest] = emulator.records.requests;
    expect(emulator.records.requests).toHaveLength(4);
    expect(tokenRequest).toMatchObject({
      seq: 1,
      method: 'POST',
      url: '/auth/v2/token',
      route: 'token',
      bearerToken: undefined,
      bodyText: JSON.stringify(tokenRequestBody()),
      status: 200,
      fault: undefined,
    });
    expect(sendRequest).toMatchObject({
      seq: 2,
      method: 'POST',
      url: '/rest/messaging/v1/messageDefinitionSends/key:external%5Fkey/send',
      route: 'send',
      bearerToken: token,
      bodyText: body,
      status: 202,
      fault: undefined,
    });
    expect(sendRequest?.headers).toMatchObject({
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'x-test': 'yes',
    });
    expect(typeof sendRequest?.at).toBe('number');
    expect(recordRequest).toMatchObject({
      seq: 3,
      method: 'GET',
      url: '/rest/messaging/v1/messageDefinitionSends/key:external_key/deliveryRecords/abc?x=1',
      route: 'deliveryRecord',
      bodyText: '',
      status: 429,
      fault: 'blocked',
    });
    expect(unknownRequest).toMatchObject({ route: 'unknown', status: 404, url: '/rest/nowhere' });
  });

  it('records every accepted send: body, token, time, definition, recipient, failure', async () => {
    const emulator = track(
      await startMarketingCloudEmulator({ excludedAddresses: ['excluded@example.com'] }),
    );
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const before = Date.now();
    const good = sendBody({ address: 'ada@example.com', subscriberKey: 'ada' });
    const bad = sendBody({ address: 'excluded@example.com', subscriberKey: 'ex' });
    const goodResponse = await postJson(sendUrl(emulator.restBaseUrl, OBJECT_ID), good, { token });
    await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), bad, { token });

    expect(emulator.records.sends).toEqual([
      {
        requestId: (goodResponse.body as { requestId: string }).requestId,
        recipientSendId: firstRecipient(goodResponse.body).recipientSendId,
        tenant: 'default',
        definitionObjectId: OBJECT_ID,
        definitionReference: OBJECT_ID,
        via: 'send',
        batchIndex: undefined,
        requestType: 'ASYNC',
        to: { address: 'ada@example.com', subscriberKey: 'ada' },
        body: good,
        bearerToken: token,
        at: expect.any(Number) as unknown,
        acceptedAtMonotonic: expect.any(Number) as unknown,
        failure: undefined,
      },
      expect.objectContaining({
        definitionReference: 'key:external_key',
        to: { address: 'excluded@example.com', subscriberKey: 'ex' },
        body: bad,
        failure: {
          code: 24,
          name: 'ListDetectiveExclusion',
          status: 'The subscriber was excluded by List Detective.',
        },
      }),
    ]);
    expect(emulator.records.sends[0]?.at).toBeGreaterThanOrEqual(before);
    expect(emulator.records.sends[0]?.at).toBeLessThanOrEqual(Date.now());
  });

  it('emailsTo(address) lists the sends that make an email, case-insensitively', async () => {
    const emulator = track(
      await startMarketingCloudEmulator({ excludedAddresses: ['excluded@example.com'] }),
    );
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const url = sendUrl(emulator.restBaseUrl, 'key:external_key');
    await postJson(url, sendBody({ address: 'Ada@Example.com' }), { token });
    await postJson(url, sendBody({ address: 'ada@example.com', subscriberKey: 'k'.repeat(255) }), {
      token,
    });
    await postJson(url, sendBody({ address: 'ada@example.com' }), { token });
    await postJson(url, sendBody({ address: 'bob@example.com' }), { token });
    await postJson(url, sendBody({ address: 'excluded@example.com' }), { token });

    expect(emulator.records.emailsTo('ADA@example.COM').map((send) => send.to.address)).toEqual([
      'Ada@Example.com',
      'ada@example.com',
    ]);
    expect(emulator.records.emailsTo('bob@example.com')).toHaveLength(1);
    expect(emulator.records.emailsTo('excluded@example.com')).toEqual([]);
    expect(emulator.records.emailsTo('nobody@example.com')).toEqual([]);
  });

  it('reset() clears records, counters and faults; tokens and definitions stay', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const url = sendUrl(emulator.restBaseUrl, 'key:external_key');
    await postJson(url, sendBody(), { token });
    emulator.faults.inject({ route: 'send', times: Infinity, action: { type: 'blocked' } });
    emulator.faults.rateLimit({ route: 'send', limit: 0, windowMs: 60_000 });

    emulator.reset();
    expect(emulator.records.requests).toEqual([]);
    expect(emulator.records.sends).toEqual([]);
    expect(emulator.counters).toEqual({
      tokenRequests: 0,
      tokensIssued: 0,
      sendRequests: 0,
      sendBatchRequests: 0,
      acceptedSends: 0,
      deliveryRecordRequests: 0,
      requestsPerToken: new Map([[token, 0]]),
    });

    const response = await postJson(url, sendBody(), { token });
    expect(response.status).toBe(202);
    expect(emulator.records.sends).toHaveLength(1);
    expect(emulator.counters).toMatchObject({ sendRequests: 1, acceptedSends: 1 });
  });

  it('with record: false keeps counters but no records', async () => {
    const emulator = track(await startMarketingCloudEmulator({ record: false }));
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const response = await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
      token,
    });
    expect(response.status).toBe(202);
    expect(emulator.records.requests).toEqual([]);
    expect(emulator.records.sends).toEqual([]);
    expect(emulator.records.emailsTo('example@example.com')).toEqual([]);
    expect(emulator.counters).toMatchObject({
      tokenRequests: 1,
      tokensIssued: 1,
      sendRequests: 1,
      acceptedSends: 1,
    });
    // The delivery record still resolves: the emulator keeps what it needs for that.
    const record = await getJson(
      deliveryRecordUrl(
        emulator.restBaseUrl,
        'key:external_key',
        firstRecipient(response.body).recipientSendId as string,
      ),
      { token },
    );
    expect(record.status).toBe(200);
  });
});

describe('Bounded records', () => {
  const track = closeAfterEach();

  it('keep the latest maxRecords requests and sends; counters still count everything', async () => {
    const emulator = track(await startMarketingCloudEmulator({ maxRecords: 3 }));
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const url = sendUrl(emulator.restBaseUrl, 'key:external_key');
    for (const index of [0, 1, 2, 3, 4]) {
      await postJson(url, sendBody({ address: `r${index}@example.com` }), { token });
    }
    expect(emulator.records.sends.map((send) => send.to.address)).toEqual([
      'r2@example.com',
      'r3@example.com',
      'r4@example.com',
    ]);
    expect(emulator.records.requests.map((request) => request.seq)).toEqual([4, 5, 6]);
    expect(emulator.counters).toMatchObject({
      tokenRequests: 1,
      sendRequests: 5,
      acceptedSends: 5,
    });
  });
});

describe('Counters', () => {
  const track = closeAfterEach();

  it('count token requests, tokens issued, send requests, accepted sends, delivery-record requests and requests per token', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    const first = await fetchAccessToken(emulator.authBaseUrl);
    const second = await fetchAccessToken(emulator.authBaseUrl);
    await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody({ client_secret: 'wrong' }));

    const url = sendUrl(emulator.restBaseUrl, 'key:external_key');
    const accepted = await postJson(url, sendBody(), { token: first });
    await postJson(url, sendBody(), { token: first });
    await postJson(url, {}, { token: second }); // flat InvalidOrMissingToAddress: not accepted
    await postJson(url, sendBody()); // 401: counted as a send request, not per token
    await getJson(
      deliveryRecordUrl(
        emulator.restBaseUrl,
        'key:external_key',
        firstRecipient(accepted.body).recipientSendId as string,
      ),
      { token: second },
    );

    expect(emulator.counters).toEqual({
      tokenRequests: 3,
      tokensIssued: 2,
      sendRequests: 4,
      sendBatchRequests: 0,
      acceptedSends: 2,
      deliveryRecordRequests: 1,
      requestsPerToken: new Map([
        [first, 2],
        [second, 2],
      ]),
    });
  });

  it('count requests answered by a fault too: they reached the emulator', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    const token = await fetchAccessToken(emulator.authBaseUrl);
    emulator.faults.inject({ route: 'send', action: { type: 'rate-limit' } });
    emulator.faults.inject({ route: 'token', action: { type: 'unavailable' } });

    const url = sendUrl(emulator.restBaseUrl, 'key:external_key');
    expect((await postJson(url, sendBody(), { token })).status).toBe(429);
    expect((await postJson(url, sendBody(), { token })).status).toBe(202);
    expect((await postJson(tokenUrl(emulator.authBaseUrl), tokenRequestBody())).status).toBe(503);

    expect(emulator.counters).toMatchObject({
      tokenRequests: 2,
      tokensIssued: 1,
      sendRequests: 2,
      acceptedSends: 1,
    });
    // Only the request the emulator authenticated counts against the token.
    expect(emulator.counters.requestsPerToken.get(token)).toBe(1);
  });

  it('are a snapshot: later requests do not change one already taken', async () => {
    const emulator = track(await startMarketingCloudEmulator());
    const snapshot = emulator.counters;
    await fetchAccessToken(emulator.authBaseUrl);
    expect(snapshot.tokenRequests).toBe(0);
    expect(emulator.counters.tokenRequests).toBe(1);
  });
});
