import { randomUUID } from 'node:crypto';
import { getProperty, isPlainObject } from './case-insensitive.js';
import type { EmulatorClock } from './clock.js';
import type { DefinitionRegistry, EmulatorDefinition } from './definition-registry.js';
import type { DeliveryRecordStore } from './delivery-record-store.js';
import { isJsonContentType, json, parseJson, type EmulatorResponse } from './http-io.js';
import type { AcceptedSend, DeliveryRecordEntry, EmulatorRecords } from './records.js';
import { checkSubscriber } from './subscriber-checks.js';
import {
  INVALID_OR_MISSING_TO_ADDRESS,
  invalidMessageFormatBody,
  NO_VALID_SUBSCRIBERS_CODE,
  NO_VALID_SUBSCRIBERS_STATUS,
  restErrorBody,
} from './wire-format.js';

export interface SendRouteContext {
  readonly tenant: string;
  readonly definitions: DefinitionRegistry;
  readonly records: EmulatorRecords;
  /** recipientSendId -> what its delivery record needs. */
  readonly deliveryRecords: DeliveryRecordStore;
  readonly excludedAddresses: ReadonlySet<string>;
  readonly clock: EmulatorClock;
}

export interface SendRequest {
  readonly definitionReference: string;
  readonly contentType: string | undefined;
  readonly bodyText: string;
  readonly bearerToken: string;
}

/**
 * Not documented for this route: what an unknown definition returns. The emulator answers with the
 * generic REST "object not found" (404 / 30003, §2.4), which is inferred, not confirmed.
 */
export function definitionNotFound(reference: string): EmulatorResponse {
  const [kind, value] = reference.startsWith('key:')
    ? ['key', reference.slice(4)]
    : ['id', reference.replace(/^id:/, '')];
  return json(
    404,
    restErrorBody(`No triggered send definition exists for ${kind} '${value}'.`, 30003),
  );
}

function parseRequestType(options: unknown): 'ASYNC' | 'SYNC' | 'invalid' {
  // `"Options": "SYNC"` must not pass as the ASYNC default.
  if (options !== undefined && options !== null && !isPlainObject(options)) return 'invalid';
  const requestType = getProperty(options, 'RequestType');
  if (requestType === undefined || requestType === null) return 'ASYNC';
  if (typeof requestType !== 'string') return 'invalid';
  const upper = requestType.toUpperCase();
  return upper === 'ASYNC' || upper === 'SYNC' ? upper : 'invalid';
}

/** The content type and the JSON of a send body; a 415 or 400 answer when they are unusable. */
export function parseSendBody(request: SendRequest): { value: unknown } | EmulatorResponse {
  if (!isJsonContentType(request.contentType)) {
    return json(
      415,
      restErrorBody('Unsupported Media Type: send the body as application/json.', 415),
    );
  }
  const parsed = parseJson(request.bodyText);
  return parsed.ok ? { value: parsed.value } : json(400, invalidMessageFormatBody());
}

/**
 * The request-level checks of one send body (an object, a valid `Options.RequestType`): its
 * RequestType, or the REST error text and code that refuse it. `where` prefixes the message.
 */
export function checkSendBody(
  body: unknown,
  where = 'the request body',
): { requestType: 'ASYNC' | 'SYNC' } | { message: string; errorcode: number } {
  if (!isPlainObject(body)) {
    return { message: `Invalid data type: ${where} must be a JSON object.`, errorcode: 10001 };
  }
  const requestType = parseRequestType(getProperty(body, 'Options'));
  if (requestType === 'invalid') {
    const prefix = where === 'the request body' ? '' : `${where}: `;
    return {
      message: `${prefix}Invalid value for Options.RequestType. Valid values are ASYNC and SYNC.`,
      errorcode: 10005,
    };
  }
  return { requestType };
}

