import { performance } from 'node:perf_hooks';
import type { DefinitionRegistry, EmulatorDefinition } from './definition-registry.js';
import { json, type EmulatorResponse } from './http-io.js';
import type { AcceptedSend } from './records.js';
import { definitionNotFound } from './send-route.js';
import { restErrorBody } from './wire-format.js';

export interface DeliveryRecordRouteContext {
  readonly definitions: DefinitionRegistry;
  readonly accepted: ReadonlyMap<string, AcceptedSend>;
  readonly deliveryDelayMs: number;
  readonly subscriberIds: Map<string, number>;
}

const FIRST_SUBSCRIBER_ID = 195_711_367;

/**
 * `deliveryTime` has no offset; Marketing Cloud REST timestamps are Central Standard Time without
 * daylight saving (documented for transactional events, inferred here).
 */
function centralStandardTime(epochMs: number): string {
  return new Date(epochMs - 6 * 3600_000).toISOString().slice(0, 23);
}

function subscriberId(context: DeliveryRecordRouteContext, subscriberKey: string): number {
  let id = context.subscriberIds.get(subscriberKey);
  if (id === undefined) {
    id = FIRST_SUBSCRIBER_ID + context.subscriberIds.size;
    context.subscriberIds.set(subscriberKey, id);
  }
  return id;
}

/**
 * When the send's delivery record leaves Queued (monotonic ms), or undefined while its definition
 * holds it. A SYNC rejection was answered at once, so it is final at once; every other send waits
 * until its definition is Active, then `deliveryDelayMs`.
 */
function processingTime(
  context: DeliveryRecordRouteContext,
  definition: EmulatorDefinition,
  send: AcceptedSend,
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
  const send = context.accepted.get(recipientSendId.toLowerCase());
  if (!send || send.definitionObjectId !== definition.objectId) {
    return json(404, restErrorBody(`No delivery record exists for '${recipientSendId}'.`, 30003));
  }
  const base = { id: definition.objectId, messageId: send.recipientSendId };
  const processedAt = processingTime(context, definition, send);
  if (processedAt === undefined || performance.now() < processedAt) {
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
      id: subscriberId(context, send.to.subscriberKey),
      key: send.to.subscriberKey,
    },
  });
}
