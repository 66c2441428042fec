import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  getJson,
  INVALID_OR_MISSING_TO_ADDRESS_BODY,
  NO_VALID_SUBSCRIBERS_ERROR,
  postJson,
  sendBatchUrl,
  sendBody,
} from '../../../test/fixtures/emulator-http.js';
import { GUID } from '../../../test/fixtures/json-shape.js';
import { ManualClock } from './clock.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

const OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';

/** The send body for recipient r{index}@example.com. */
const recipient = (index: number, requestType?: 'ASYNC' | 'SYNC') =>
  sendBody({
    address: `r${index}@example.com`,
    subscriberKey: `r${index}`,
    ...(requestType && { requestType }),
  });

describe('POST {restBaseUrl}messaging/v1/messageDefinitionSends/{id | key:…}/sendBatch', () => {
  const track = closeAfterEach();
  let emulator: MarketingCloudEmulator;
  let token: string;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = track(
      await startMarketingCloudEmulator({
        clock,
        deliveryDelayMs: 10,
        excludedAddresses: ['excluded@example.com'],
        maxBatchSize: 5,
      }),
    );
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  const sendBatch = (body: unknown, segment = 'key:external_key') =>
    postJson(sendBatchUrl(emulator.restBaseUrl, segment), body, { token });

  it('answers 202 with one responses[] entry per element, in order, each with its own recipientSendId', async () => {
    const response = await sendBatch([recipient(0), recipient(1), recipient(2)]);
    expect(response.status).toBe(202);
    const body = response.body as { requestId: string; responses: Record<string, unknown>[] };
    expect(body.requestId).toMatch(GUID);
    expect(body.responses).toHaveLength(3);
    for (const entry of body.responses) {
      expect(entry).toEqual({
        recipientSendId: expect.stringMatching(GUID) as unknown,
        hasErrors: false,
        messages: ['Queued'],
      });
    }
    expect(new Set(body.responses.map((entry) => entry['recipientSendId'])).size).toBe(3);
    // In order: element i is the send to r{i}, and the records say which request and position.
    expect(emulator.records.sends).toEqual(
      [0, 1, 2].map((index) =>
        expect.objectContaining({
          recipientSendId: body.responses[index]?.['recipientSendId'],
          requestId: body.requestId,
          via: 'sendBatch',
          batchIndex: index,
          to: { address: `r${index}@example.com`, subscriberKey: `r${index}` },
          body: recipient(index),
        }),
      ),
    );
    expect(emulator.counters).toMatchObject({
      sendBatchRequests: 1,
      sendRequests: 0,
      acceptedSends: 3,
    });
  });

  it('applies the per-recipient checks of /send to each element: a refusal in the middle keeps its place', async () => {
    const response = await sendBatch([
      recipient(0, 'SYNC'),
      sendBody({ address: 'excluded@example.com', requestType: 'SYNC' }),
      { To: { SubscriberKey: 'no-address' } },
      recipient(3, 'SYNC'),
    ]);
    expect(response.status).toBe(202);
    const { responses } = response.body as { responses: Record<string, unknown>[] };
    expect(responses.map((entry) => entry['hasErrors'])).toEqual([false, true, true, false]);
    expect(responses[1]).toEqual({
      recipientSendId: expect.stringMatching(GUID) as unknown,
      hasErrors: true,
      messageErrors: [NO_VALID_SUBSCRIBERS_ERROR],
    });
    // No usable To.Address: the documented flat entry, and nothing accepted for it.
    expect(responses[2]).toEqual(INVALID_OR_MISSING_TO_ADDRESS_BODY);
    expect(emulator.records.sends.map((send) => send.batchIndex)).toEqual([0, 1, 3]);
    expect(emulator.records.emailsTo('r0@example.com')).toHaveLength(1);
    expect(emulator.records.emailsTo('excluded@example.com')).toEqual([]);
    expect(emulator.records.emailsTo('r3@example.com')).toHaveLength(1);
  });

  it("gives each element a delivery record on either of the definition's identifiers", async () => {
    const response = await sendBatch([recipient(0), recipient(1)], OBJECT_ID);
    const { responses } = response.body as { responses: { recipientSendId: string }[] };
    clock.advance(10);
    for (const [index, entry] of responses.entries()) {
      const record = await getJson(
        deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', entry.recipientSendId),
        { token },
      );
      expect(record.body).toMatchObject({
        status: 'Sent',
        messageId: entry.recipientSendId,
        to: { address: `r${index}@example.com`, key: `r${index}` },
      });
    }
  });

  it('accepts exactly maxBatchSize elements and refuses one more, whole: 400 / 10005, nothing accepted', async () => {
    const five = [0, 1, 2, 3, 4].map((index) => recipient(index));
    expect((await sendBatch(five)).status).toBe(202);
    const refused = await sendBatch([...five, recipient(5)]);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({
      message: 'Invalid value: a batch holds 1 to 5 sends; this one holds 6.',
      errorcode: 10005,
      documentation: '',
    });
    expect(emulator.counters.acceptedSends).toBe(5);
  });

  it('defaults maxBatchSize to 50', async () => {
    const defaults = track(await startMarketingCloudEmulator({ record: false }));
    const defaultToken = await fetchAccessToken(defaults.authBaseUrl);
    const batch = (size: number) =>
      postJson(
        sendBatchUrl(defaults.restBaseUrl, 'key:external_key'),
        Array.from({ length: size }, (_, index) => recipient(index)),
        { token: defaultToken },
      );
    expect((await batch(50)).status).toBe(202);
    expect((await batch(51)).status).toBe(400);
    expect(defaults.counters.acceptedSends).toBe(50);
  });

  it.each([
    [
      'an empty array',
      [],
      400,
      10005,
      'Invalid value: a batch holds 1 to 5 sends; this one holds 0.',
    ],
    [
      'an object instead of an array',
      sendBody(),
      400,
      10001,
      'Invalid data type: the request body must be a JSON array of sends.',
    ],
    [
      'an element that is not an object',
      [sendBody(), 'x'],
      400,
      10001,
      'Invalid data type: element [1] must be a JSON object.',
    ],
    [
      'an element with a bad Options.RequestType',
      [sendBody(), sendBody(), { ...sendBody(), Options: { RequestType: 'NOW' } }],
      400,
      10005,
      'element [2]: Invalid value for Options.RequestType. Valid values are ASYNC and SYNC.',
    ],
  ])(
    'refuses %s whole, naming the element, and accepts nothing',
    async (_, body, status, code, message) => {
      const response = await sendBatch(body);
      expect(response.status).toBe(status);
      expect(response.body).toEqual({ message, errorcode: code, documentation: '' });
      expect(emulator.counters.acceptedSends).toBe(0);
    },
  );

  it('answers like /send for a body that is not JSON, a wrong content type and an unknown definition', async () => {
    expect((await sendBatch('[{')).body).toMatchObject({ errorcode: 10004 });
    const text = await postJson(sendBatchUrl(emulator.restBaseUrl, 'key:external_key'), '[]', {
      token,
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.status).toBe(415);
    const unknown = await sendBatch([recipient(0)], 'key:nope');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      message: "No triggered send definition exists for key 'nope'.",
      errorcode: 30003,
      documentation: '',
    });
    expect(emulator.counters.acceptedSends).toBe(0);
  });

  it('can be faulted on its own route name, sendBatch', async () => {
    emulator.faults.inject({ route: 'sendBatch', action: { type: 'unavailable' } });
    expect((await sendBatch([recipient(0)])).status).toBe(503);
    expect((await sendBatch([recipient(0)])).status).toBe(202);
    expect(emulator.records.requests.filter((request) => request.route === 'sendBatch')).toEqual([
      expect.objectContaining({ status: 503, fault: 'unavailable' }),
      expect.objectContaining({ status: 202, fault: undefined }),
    ]);
  });
});
