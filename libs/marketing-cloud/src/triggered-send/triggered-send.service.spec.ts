import type { TestingModule } from '@nestjs/testing';
import {
  ManualClock,
  startMarketingCloudEmulator,
  type FaultAction,
  type MarketingCloudEmulator,
} from 'marketing-cloud-emulator';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { untilHeld } from '../../../../test/support/eventually.js';
import {
  createMarketingCloudTestingModule,
  emulatorOptions,
  sendBody,
} from '../../../../test/support/marketing-cloud-testing.js';
import { MarketingCloudAuthenticationError } from '../errors/marketing-cloud-authentication.error.js';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudNotFoundError } from '../errors/marketing-cloud-not-found.error.js';
import { MarketingCloudRateLimitError } from '../errors/marketing-cloud-rate-limit.error.js';
import { MarketingCloudRequestError } from '../errors/marketing-cloud-request.error.js';
import { MarketingCloudSendError } from '../errors/marketing-cloud-send.error.js';
import { MarketingCloudTimeoutError } from '../errors/marketing-cloud-timeout.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import { TriggeredSendDefinition } from './triggered-send-definition.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import { TriggeredSendService } from './triggered-send.service.js';

const OBJECT_ID = 'dfa5ab87-1b0f-e211-b71b-9c8e9920e9fc';
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const DEFINITIONS = [
  ['ObjectID', OBJECT_ID],
  ['key:', 'key:external_key'],
] as const;
const REQUEST_TYPES = ['ASYNC', 'SYNC'] as const;

function body(
  requestType: 'ASYNC' | 'SYNC',
  address = 'example@example.com',
): TriggeredSendRequest {
  return { ...sendBody(address), Options: { RequestType: requestType } };
}

