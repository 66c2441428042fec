import { beforeEach, describe, expect, it } from 'vitest';
import {
  closeAfterEach,
  deliveryRecordUrl,
  fetchAccessToken,
  firstRecipient,
  getJson,
  NO_VALID_SUBSCRIBERS_ERROR,
  postJson,
  sendBody,
  sendUrl,
} from '../../../test/fixtures/emulator-http.js';
import { ManualClock } from './clock.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

const EXTERNAL_OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';
const REQUIRED_OBJECT_ID = '9d0c5a4e-3b2f-4e1d-8c7b-6a5f4e3d2c1b';

interface FailureCase {
  readonly name: string;
  readonly segment: string;
  readonly body: Record<string, unknown>;
  readonly code: number;
  readonly codeName: string;
  readonly status: string;
}

function withTo(changes: Record<string, unknown>): Record<string, unknown> {
  const body = sendBody();
  return { ...body, To: { ...(body.To as Record<string, unknown>), ...changes } };
}

const FAILURES: readonly FailureCase[] = [
  {
    name: 'an email address with invalid syntax',
    segment: 'key:external_key',
    body: sendBody({ address: 'not-an-email' }),
    code: 5,
    codeName: 'InvalidEmailAddress',
    status: 'The Email Address for this subscriber has invalid syntax.',
  },
  {
    name: 'an email address longer than 254 characters',
    segment: 'key:external_key',
    body: sendBody({ address: `${'a'.repeat(243)}@example.com` }),
    code: 5,
    codeName: 'InvalidEmailAddress',
    status: 'The Email Address for this subscriber has invalid syntax.',
  },
  {
    name: 'a SubscriberKey of 255 characters',
    segment: 'key:external_key',
    body: sendBody({ subscriberKey: 'k'.repeat(255) }),
    code: 30,
    codeName: 'SubscriberKeyTooLong',
    status: 'Subscriber key value is too long. Enter a key that is 254 or fewer characters.',
  },
  {
    name: 'a missing SubscriberKey',
    segment: 'key:external_key',
    body: withTo({ SubscriberKey: undefined }),
    code: 29,
    codeName: 'MissingSubscriberKeyValue',
    status: 'The subscriber key is null or empty.',
  },
  {
    name: 'an empty SubscriberKey',
    segment: 'key:external_key',
    body: sendBody({ subscriberKey: ' ' }),
    code: 29,
    codeName: 'MissingSubscriberKeyValue',
    status: 'The subscriber key is null or empty.',
  },
  {
    name: 'an address List Detective excludes (any case)',
    segment: 'key:external_key',
    body: sendBody({ address: 'Excluded@Example.com' }),
    code: 24,
    codeName: 'ListDetectiveExclusion',
    status: 'The subscriber was excluded by List Detective.',
  },
  {
    name: 'an attribute whose value is an object',
    segment: 'key:external_key',
    body: sendBody({ attributes: { Region: { name: 'West' } } }),
    code: 16,
    codeName: 'InvalidAttributeValue',
    status: "The value of attribute 'Region' has an invalid type.",
  },
  {
    name: 'an attribute whose value is an array',
    segment: 'key:external_key',
    body: sendBody({ attributes: { Tags: ['a', 'b'] } }),
    code: 16,
    codeName: 'InvalidAttributeValue',
    status: "The value of attribute 'Tags' has an invalid type.",
  },
  {
    name: 'SubscriberAttributes that are not name and value pairs',
    segment: 'key:external_key',
    body: withTo({ ContactAttributes: { SubscriberAttributes: ['West'] } }),
    code: 16,
    codeName: 'InvalidAttributeValue',
    status: 'SubscriberAttributes must be name and value pairs.',
  },
  {
    name: 'an attribute value of 4001 characters',
    segment: 'key:external_key',
    body: sendBody({ attributes: { Note: 'x'.repeat(4001) } }),
    code: 17,
    codeName: 'AttributeValueMaxLengthErr',
    status: "The value of attribute 'Note' is too long.",
  },
  {
    name: 'a missing required attribute',
    segment: 'key:needs_attributes',
    body: sendBody({ attributes: { City: 'Indianapolis' } }),
    code: 10,
    codeName: 'MissingRequiredAttributes',
    status: 'Required attributes are missing: FirstName, Region.',
  },
];

