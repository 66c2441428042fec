import { createHash } from 'node:crypto';
import type { EmulatorClock } from './clock.js';
import type { DefinitionRegistry, EmulatorDefinition } from './definition-registry.js';
import type { DeliveryRecordStore } from './delivery-record-store.js';
import { json, type EmulatorResponse } from './http-io.js';
import type { DeliveryRecordEntry } from './records.js';
import { definitionNotFound } from './send-route.js';
import { restErrorBody } from './wire-format.js';

export interface DeliveryRecordRouteContext {
  readonly tenant: string;
  readonly definitions: DefinitionRegistry;
  readonly deliveryRecords: DeliveryRecordStore;
  readonly deliveryDelayMs: number;
  readonly clock: EmulatorClock;
}

/**
 * `deliveryTime` has no offset; Marketing Cloud REST timestamps are Central Standard Time without
 * daylight saving (documented for transactional events, inferred here).
 */
function centralStandardTime(epochMs: number): string {
  return new Date(epochMs - 6 * 3600_000).toISOString().slice(0, 23);
}

/**
 * The subscriber's numeric id: derived from the SubscriberKey (a positive 31-bit integer), so one key
 * always gets one id and the emulator keeps no table that grows with every new subscriber.
 */
export function subscriberId(subscriberKey: string): number {
  return createHash('sha256').update(subscriberKey).digest().readUInt32BE(0) >>> 1 || 1;
}

/**
 * When the send's delivery record leaves Queued (monotonic ms), or undefined while its definition
 * holds it. A SYNC rejection was answered at once, so it is final at once; every other send waits
 * until its definition is Active, then `deliveryDelayMs`.
 */
function processingTime(
  context: DeliveryRecordRouteContext,
  definition: EmulatorDefinition,
  send: DeliveryRecordEntry,
): number | undefined {
  if (send.failure !== undefined && send.requestType === 'SYNC') return send.acceptedAtMonotonic;
  const releasedAt = context.definitions.releasedAt(definition, send.acceptedAtMonotonic);
  return releasedAt === undefined ? undefined : releasedAt + context.deliveryDelayMs;
}

/**
 * GET {rest base}/messaging/v1/messageDefinitionSends/{ObjectID | key:CustomerKey}/deliveryRecords/{recipientSendId}
 * (§3). Answers 200 for Queued, Sent and Error alike, as documented. An unknown id gets the generic
 * 404 / 30003 (inferred: the documentation does not say).
 */
export function handleDeliveryRecord(
  context: DeliveryRecordRouteContext,
  definitionReference: string,
  recipientSendId: string,
): EmulatorResponse {
  const definition = context.definitions.resolve(definitionReference);
  if (!definition) return definitionNotFound(definitionReference);
  const send = context.deliveryRecords.get(recipientSendId);
  if (!send || send.tenant !== context.tenant || send.definitionObjectId !== definition.objectId) {
    return json(404, restErrorBody(`No delivery record exists for '${recipientSendId}'.`, 30003));
  }
  const base = { id: definition.objectId, messageId: send.recipientSendId };
  const processedAt = processingTime(context, definition, send);
  if (processedAt === undefined || context.clock.now() < processedAt) {
    return json(200, { ...base, status: 'Queued' });
  }
  if (send.failure) {
    return json(200, {
      ...base,
      status: 'Error',
      to: { address: '', id: 0, key: '' },
      messageErrors: [{ messageErrorStatus: send.failure.status }],
    });
  }
  return json(200, {
    deliveryTime: centralStandardTime(send.at + (processedAt - send.acceptedAtMonotonic)),
    ...base,
    status: 'Sent',
    to: {
      address: send.to.address,
      id: subscriberId(send.to.subscriberKey),
      key: send.to.subscriberKey,
    },
  });
}

/**
 * GET …/deliveryRecords?RecipientSendId={id}: the query form declared by Salesforce's swagger
 * (inferred), answered as the path form is. The parameter name matches case-insensitively; without
 * it the answer is 400 / 10002 (listing every record is not served).
 */
export function handleDeliveryRecordQuery(
  context: DeliveryRecordRouteContext,
  definitionReference: string,
  query: string,
): EmulatorResponse {
  let recipientSendId: string | undefined;
  for (const [name, value] of new URLSearchParams(query)) {
    if (name.toLowerCase() === 'recipientsendid' && value !== '') recipientSendId = value;
  }
  if (recipientSendId === undefined) {
    return json(400, restErrorBody('Missing required field: RecipientSendId.', 10002));
  }
  return handleDeliveryRecord(context, definitionReference, recipientSendId);
}
