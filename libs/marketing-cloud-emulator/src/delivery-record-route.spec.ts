import { beforeEach, describe, expect, it } from 'vitest';
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
import { ManualClock } from './clock.js';
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
  // Time moves only when a test says so: no read races the delivery delay (issue 15, item 10).
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = track(
      await startMarketingCloudEmulator({
        clock,
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

  const queryOf = (segment: string, query: string) =>
    getJson(
      `${emulator.restBaseUrl}messaging/v1/messageDefinitionSends/${segment}/deliveryRecords?${query}`,
      { token },
    );

  const idOf = async (recipientSendId: string) =>
    ((await recordOf('key:external_key', recipientSendId)).body as { to: { id: number } }).to.id;

  it('answers Queued first, with no `to` and no deliveryTime', async () => {
    const recipientSendId = await sendTo('example@example.com');
    const record = await recordOf('key:external_key', recipientSendId);
    expect(record.status).toBe(200);
    expect(record.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(record.body).toEqual({ id: OBJECT_ID, messageId: recipientSendId, status: 'Queued' });
  });

  it('stays Queued until exactly deliveryDelayMs have passed, then turns Sent', async () => {
    const recipientSendId = await sendTo('example@example.com');
    clock.advance(DELAY_MS - 1);
    expect((await recordOf('key:external_key', recipientSendId)).body).toMatchObject({
      status: 'Queued',
    });
    clock.advance(1);
    expect((await recordOf('key:external_key', recipientSendId)).body).toMatchObject({
      status: 'Sent',
    });
  });

  it('turns Sent after deliveryDelayMs, in the documented Sent shape', async () => {
    const sentAt = Date.now();
    const recipientSendId = await sendTo('Ada@Example.com', 'ada-key');
    clock.advance(DELAY_MS);

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
    // Central Standard Time without daylight saving: UTC - 6 h, the acceptance time plus the delay.
    const asUtc = Date.parse(`${body.deliveryTime}Z`) + 6 * 3600_000;
    expect(asUtc).toBe(emulator.records.sends[0]!.at + DELAY_MS);
    expect(asUtc).toBeGreaterThanOrEqual(sentAt + DELAY_MS);
    // Stable on every read.
    expect((await recordOf('key:external_key', recipientSendId)).body).toEqual(record.body);
  });

  it('gives one subscriber id per SubscriberKey', async () => {
    const first = await sendTo('a@example.com', 'same-key');
    const second = await sendTo('b@example.com', 'same-key');
    const other = await sendTo('c@example.com', 'other-key');
    clock.advance(DELAY_MS);
    expect(await idOf(first)).toBe(await idOf(second));
    expect(await idOf(other)).not.toBe(await idOf(first));
  });

  it('answers the Error shape, with a blank `to`, for a send that failed a check', async () => {
    const recipientSendId = await sendTo('excluded@example.com');
    clock.advance(DELAY_MS);
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

  describe("the query form …/deliveryRecords?RecipientSendId= (declared by Salesforce's swagger)", () => {
    it('answers exactly as the path form does: Queued, Sent, Error, and 404 for an unknown id', async () => {
      const sent = await sendTo('example@example.com');
      const excluded = await sendTo('excluded@example.com');
      const answers = async () => [
        await queryOf('key:external_key', `RecipientSendId=${sent}`),
        await recordOf('key:external_key', sent),
        await queryOf(OBJECT_ID, `recipientsendid=${excluded}`),
        await recordOf(OBJECT_ID, excluded),
      ];
      const [queuedQuery, queuedPath] = await answers();
      expect(queuedQuery?.body).toMatchObject({ status: 'Queued' });
      expect(queuedQuery?.body).toEqual(queuedPath?.body);

      clock.advance(DELAY_MS);
      const [sentQuery, sentPath, errorQuery, errorPath] = await answers();
      expect(sentQuery?.status).toBe(200);
      expect(sentQuery?.body).toMatchObject({ status: 'Sent', messageId: sent });
      expect(sentQuery?.body).toEqual(sentPath?.body);
      expect(errorQuery?.body).toMatchObject({ status: 'Error', messageId: excluded });
      expect(errorQuery?.body).toEqual(errorPath?.body);

      const unknown = '00000000-0000-0000-0000-000000000000';
      const [unknownQuery, unknownPath] = [
        await queryOf('key:external_key', `RecipientSendId=${unknown}`),
        await recordOf('key:external_key', unknown),
      ];
      expect(unknownQuery.status).toBe(404);
      expect(unknownQuery.body).toEqual(unknownPath.body);
      expect(emulator.counters.deliveryRecordRequests).toBe(10);
    });

    it('answers 400 / 10002 without a RecipientSendId', async () => {
      for (const query of ['', 'other=1', 'RecipientSendId=']) {
        const answer = await queryOf('key:external_key', query);
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({
          message: 'Missing required field: RecipientSendId.',
          errorcode: 10002,
          documentation: '',
        });
      }
    });
  });
});

describe('Delivery-record retention (bounded by count and by age)', () => {
  const track = closeAfterEach();

  async function start(retention: { maxCount?: number; maxAgeMs?: number }, record = true) {
    const clock = new ManualClock();
    const emulator = track(
      await startMarketingCloudEmulator({
        clock,
        deliveryDelayMs: 0,
        deliveryRecordRetention: retention,
        record,
      }),
    );
    const token = await fetchAccessToken(emulator.authBaseUrl);
    const send = async () =>
      firstRecipient(
        (
          await postJson(sendUrl(emulator.restBaseUrl, 'key:external_key'), sendBody(), {
            token,
          })
        ).body,
      ).recipientSendId as string;
    const statusOf = async (id: string) =>
      (await getJson(deliveryRecordUrl(emulator.restBaseUrl, 'key:external_key', id), { token }))
        .status;
    return { clock, send, statusOf };
  }

  it.each([true, false])(
    'keeps the latest maxCount records (record: %s); an older id answers 404',
    async (record) => {
      const { send, statusOf } = await start({ maxCount: 3 }, record);
      const ids = [await send(), await send(), await send(), await send()];
      expect(await Promise.all(ids.map(statusOf))).toEqual([404, 200, 200, 200]);
    },
  );

  it('forgets a record maxAgeMs after its send was accepted', async () => {
    const { clock, send, statusOf } = await start({ maxAgeMs: 1_000 });
    const old = await send();
    clock.advance(600);
    const newer = await send();
    clock.advance(399);
    expect([await statusOf(old), await statusOf(newer)]).toEqual([200, 200]);
    clock.advance(1);
    expect([await statusOf(old), await statusOf(newer)]).toEqual([404, 200]);
  });
});