/** Where an accepted send came from: its request, and its place in a sendBatch array. */
export interface SendOrigin {
  readonly request: SendRequest;
  readonly definition: EmulatorDefinition;
  readonly requestId: string;
  readonly via: 'send' | 'sendBatch';
  readonly batchIndex: number | undefined;
}

/**
 * One recipient: the documented flat answer when `To.Address` is unusable (nothing accepted), else
 * accepted with a recipientSendId, with the subscriber checks' verdict (SYNC reports it at once).
 */
export function acceptRecipient(
  context: SendRouteContext,
  origin: SendOrigin,
  body: Record<string, unknown>,
  requestType: 'ASYNC' | 'SYNC',
): Record<string, unknown> {
  const to = getProperty(body, 'To');
  const address = getProperty(to, 'Address');
  if (typeof address !== 'string' || address.trim() === '') {
    return { recipientSendId: '', hasErrors: true, messages: [INVALID_OR_MISSING_TO_ADDRESS] };
  }
  const subscriberKey = getProperty(to, 'SubscriberKey');
  const attributes = getProperty(getProperty(to, 'ContactAttributes'), 'SubscriberAttributes');
  const failure = checkSubscriber(
    { address, subscriberKey, attributes },
    origin.definition,
    context.excludedAddresses,
  );
  const entry: DeliveryRecordEntry = {
    recipientSendId: randomUUID(),
    tenant: context.tenant,
    definitionObjectId: origin.definition.objectId,
    requestType,
    to: { address, subscriberKey: typeof subscriberKey === 'string' ? subscriberKey : '' },
    at: Date.now(),
    acceptedAtMonotonic: context.clock.now(),
    failure,
  };
  if (context.records.keep) {
    const send: AcceptedSend = {
      ...entry,
      requestId: origin.requestId,
      definitionReference: origin.request.definitionReference,
      via: origin.via,
      batchIndex: origin.batchIndex,
      body,
      bearerToken: origin.request.bearerToken,
    };
    context.records.addSend(send);
  } else {
    context.records.addSend(undefined);
  }
  // Only what the delivery record needs, never the body or the token, so that the (many more)
  // delivery records kept cost little (issue 15: the emulator kept every send, even --no-record).
  context.deliveryRecords.add(entry);

  // SYNC reports a recipient failure at once; ASYNC says Queued and the failure shows in the delivery record.
  return failure && requestType === 'SYNC'
    ? {
        recipientSendId: entry.recipientSendId,
        hasErrors: true,
        messageErrors: [
          {
            messageErrorCode: NO_VALID_SUBSCRIBERS_CODE,
            messageErrorStatus: NO_VALID_SUBSCRIBERS_STATUS,
          },
        ],
      }
    : // What a SYNC success says is not documented; the emulator answers like ASYNC ("Queued").
      { recipientSendId: entry.recipientSendId, hasErrors: false, messages: ['Queued'] };
}

/** POST {rest base}/messaging/v1/messageDefinitionSends/{ObjectID | key:CustomerKey}/send (§1). */
export function handleSend(context: SendRouteContext, request: SendRequest): EmulatorResponse {
  const parsed = parseSendBody(request);
  if (!('value' in parsed)) return parsed;
  const checked = checkSendBody(parsed.value);
  if ('errorcode' in checked) return json(400, restErrorBody(checked.message, checked.errorcode));
  const definition = context.definitions.resolve(request.definitionReference);
  if (!definition) return definitionNotFound(request.definitionReference);

  // requestId and recipientSendId are distinct values: the documented example shows them equal, unconfirmed.
  const requestId = randomUUID();
  const recipient = acceptRecipient(
    context,
    { request, definition, requestId, via: 'send', batchIndex: undefined },
    parsed.value as Record<string, unknown>,
    checked.requestType,
  );
  // A missing To.Address gets the documented flat body: no requestId, no responses[] (§1.4).
  if (recipient['recipientSendId'] === '') return json(202, recipient);
  return json(202, { requestId, responses: [recipient] });
}
