import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  firstRecipient,
  getJson,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

const OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';
const OTHER_OBJECT_ID = '6f2f5d5c-5a1d-4d1e-9c3e-2f9b4f7c1a10';
const DELAY_MS = 50;

/** "YYYY-MM-DDTHH:mm:ss.fff", no offset, as in the documented Sent example. */
const DELIVERY_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

describe('GET {restBaseUrl}messaging/v1/messageDefinitionSends/{id | key:…}/deliveryRecords/{recipientSendId}', () => {
  const track = closeAfterEach();
  let emulator: MarketingCloudEmulator;
  let token: string;

  beforeEach(async () => {
    emulator = track(
      await startMarketingCloudEmulator({
        deliveryDelayMs: DELAY_MS,
        excludedAddresses: ['excluded@example.com'],
      }),
    );
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  async function sendTo(address: string, subscriberKey = address): Promise<string> {
    const response = await postJson(
      sendUrl(emulator.restBaseUrl, 'key:external_key'),
      sendBody({ address, subscriberKey }),
      { token },
    );
    expect(response.status).toBe(202);
    return firstRecipient(response.body).recipientSendId as string;
  }

  const recordOf = (segment: string, recipientSendId: string) =>
    getJson(deliveryRecordUrl(emulator.restBaseUrl, segment, recipientSendId), { token });

  const idOf = async (recipientSendId: string) =>
    ((await recordOf('key:external_key', recipientSendId)).body as { to: { id: number } }).to.id;

  async function waitForStatus(segment: string, recipientSendId: string, status: string) {
    await vi.waitFor(
      async () => expect((await recordOf(segment, recipientSendId)).body).toMatchObject({ status }),
      { timeout: 2_000, interval: 10 },
    );
  }

  it('answers Queued first, with no `to` and no deliveryTime', async () => {
    const recipientSendId = await sendTo('example@example.com');
    const record = await recordOf('key:external_key', recipientSendId);
    expect(record.status).toBe(200);
    expect(record.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(record.body).toEqual({ id: OBJECT_ID, messageId: recipientSendId, status: 'Queued' });
  });

  it('turns Sent after deliveryDelayMs, in the documented Sent shape', async () => {
    const sentAt = Date.now();
    const recipientSendId = await sendTo('Ada@Example.com', 'ada-key');
    await waitForStatus('key:external_key', recipientSendId, 'Sent');

    const record = await recordOf('key:external_key', recipientSendId);
    expect(record.status).toBe(200);
    expect(record.body).toEqual({
      deliveryTime: expect.stringMatching(DELIVERY_TIME) as unknown,
      id: OBJECT_ID,
      messageId: recipientSendId,
      status: 'Sent',
      to: { address: 'Ada@Example.com', id: expect.any(Number) as unknown, key: 'ada-key' },
    });
    const body = record.body as { deliveryTime: string; to: { id: number } };
    expect(Number.isInteger(body.to.id)).toBe(true);
    expect(body.to.id).toBeGreaterThan(0);
    // Central Standard Time without daylight saving: UTC - 6 h, around the send time plus the delay.
    const asUtc = Date.parse(`${body.deliveryTime}Z`) + 6 * 3600_000;
    expect(asUtc).toBeGreaterThanOrEqual(sentAt);
    expect(asUtc).toBeLessThan(Date.now() + 1_000);
    // Stable on every read.
    expect((await recordOf('key:external_key', recipientSendId)).body).toEqual(record.body);
  });

  it('gives one subscriber id per SubscriberKey', async () => {
    const first = await sendTo('a@example.com', 'same-key');
    const second = await sendTo('b@example.com', 'same-key');
    const other = await sendTo('c@example.com', 'other-key');
    await waitForStatus('key:external_key', other, 'Sent');
    expect(await idOf(first)).toBe(await idOf(second));
    expect(await idOf(other)).not.toBe(await idOf(first));
  });

  it('answers the Error shape, with a blank `to`, for a send that failed a check', async () => {
    const recipientSendId = await sendTo('excluded@example.com');
    await waitForStatus('key:external_key', recipientSendId, 'Error');
    const record = await recordOf('key:external_key', recipientSendId);
    expect(record.status).toBe(200);
    expect(record.body).toEqual({
      id: OBJECT_ID,
      messageId: recipientSendId,
      status: 'Error',
      to: { address: '', id: 0, key: '' },
      messageErrors: [{ messageErrorStatus: 'The subscriber was excluded by List Detective.' }],
    });
  });

  it('finds the record by ObjectID, id:ObjectID and key, and by an upper-case recipientSendId', async () => {
    const recipientSendId = await sendTo('example@example.com');
    for (const [segment, id] of [
      [OBJECT_ID, recipientSendId],
      [`id:${OBJECT_ID}`, recipientSendId],
      [OBJECT_ID.toUpperCase(), recipientSendId.toUpperCase()],
      ['key:external_key', recipientSendId],
    ] as const) {
      const record = await recordOf(segment, id);
      expect(record.status).toBe(200);
      expect(record.body).toMatchObject({ messageId: recipientSendId });
    }
  });

  it('answers 404 / 30003 for an unknown recipientSendId', async () => {
    const record = await recordOf('key:external_key', '00000000-0000-0000-0000-000000000000');
    expect(record.status).toBe(404);
    expect(record.body).toEqual({
      message: "No delivery record exists for '00000000-0000-0000-0000-000000000000'.",
      errorcode: 30003,
      documentation: '',
    });
  });

  it('answers 404 / 30003 for a recipientSendId of another definition', async () => {
    const recipientSendId = await sendTo('example@example.com');
    for (const segment of ['key:cust_key', OTHER_OBJECT_ID]) {
      const record = await recordOf(segment, recipientSendId);
      expect(record.status).toBe(404);
      expect(record.body).toEqual({
        message: `No delivery record exists for '${recipientSendId}'.`,
        errorcode: 30003,
        documentation: '',
      });
    }
  });

  it('answers 404 / 30003 for an unknown definition', async () => {
    const recipientSendId = await sendTo('example@example.com');
    const record = await recordOf('key:nope', recipientSendId);
    expect(record.status).toBe(404);
    expect(record.body).toEqual({
      message: "No triggered send definition exists for key 'nope'.",
      errorcode: 30003,
      documentation: '',
    });
  });

  it('answers 405 to a POST and counts delivery-record requests', async () => {
    const recipientSendId = await sendTo('example@example.com');
    const post = await postJson(
      deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', recipientSendId),
      {},
      { token },
    );
    expect(post.status).toBe(405);
    await recordOf('key:external_key', recipientSendId);
    await recordOf('key:external_key', 'unknown');
    expect(emulator.counters.deliveryRecordRequests).toBe(2);
  });
});