describe('TriggeredSendService against the emulator', () => {
  let emulator: MarketingCloudEmulator;
  let moduleRef: TestingModule;
  let service: TriggeredSendService;
  /** The emulator's clock: sends stay Queued, and late answers stay unanswered, until it moves. */
  const clock = new ManualClock();

  beforeAll(async () => {
    emulator = await startMarketingCloudEmulator({
      clock,
      deliveryDelayMs: 50,
      excludedAddresses: ['excluded@example.com'],
      definitions: [
        { objectId: OBJECT_ID, customerKey: 'external_key' },
        { customerKey: 'paused', status: 'Inactive' },
      ],
    });
    moduleRef = await createMarketingCloudTestingModule(
      emulatorOptions(emulator, { requestTimeoutMs: 1000, retry: { maxAttempts: 1 } }),
    );
    service = moduleRef.get(TriggeredSendService);
  });
  afterAll(async () => {
    await moduleRef.close();
    await emulator.close();
  });
  afterEach(() => emulator.reset());

  describe.each(DEFINITIONS)('addressed by %s', (_, definition) => {
    it.each(REQUEST_TYPES)(
      '%s: the documented example is accepted and typed',
      async (requestType) => {
        const result = await service.send(definition, body(requestType));
        expect(result).toEqual({
          requestId: expect.stringMatching(GUID),
          recipientSendId: expect.stringMatching(GUID),
          messages: ['Queued'],
          requestType,
          definition,
        });
        const [accepted] = emulator.records.sends;
        expect(accepted?.recipientSendId).toBe(result.recipientSendId);
        expect(accepted?.requestId).toBe(result.requestId);
        expect(accepted?.definitionObjectId).toBe(OBJECT_ID);
        expect(accepted?.body).toEqual(body(requestType));
        expect(emulator.records.requests.at(-1)?.url).toBe(
          `/rest/messaging/v1/messageDefinitionSends/${definition}/send`,
        );
      },
    );

    it('SYNC: a refused recipient is a typed error with 180008, its status, request and recipient send ids', async () => {
      const failure = await service
        .send(definition, body('SYNC', 'excluded@example.com'))
        .catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MarketingCloudNoValidSubscribersError);
      expect(failure).toMatchObject({
        errorCode: 180008,
        messageErrorStatus:
          'Unable to queue Triggered Send request. There are no valid subscribers.',
        requestId: emulator.records.sends[0]?.requestId,
        recipientSendId: emulator.records.sends[0]?.recipientSendId,
        retryable: false,
      });
      expect((failure as Error).message).toContain(
        '180008 TriggeredSendNoValidSubscriberToProcess',
      );
    });

    it('ASYNC: the same refusal answers Queued, and the delivery record turns Error with the reason', async () => {
      const result = await service.send(definition, body('ASYNC', 'excluded@example.com'));
      expect(result.messages).toEqual(['Queued']);
      expect(await service.getDeliveryRecord(definition, result.recipientSendId)).toEqual({
        id: OBJECT_ID,
        messageId: result.recipientSendId,
        status: 'Queued',
      });
      clock.advance(50);
      expect(await service.getDeliveryRecord(definition, result.recipientSendId)).toEqual({
        id: OBJECT_ID,
        messageId: result.recipientSendId,
        status: 'Error',
        to: { address: '', id: 0, key: '' },
        messageErrors: [{ messageErrorStatus: 'The subscriber was excluded by List Detective.' }],
      });
    });

    it('a delivered send reads Sent, with delivery time and recipient', async () => {
      const result = await service.send(definition, body('ASYNC', 'sent@example.com'));
      expect((await service.getDeliveryRecord(definition, result.recipientSendId)).status).toBe(
        'Queued',
      );
      clock.advance(50);
      expect(await service.getDeliveryRecord(definition, result.recipientSendId)).toEqual({
        id: OBJECT_ID,
        messageId: result.recipientSendId,
        status: 'Sent',
        deliveryTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/),
        to: { address: 'sent@example.com', id: expect.any(Number), key: 'sent@example.com' },
      });
    });

    it('the flat InvalidOrMissingToAddress answer is a typed refusal', async () => {
      emulator.faults.inject({
        route: 'send',
        action: {
          type: 'respond',
          status: 202,
          body: { recipientSendId: '', hasErrors: true, messages: ['InvalidOrMissingToAddress'] },
        },
      });
      const failure = service.send(definition, body('ASYNC'));
      await expect(failure).rejects.toBeInstanceOf(MarketingCloudNoValidSubscribersError);
      await expect(failure).rejects.toMatchObject({
        messageErrorStatus: 'InvalidOrMissingToAddress',
        errorCode: undefined,
        recipientSendId: '',
      });
    });
  });

  it.each(['key:no_such_key', 'key:External_Key', '0b6e5f2a-0000-4000-8000-000000000000'])(
    'an unknown definition (%s) is MarketingCloudNotFoundError (404 / 30003)',
    async (definition) => {
      const failure = service.send(definition, body('ASYNC'));
      await expect(failure).rejects.toBeInstanceOf(MarketingCloudNotFoundError);
      await expect(failure).rejects.toMatchObject({
        upstreamStatus: 404,
        errorCode: 30003,
        retryable: false,
      });
      expect(emulator.counters.acceptedSends).toBe(0);
    },
  );

  it('a paused definition accepts and keeps the send Queued', async () => {
    const result = await service.send(TriggeredSendDefinition.key('paused'), body('ASYNC'));
    clock.advance(80); // past the delivery delay: an active definition's send would read Sent
    expect((await service.getDeliveryRecord('key:paused', result.recipientSendId)).status).toBe(
      'Queued',
    );
  });

  it('an unknown recipientSendId is MarketingCloudNotFoundError', async () => {
    await expect(
      service.getDeliveryRecord('key:external_key', '0b6e5f2a-0000-4000-8000-000000000000'),
    ).rejects.toMatchObject({
      name: 'MarketingCloudNotFoundError',
      upstreamStatus: 404,
      errorCode: 30003,
    });
  });

  it('an undocumented delivery status is kept, not dropped', async () => {
    emulator.faults.inject({
      route: 'deliveryRecord',
      action: {
        type: 'respond',
        status: 200,
        body: { id: OBJECT_ID, messageId: 'm', status: 'Bounced' },
      },
    });
    const record = await service.getDeliveryRecord(
      OBJECT_ID,
      '0b6e5f2a-0000-4000-8000-000000000000',
    );
    expect(record).toEqual({
      id: OBJECT_ID,
      messageId: 'm',
      status: 'Other',
      rawStatus: 'Bounced',
      raw: { id: OBJECT_ID, messageId: 'm', status: 'Bounced' },
    });
  });

  describe('error families', () => {
    const cases: [
      string,
      FaultAction,
      abstract new (...args: never[]) => Error,
      Record<string, unknown>,
    ][] = [
      [
        '429 / 50100 with Retry-After',
        { type: 'rate-limit', retryAfterSeconds: 9 },
        MarketingCloudRateLimitError,
        { errorCode: 50100, retryAfterSeconds: 9, retryable: true },
      ],
      [
        '429 / 50100 with only the body retryAfter',
        { type: 'rate-limit', retryAfterSeconds: 4, header: false },
        MarketingCloudRateLimitError,
        { retryAfterSeconds: 4, retryable: true },
      ],
      [
        '429 / 50200 temporarily blocked',
        { type: 'blocked' },
        MarketingCloudRateLimitError,
        { errorCode: 50200, retryAfterSeconds: undefined, retryable: false },
      ],
      [
        '503 / 50300',
        { type: 'unavailable' },
        MarketingCloudUnavailableError,
        { errorCode: 50300, upstreamStatus: 503, retryable: true },
      ],
      [
        'an HTML 502 page',
        { type: 'html', status: 502 },
        MarketingCloudUnavailableError,
        { upstreamStatus: 502, retryable: false },
      ],
      [
        '500 / errorcode 500',
        {
          type: 'respond',
          status: 500,
          body: { message: 'Internal Server Error', errorcode: 500, documentation: '' },
        },
        MarketingCloudUnavailableError,
        { errorCode: 500, retryable: false },
      ],
      [
        '400 / 10005',
        {
          type: 'respond',
          status: 400,
          body: { message: 'Invalid value', errorcode: 10005, documentation: '' },
        },
        MarketingCloudRequestError,
        { errorCode: 10005, upstreamStatus: 400 },
      ],
      [
        '403 / 20002 insufficient privileges',
        {
          type: 'respond',
          status: 403,
          body: { message: 'Insufficient privileges', errorcode: 20002, documentation: '' },
        },
        MarketingCloudAuthenticationError,
        { errorCode: 20002 },
      ],
      [
        '202 with hasErrors and a definition code',
        {
          type: 'respond',
          status: 202,
          body: {
            requestId: 'r',
            responses: [
              {
                recipientSendId: 's',
                hasErrors: true,
                messageErrors: [
                  { messageErrorCode: 18001, messageErrorStatus: 'not completely configured' },
                ],
              },
            ],
          },
        },
        MarketingCloudSendError,
        { errorCode: 18001, requestId: 'r', recipientSendId: 's' },
      ],
      [
        '202 in no documented shape',
        { type: 'respond', status: 202, body: { ok: true } },
        MarketingCloudUnavailableError,
        { upstreamStatus: 202, retryable: false },
      ],
      [
        'a reset after the send was processed',
        { type: 'reset', afterProcessing: true },
        MarketingCloudUnavailableError,
        { retryable: false },
      ],
      [
        'no answer within the timeout',
        { type: 'delay', ms: 3000 },
        MarketingCloudTimeoutError,
        { retryable: false },
      ],
    ];
    describe.each(DEFINITIONS)('addressed by %s', (_form, definition) => {
      it.each(cases)('%s', async (_, action, errorClass, fields) => {
        await service.send(definition, body('ASYNC')); // warm token
        emulator.faults.inject({ route: 'send', action });
        const failure = service.send(
          definition,
          body(fields['errorCode'] === 18001 ? 'SYNC' : 'ASYNC'),
        );
        await expect(failure).rejects.toBeInstanceOf(errorClass);
        await expect(failure).rejects.toMatchObject(fields);
      });
    });
  });

  it('honours a per-call timeout and an AbortSignal', async () => {
    emulator.faults.inject({ route: 'send', times: 2, action: { type: 'delay', ms: 3000 } });
    await expect(
      service.send('key:external_key', body('ASYNC'), { timeoutMs: 100 }),
    ).rejects.toMatchObject({
      name: 'MarketingCloudTimeoutError',
      message: expect.stringContaining('100 ms'),
    });
    const controller = new AbortController();
    const held = clock.pending;
    const aborted = service.send('key:external_key', body('ASYNC'), { signal: controller.signal });
    await untilHeld(clock, held + 1); // on the wire
    controller.abort();
    await expect(aborted).rejects.toMatchObject({
      name: 'MarketingCloudAbortedError',
      retryable: false,
      message: expect.stringContaining(
        'aborted because its AbortSignal fired, after the request was sent',
      ),
    });
  });

  it('an invalid request is refused before anything reaches Marketing Cloud', async () => {
    const failure = service.send('key:external_key', {
      To: { Address: 'not-an-email', SubscriberKey: '' },
    } as TriggeredSendRequest);
    await expect(failure).rejects.toBeInstanceOf(MarketingCloudValidationError);
    await expect(failure).rejects.toMatchObject({
      violations: expect.arrayContaining([
        expect.objectContaining({ path: 'To.Address', rule: 'isEmail' }),
        expect.objectContaining({ path: 'To.SubscriberKey' }),
      ]),
    });
    await expect(service.send('not a definition', body('ASYNC'))).rejects.toMatchObject({
      violations: [expect.objectContaining({ path: 'definition' })],
    });
    expect(emulator.records.requests).toEqual([]);
  });

  it.each([
    'Welcome Mail',
    'MixedCase_Key',
    'a/b',
    'what?now',
    'hash#tag',
    '100%',
    'encoded%2Fslash',
    'ünïcødé-日本-😀',
    '../../x',
    'key:inside',
  ])('the customer key %j reaches Marketing Cloud unchanged', async (customerKey) => {
    emulator.definitions.add({ customerKey });
    const result = await service.send(TriggeredSendDefinition.key(customerKey), body('ASYNC'));
    const [accepted] = emulator.records.sends;
    expect(accepted?.definitionReference).toBe(`key:${customerKey}`);
    expect(accepted?.recipientSendId).toBe(result.recipientSendId);
    expect(emulator.records.requests.at(-1)?.url).toBe(
      `/rest/messaging/v1/messageDefinitionSends/key:${encodeURIComponent(customerKey)}/send`,
    );
  });
});
