import { randomUUID } from 'node:crypto';
import { json, type EmulatorResponse } from './http-io.js';
import {
  acceptRecipient,
  checkSendBody,
  definitionNotFound,
  parseSendBody,
  type SendRequest,
  type SendRouteContext,
} from './send-route.js';
import { restErrorBody } from './wire-format.js';

/**
 * POST {rest base}/messaging/v1/messageDefinitionSends/{ObjectID | key:CustomerKey}/sendBatch
 * (§10, inferred: in wide use, not on the reference page). The body is a JSON array of send bodies;
 * the answer is one `202 { requestId, responses[] }` with one entry per element, in order, each
 * checked as `/send` checks its one recipient.
 *
 * Chosen, not documented: a body that is not an array (400 / 10001), an empty array or one longer
 * than `maxBatchSize` (400 / 10005), and an element that `/send` would refuse with a 400 (not an
 * object, a bad `Options.RequestType`: 400 naming its index) refuse the whole request, and nothing
 * is accepted. An element without a usable `To.Address` gets the flat `InvalidOrMissingToAddress`
 * entry in its place, as `/send` answers it.
 */
export function handleSendBatch(
  context: SendRouteContext & { readonly maxBatchSize: number },
  request: SendRequest,
): EmulatorResponse {
  const parsed = parseSendBody(request);
  if (!('value' in parsed)) return parsed;
  const elements = parsed.value;
  if (!Array.isArray(elements)) {
    return json(
      400,
      restErrorBody('Invalid data type: the request body must be a JSON array of sends.', 10001),
    );
  }
  if (elements.length === 0 || elements.length > context.maxBatchSize) {
    return json(
      400,
      restErrorBody(
        `Invalid value: a batch holds 1 to ${context.maxBatchSize} sends; this one holds ${elements.length}.`,
        10005,
      ),
    );
  }
  const requestTypes: ('ASYNC' | 'SYNC')[] = [];
  for (const [index, element] of elements.entries()) {
    const checked = checkSendBody(element, `element [${index}]`);
    if ('errorcode' in checked) {
      return json(400, restErrorBody(checked.message, checked.errorcode));
    }
    requestTypes.push(checked.requestType);
  }
  const definition = context.definitions.resolve(request.definitionReference);
  if (!definition) return definitionNotFound(request.definitionReference);

  const requestId = randomUUID();
  const responses = elements.map((element, index) =>
    acceptRecipient(
      context,
      { request, definition, requestId, via: 'sendBatch', batchIndex: index },
      element as Record<string, unknown>,
      requestTypes[index]!,
    ),
  );
  return json(202, { requestId, responses });
}
