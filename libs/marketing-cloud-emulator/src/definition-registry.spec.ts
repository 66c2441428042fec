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
import { DefinitionRegistry } from './definition-registry.js';
import { startMarketingCloudEmulator, type MarketingCloudEmulator } from './emulator.js';

const ODD_KEY = 'Welcome Mail/v2?#%ü';
const ODD_KEY_OBJECT_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PAUSED_OBJECT_ID = '11111111-2222-4333-8444-555555555555';

describe('Definition registry over HTTP', () => {
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
        definitions: [
          { objectId: ODD_KEY_OBJECT_ID, customerKey: ODD_KEY },
          { objectId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', customerKey: 'upper_id' },
          { objectId: PAUSED_OBJECT_ID, customerKey: 'paused', status: 'Inactive' },
        ],
      }),
    );
    token = await fetchAccessToken(emulator.authBaseUrl);
  });

  const send = (segment: string) =>
    postJson(sendUrl(emulator.restBaseUrl, segment), sendBody(), { token });
  const recordOf = (segment: string, recipientSendId: string) =>
    getJson(deliveryRecordUrl(emulator.restBaseUrl, segment, recipientSendId), { token });

  it('reaches a key with spaces and punctuation when it is percent-encoded', async () => {
    const segment = `key:${encodeURIComponent(ODD_KEY)}`;
    const response = await send(segment);
    expect(response.status).toBe(202);
    expect(emulator.records.sends[0]).toMatchObject({
      definitionObjectId: ODD_KEY_OBJECT_ID,
      definitionReference: `key:${ODD_KEY}`,
    });
    // The raw request target keeps the encoding the client chose.
    expect(emulator.records.requests.at(-1)?.url).toBe(
      `/rest/messaging/v1/messageDefinitionSends/${segment}/send`,
    );
  });

  it('matches customer keys case-sensitively: another case gets 404 / 30003', async () => {
    const response = await send(`key:${encodeURIComponent(ODD_KEY.toUpperCase())}`);
    expect(response.status).toBe(404);
    expect(response.body).toEqual({
      message: `No triggered send definition exists for key '${ODD_KEY.toUpperCase()}'.`,
      errorcode: 30003,
      documentation: '',
    });
    expect((await send('key:EXTERNAL_KEY')).status).toBe(404);
    expect(emulator.records.sends).toEqual([]);
  });

  it('matches ObjectIDs case-insensitively, with or without the id: prefix', async () => {
    for (const segment of [
      'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      'id:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee',
      `id:${ODD_KEY_OBJECT_ID.toUpperCase()}`,
    ]) {
      const response = await send(segment);
      expect(response.status).toBe(202);
    }
    expect(emulator.records.sends.map((accepted) => accepted.definitionObjectId)).toEqual([
      'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE',
      ODD_KEY_OBJECT_ID,
    ]);
  });

  it('keeps the default (documented) definitions out when definitions are given', async () => {
    expect((await send('key:external_key')).status).toBe(404);
  });

  it('accepts a send to an Inactive definition and keeps it Queued past the delay', async () => {
    const response = await send('key:paused');
    expect(response.status).toBe(202);
    expect(firstRecipient(response.body)).toMatchObject({ hasErrors: false, messages: ['Queued'] });
    const recipientSendId = firstRecipient(response.body).recipientSendId as string;

    clock.advance(10_000);
    const record = await recordOf('key:paused', recipientSendId);
    expect(record.status).toBe(200);
    expect(record.body).toEqual({
      id: PAUSED_OBJECT_ID,
      messageId: recipientSendId,
      status: 'Queued',
    });
  });

  it('sends what an Inactive definition queued once setStatus starts it, after the delay', async () => {
    const recipientSendId = firstRecipient((await send('key:paused')).body)
      .recipientSendId as string;
    clock.advance(60);

    emulator.definitions.setStatus('key:paused', 'Active');
    // Not at once: the delivery delay runs from the moment the definition was started.
    clock.advance(49);
    expect((await recordOf('key:paused', recipientSendId)).body).toMatchObject({
      status: 'Queued',
    });
    clock.advance(1);
    expect((await recordOf('key:paused', recipientSendId)).body).toMatchObject({
      status: 'Sent',
    });
  });

  it('holds new sends after setStatus pauses a definition, but never recalls a Sent one', async () => {
    const before = firstRecipient((await send('key:upper_id')).body).recipientSendId as string;
    clock.advance(50);
    expect((await recordOf('key:upper_id', before)).body).toMatchObject({ status: 'Sent' });

    emulator.definitions.setStatus('AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE', 'Inactive');
    expect(emulator.definitions.resolve('key:upper_id')?.status).toBe('Inactive');
    const after = firstRecipient((await send('key:upper_id')).body).recipientSendId as string;
    clock.advance(80);

    expect((await recordOf('key:upper_id', before)).body).toMatchObject({ status: 'Sent' });
    expect((await recordOf('key:upper_id', after)).body).toMatchObject({ status: 'Queued' });
  });

  it('reaches a definition added at run time, by key and by ObjectID', async () => {
    expect((await send('key:added_later')).status).toBe(404);
    const added = emulator.definitions.add({ customerKey: 'added_later' });
    expect(added).toEqual({
      objectId: expect.stringMatching(/^[0-9a-f-]{36}$/) as unknown,
      customerKey: 'added_later',
      status: 'Active',
      requiredAttributes: [],
    });
    expect((await send('key:added_later')).status).toBe(202);
    expect((await send(added.objectId)).status).toBe(202);
    expect(emulator.records.sends.map((accepted) => accepted.definitionObjectId)).toEqual([
      added.objectId,
      added.objectId,
    ]);
  });

  it('refuses to add a second definition with an existing ObjectID or CustomerKey', () => {
    expect(() => emulator.definitions.add({ customerKey: 'paused' })).toThrow(
      "A triggered send definition with CustomerKey 'paused' exists",
    );
    expect(() => emulator.definitions.add({ objectId: PAUSED_OBJECT_ID.toUpperCase() })).toThrow(
      `A triggered send definition with ObjectID '${PAUSED_OBJECT_ID.toUpperCase()}' exists`,
    );
    expect(emulator.definitions.resolve('key:paused')?.objectId).toBe(PAUSED_OBJECT_ID);
  });

  it('setStatus throws for a definition it cannot find', () => {
    expect(() => emulator.definitions.setStatus('key:nope', 'Active')).toThrow(
      "No triggered send definition matches 'key:nope'",
    );
  });
});

describe('DefinitionRegistry.releasedAt', () => {
  it('releases at acceptance under Active, at the next start under Inactive, never while paused', () => {
    const clock = new ManualClock(100);
    const registry = new DefinitionRegistry(
      [{ customerKey: 'a' }, { customerKey: 'p', status: 'Inactive' }],
      clock,
    );
    const active = registry.resolve('key:a');
    const paused = registry.resolve('key:p');
    if (!active || !paused) throw new Error('definitions missing');

    expect(registry.releasedAt(active, 0)).toBe(0);
    expect(registry.releasedAt(paused, 0)).toBeUndefined();

    clock.advance(50);
    registry.setStatus('key:p', 'Active');
    expect(registry.releasedAt(paused, 0)).toBe(150);
    // A send accepted after the start leaves at once.
    expect(registry.releasedAt(paused, 151)).toBe(151);
  });
});
