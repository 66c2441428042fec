import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { getProperty, isPlainObject } from './case-insensitive.js';
import type { DefinitionRegistry } from './definition-registry.js';
import { isJsonContentType, json, parseJson, type EmulatorResponse } from './http-io.js';
import type { AcceptedSend, EmulatorRecords } from './records.js';
import { checkSubscriber } from './subscriber-checks.js';
import {
  INVALID_OR_MISSING_TO_ADDRESS,
  invalidMessageFormatBody,
  NO_VALID_SUBSCRIBERS_CODE,
  NO_VALID_SUBSCRIBERS_STATUS,
  restErrorBody,
} from './wire-format.js';

export interface SendRouteContext {
  readonly definitions: DefinitionRegistry;
  readonly records: EmulatorRecords;
  /** recipientSendId -> accepted send, for delivery records. */
  readonly accepted: Map<string, AcceptedSend>;
  readonly excludedAddresses: ReadonlySet<string>;
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

/** POST {rest base}/messaging/v1/messageDefinitionSends/{ObjectID | key:CustomerKey}/send (§1). */
export function handleSend(context: SendRouteContext, request: SendRequest): EmulatorResponse {
  if (!isJsonContentType(request.contentType)) {
    return json(
      415,
      restErrorBody('Unsupported Media Type: send the body as application/json.', 415),
    );
  }
  const parsed = parseJson(request.bodyText);
  if (!parsed.ok) return json(400, invalidMessageFormatBody());
  if (!isPlainObject(parsed.value)) {
    return json(
      400,
      restErrorBody('Invalid data type: the request body must be a JSON object.', 10001),
    );
  }
  const body = parsed.value;
  const requestType = parseRequestType(getProperty(body, 'Options'));
  if (requestType === 'invalid') {
    return json(
      400,
      restErrorBody(
        'Invalid value for Options.RequestType. Valid values are ASYNC and SYNC.',
        10005,
      ),
    );
  }
  const definition = context.definitions.resolve(request.definitionReference);
  if (!definition) return definitionNotFound(request.definitionReference);

  const to = getProperty(body, 'To');
  const address = getProperty(to, 'Address');
  if (typeof address !== 'string' || address.trim() === '') {
    // The documented flat error body: no requestId, no responses[] (§1.4).
    return json(202, {
      recipientSendId: '',
      hasErrors: true,
      messages: [INVALID_OR_MISSING_TO_ADDRESS],
    });
  }
  const subscriberKey = getProperty(to, 'SubscriberKey');
  const attributes = getProperty(getProperty(to, 'ContactAttributes'), 'SubscriberAttributes');
  const failure = checkSubscriber(
    { address, subscriberKey, attributes },
    definition,
    context.excludedAddresses,
  );

  const send: AcceptedSend = {
    // requestId and recipientSendId are distinct values: the documented example shows them equal, unconfirmed.
    requestId: randomUUID(),
    recipientSendId: randomUUID(),
    definitionObjectId: definition.objectId,
    definitionReference: request.definitionReference,
    requestType,
    to: { address, subscriberKey: typeof subscriberKey === 'string' ? subscriberKey : '' },
    body,
    bearerToken: request.bearerToken,
    at: Date.now(),
    acceptedAtMonotonic: performance.now(),
    failure,
  };
  context.accepted.set(send.recipientSendId, send);
  context.records.addSend(send);

  // SYNC reports a recipient failure at once; ASYNC says Queued and the failure shows in the delivery record.
  const recipient =
    failure && requestType === 'SYNC'
      ? {
          recipientSendId: send.recipientSendId,
          hasErrors: true,
          messageErrors: [
            {
              messageErrorCode: NO_VALID_SUBSCRIBERS_CODE,
              messageErrorStatus: NO_VALID_SUBSCRIBERS_STATUS,
            },
          ],
        }
      : // What a SYNC success says is not documented; the emulator answers like ASYNC ("Queued").
        { recipientSendId: send.recipientSendId, hasErrors: false, messages: ['Queued'] };
  return json(202, { requestId: send.requestId, responses: [recipient] });
}
