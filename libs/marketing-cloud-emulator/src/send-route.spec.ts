import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  firstRecipient,
  getJson,
  INVALID_OR_MISSING_TO_ADDRESS_BODY,
  NO_VALID_SUBSCRIBERS_ERROR,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';
import { GUID } from '../../../test/fixtures/json-shape.js';
import { ManualClock } from './clock.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

const OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';

function expectQueued(body: unknown): { requestId: string; recipientSendId: string } {
  expect(body).toEqual({
    requestId: expect.stringMatching(GUID) as unknown,
    responses: [
      {
        recipientSendId: expect.stringMatching(GUID) as unknown,
        hasErrors: false,
        messages: ['Queued'],
      },
    ],
  });
  const { requestId } = body as { requestId: string };
  return { requestId, recipientSendId: firstRecipient(body).recipientSendId as string };
}

function withoutAddress(): Record<string, unknown> {
  const body = sendBody();
  delete (body.To as Record<string, unknown>).Address;
  return body;
}

describe('POST {restBaseUrl}messaging/v1/messageDefinitionSends/{id | key:…}/send', () => {
  const track = closeAfterEach();
  let emulator: MarketingCloudEmulator;
  let token: string;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = track(
      await startMarketingCloudEmulator({
        clock,
        deliveryDelayMs: 50,
        excludedAddresses: ['excluded@example.com'],
      }),
    );
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  const send = (segment: string, body: unknown, headers?: Record<string, string>) =>
    postJson(sendUrl(emulator.restBaseUrl, segment), body, {
      token,
      ...(headers && { headers }),
    });

  describe.each([
    ['ObjectID', OBJECT_ID],
    ['key:CustomerKey', 'key:external_key'],
  ])('addressed by %s', (_, segment) => {
    it.each([['ASYNC'], ['SYNC']] as const)(
      'answers 202 Queued with GUIDs for %s and records the send',
      async (requestType) => {
        const body = sendBody({ requestType });
        const response = await send(segment, body);

        expect(response.status).toBe(202);
        expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
        const { requestId, recipientSendId } = expectQueued(response.body);
        expect(requestId).not.toBe(recipientSendId);

        expect(emulator.records.sends).toHaveLength(1);
        expect(emulator.records.sends[0]).toMatchObject({
          requestId,
          recipientSendId,
          definitionObjectId: OBJECT_ID,
          definitionReference: segment,
          requestType,
          to: { address: 'example@example.com', subscriberKey: 'example@example.com' },
          body,
          bearerToken: token,
          failure: undefined,
        });
        expect(emulator.counters).toMatchObject({ sendRequests: 1, acceptedSends: 1 });
      },
    );
  });

  it('defaults to ASYNC when Options is absent', async () => {
    const response = await send('key:external_key', sendBody());
    expect(response.status).toBe(202);
    expectQueued(response.body);
    expect(emulator.records.sends[0]?.requestType).toBe('ASYNC');
  });

  it('gives every request new ids: sends are not idempotent', async () => {
    const first = expectQueued((await send('key:external_key', sendBody())).body);
    const second = expectQueued((await send('key:external_key', sendBody())).body);
    expect(second.recipientSendId).not.toBe(first.recipientSendId);
    expect(second.requestId).not.toBe(first.requestId);
    expect(emulator.records.emailsTo('example@example.com')).toHaveLength(2);
  });

  it('answers a SYNC recipient failure with 202, hasErrors and 180008', async () => {
    const response = await send(
      'key:external_key',
      sendBody({ address: 'excluded@example.com', requestType: 'SYNC' }),
    );
    expect(response.status).toBe(202);
    expect(response.body).toEqual({
      requestId: expect.stringMatching(GUID) as unknown,
      responses: [
        {
          recipientSendId: expect.stringMatching(GUID) as unknown,
          hasErrors: true,
          messageErrors: [NO_VALID_SUBSCRIBERS_ERROR],
        },
      ],
    });
    const [error] = firstRecipient(response.body).messageErrors as unknown[];
    expect(typeof (error as { messageErrorCode: unknown }).messageErrorCode).toBe('number');
    expect(emulator.records.sends[0]?.failure).toEqual({
      code: 24,
      name: 'ListDetectiveExclusion',
      status: 'The subscriber was excluded by List Detective.',
    });
    expect(emulator.records.emailsTo('excluded@example.com')).toEqual([]);
  });

  it('answers an ASYNC recipient failure with Queued; the delivery record shows the Error later', async () => {
    const response = await send(
      'key:external_key',
      sendBody({ address: 'excluded@example.com', requestType: 'ASYNC' }),
    );
    expect(response.status).toBe(202);
    const { recipientSendId } = expectQueued(response.body);
    const url = deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', recipientSendId);

    expect((await getJson(url, { token })).body).toMatchObject({ status: 'Queued' });
    clock.advance(50);
    expect((await getJson(url, { token })).body).toEqual({
      id: OBJECT_ID,
      messageId: recipientSendId,
      status: 'Error',
      to: { address: '', id: 0, key: '' },
      messageErrors: [{ messageErrorStatus: 'The subscriber was excluded by List Detective.' }],
    });
  });

  describe('the flat InvalidOrMissingToAddress answer', () => {
    it.each([
      ['no To', { Options: { RequestType: 'SYNC' } }],
      ['a To without Address', withoutAddress()],
      ['an empty Address', sendBody({ address: '' })],
      ['a blank Address', sendBody({ address: '   ', requestType: 'SYNC' })],
      ['an Address that is not a string', { To: { Address: 42, SubscriberKey: 'k' } }],
      ['a To that is not an object', { To: 'example@example.com' }],
    ])('answers 202 with the flat body for %s and accepts nothing', async (_, body) => {
      const response = await send('key:external_key', body);
      expect(response.status).toBe(202);
      expect(response.body).toEqual(INVALID_OR_MISSING_TO_ADDRESS_BODY);
      expect(emulator.records.sends).toEqual([]);
      expect(emulator.counters).toMatchObject({ sendRequests: 1, acceptedSends: 0 });
    });
  });

  it('answers 404 / 30003 for an unknown definition, by key and by ObjectID', async () => {
    const byKey = await send('key:no_such_key', sendBody());
    expect(byKey.status).toBe(404);
    expect(byKey.body).toEqual({
      message: "No triggered send definition exists for key 'no_such_key'.",
      errorcode: 30003,
      documentation: '',
    });
    const byId = await send('00000000-0000-0000-0000-000000000000', sendBody());
    expect(byId.status).toBe(404);
    expect(byId.body).toEqual({
      message: "No triggered send definition exists for id '00000000-0000-0000-0000-000000000000'.",
      errorcode: 30003,
      documentation: '',
    });
    expect(emulator.counters).toMatchObject({ sendRequests: 2, acceptedSends: 0 });
  });

  it.each([['{"To": {'], ['not json'], ['']])(
    'answers 400 / 10004 for the malformed JSON %j',
    async (bodyText) => {
      const response = await send('key:external_key', bodyText);
      expect(response.status).toBe(400);
      expect(response.body).toEqual({
        message: 'Serialization error, please ensure the body has balanced braces and brackets.',
        errorcode: 10004,
        documentation: '',
      });
      expect(emulator.records.sends).toEqual([]);
    },
  );

  it('answers 400 / 10001 for JSON that is not an object', async () => {
    const response = await send('key:external_key', [sendBody()]);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Invalid data type: the request body must be a JSON object.',
      errorcode: 10001,
      documentation: '',
    });
  });

  it.each([['text/plain'], ['application/x-www-form-urlencoded']])(
    'answers 415 for the content type %s',
    async (contentType) => {
      const response = await send('key:external_key', JSON.stringify(sendBody()), {
        'content-type': contentType,
      });
      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        message: 'Unsupported Media Type: send the body as application/json.',
        errorcode: 415,
        documentation: '',
      });
      expect(emulator.records.sends).toEqual([]);
    },
  );

  it.each([
    ['an unknown RequestType', { RequestType: 'LATER' }],
    ['a RequestType that is not a string', { RequestType: 1 }],
    ['Options that are not an object', 'SYNC'],
  ])('answers 400 / 10005 for %s', async (_, options) => {
    const response = await send('key:external_key', { ...sendBody(), Options: options });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'Invalid value for Options.RequestType. Valid values are ASYNC and SYNC.',
      errorcode: 10005,
      documentation: '',
    });
    expect(emulator.records.sends).toEqual([]);
  });

  it('matches property names case-insensitively (OPTIONS, to, address)', async () => {
    const response = await send('key:external_key', {
      OPTIONS: { requesttype: 'sync' },
      to: {
        address: 'excluded@example.com',
        subscriberkey: 'k-1',
        contactattributes: { subscriberattributes: { Region: 'West' } },
      },
    });
    expect(response.status).toBe(202);
    // SYNC was read from OPTIONS.requesttype, the address from to.address: the failure comes at once.
    expect(firstRecipient(response.body)).toMatchObject({
      hasErrors: true,
      messageErrors: [NO_VALID_SUBSCRIBERS_ERROR],
    });
    expect(emulator.records.sends[0]).toMatchObject({
      requestType: 'SYNC',
      to: { address: 'excluded@example.com', subscriberKey: 'k-1' },
    });
  });

  it('answers 405 to a GET of the send route and 404 / 30003 to an unknown path', async () => {
    const get = await getJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), { token });
    expect(get.status).toBe(405);
    expect(get.body).toEqual({
      message: 'Method GET is not allowed here.',
      errorcode: 405,
      documentation: '',
    });
    const unknown = await postJson(`${emulator.restBaseUrl}messaging/v1/nothing`, sendBody(), {
      token,
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      message: 'No route matches POST /rest/messaging/v1/nothing.',
      errorcode: 30003,
      documentation: '',
    });
    expect(emulator.counters.sendRequests).toBe(0);
  });

  it('answers 400 / 10003 to a definition segment with broken percent-encoding', async () => {
    const response = await send('key:%E0%A4%A', sendBody());
    expect(response.status).toBe(400);
    expect(response.body).toEqual({
      message: 'The URL has malformed percent-encoding.',
      errorcode: 10003,
      documentation: '',
    });
  });

  it('answers 413 to a body over maxBodyBytes', async () => {
    const small = track(await startMarketingCloudEmulator({ maxBodyBytes: 1024 }));
    const smallToken = await fetchAccessToken(small.authBaseUrl);
    const response = await postJson(
      sendUrl(small.restBaseUrl, 'key:external_key'),
      sendBody({ attributes: { Note: 'x'.repeat(2000) } }),
      { token: smallToken },
    );
    expect(response.status).toBe(413);
    expect(response.body).toEqual({
      message: 'Request body too large.',
      errorcode: 413,
      documentation: '',
    });
    expect(small.records.sends).toEqual([]);
  });
});