describe('Subscriber checks', () => {
  const track = closeAfterEach();
  let emulator: MarketingCloudEmulator;
  let token: string;
  let clock: ManualClock;

  beforeEach(async () => {
    clock = new ManualClock();
    emulator = track(
      await startMarketingCloudEmulator({
        clock,
        deliveryDelayMs: 20,
        excludedAddresses: ['excluded@example.com'],
        definitions: [
          { objectId: EXTERNAL_OBJECT_ID, customerKey: 'external_key' },
          {
            objectId: REQUIRED_OBJECT_ID,
            customerKey: 'needs_attributes',
            requiredAttributes: ['FirstName', 'Region'],
          },
        ],
      }),
    );
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  const send = (segment: string, body: Record<string, unknown>, requestType: 'ASYNC' | 'SYNC') =>
    postJson(
      sendUrl(emulator.restBaseUrl, segment),
      { ...body, Options: { RequestType: requestType } },
      { token },
    );

  const deliveryRecord = (segment: string, recipientSendId: string) =>
    getJson(deliveryRecordUrl(emulator.restBaseUrl, segment, recipientSendId), { token });

  describe.each(FAILURES)('$name (code $code)', (failure) => {
    it('gives 180008 at once with SYNC, and an Error delivery record', async () => {
      const response = await send(failure.segment, failure.body, 'SYNC');
      expect(response.status).toBe(202);
      expect(firstRecipient(response.body)).toEqual({
        recipientSendId: emulator.records.sends[0]?.recipientSendId,
        hasErrors: true,
        messageErrors: [NO_VALID_SUBSCRIBERS_ERROR],
      });
      expect(emulator.records.sends[0]?.failure).toEqual({
        code: failure.code,
        name: failure.codeName,
        status: failure.status,
      });
      // A SYNC rejection is final: no wait for the delivery delay.
      const record = await deliveryRecord(
        failure.segment,
        firstRecipient(response.body).recipientSendId as string,
      );
      expect(record.body).toMatchObject({
        status: 'Error',
        messageErrors: [{ messageErrorStatus: failure.status }],
      });
    });

    it('answers Queued with ASYNC and carries the reason in the Error delivery record', async () => {
      const response = await send(failure.segment, failure.body, 'ASYNC');
      expect(response.status).toBe(202);
      const recipient = firstRecipient(response.body);
      expect(recipient).toMatchObject({ hasErrors: false, messages: ['Queued'] });
      const recipientSendId = recipient.recipientSendId as string;

      expect((await deliveryRecord(failure.segment, recipientSendId)).body).toMatchObject({
        status: 'Queued',
      });
      clock.advance(20);
      const record = await deliveryRecord(failure.segment, recipientSendId);
      expect(record.status).toBe(200);
      expect(record.body).toEqual({
        id: failure.segment === 'key:needs_attributes' ? REQUIRED_OBJECT_ID : EXTERNAL_OBJECT_ID,
        messageId: recipientSendId,
        status: 'Error',
        to: { address: '', id: 0, key: '' },
        messageErrors: [{ messageErrorStatus: failure.status }],
      });
      expect(emulator.records.emailsTo(emulator.records.sends[0]?.to.address ?? '')).toEqual([]);
    });
  });

  it.each([
    [
      'a SubscriberKey of exactly 254 characters',
      'key:external_key',
      sendBody({ subscriberKey: 'k'.repeat(254) }),
    ],
    [
      'an attribute value of exactly 4000 characters',
      'key:external_key',
      sendBody({ attributes: { Note: 'x'.repeat(4000) } }),
    ],
    [
      'number and boolean attribute values',
      'key:external_key',
      sendBody({ attributes: { Age: 4, Vip: false } }),
    ],
    [
      'every required attribute (names matched case-insensitively)',
      'key:needs_attributes',
      sendBody({ attributes: { firstname: 'Ada', REGION: 'West' } }),
    ],
  ])('accepts %s: Queued, then Sent', async (_, segment, body) => {
    const response = await send(segment, body, 'SYNC');
    expect(response.status).toBe(202);
    const recipient = firstRecipient(response.body);
    expect(recipient).toMatchObject({ hasErrors: false, messages: ['Queued'] });
    expect(emulator.records.sends[0]?.failure).toBeUndefined();
    clock.advance(20);
    const record = await deliveryRecord(segment, recipient.recipientSendId as string);
    expect(record.body).toMatchObject({ status: 'Sent' });
  });
});
