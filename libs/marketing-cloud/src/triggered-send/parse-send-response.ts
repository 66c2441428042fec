import { findErrorCode } from '../errors/error-code-catalogue.js';
import { sendRejectedMessage, unexpectedAnswerMessage } from '../errors/error-messages.js';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudSendError } from '../errors/marketing-cloud-send.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import { sanitizeUpstreamText } from '../errors/upstream-text.js';
import type { HttpAnswer } from '../http/error-from-response.js';
import {
  field,
  isJsonObject,
  stringField,
  stringsField,
  type JsonObject,
} from '../http/json-fields.js';
import type { RequestType } from './triggered-send-request.dto.js';
import type { TriggeredSendResult } from './triggered-send-result.js';

/** Texts that mean the recipient itself was refused, when Marketing Cloud gives no code. */
const RECIPIENT_REFUSED =
  /InvalidOrMissingToAddress|InvalidEmailAddress|no valid subscribers|invalid email address|email address is suppressed/i;

export interface SendContext {
  readonly definition: string;
  readonly requestType: RequestType;
}

function rejection(
  recipient: JsonObject,
  requestId: string | undefined,
  status: number,
  context: SendContext,
): MarketingCloudError {
  const messageErrors = recipient['messageErrors'];
  const firstError: unknown = Array.isArray(messageErrors) ? messageErrors[0] : undefined;
  const rawCode = field(firstError, 'messageErrorCode');
  const code = typeof rawCode === 'string' && /^\d+$/.test(rawCode) ? Number(rawCode) : rawCode;
  const errorCode = typeof code === 'number' ? code : undefined;
  const upstreamStatus =
    stringField(firstError, 'messageErrorStatus') ?? stringsField(recipient, 'messages')[0];
  // Marketing Cloud's text goes into a message and a log line: no control characters, capped.
  const messageErrorStatus =
    upstreamStatus === undefined ? undefined : sanitizeUpstreamText(upstreamStatus);
  const entry =
    findErrorCode('triggered-send', errorCode) ?? findErrorCode('subscriber', errorCode);
  const errorClass =
    entry?.errorClass ??
    (messageErrorStatus !== undefined && RECIPIENT_REFUSED.test(messageErrorStatus)
      ? MarketingCloudNoValidSubscribersError
      : MarketingCloudSendError);
  const message = sendRejectedMessage(
    context.definition,
    errorCode,
    entry?.name,
    messageErrorStatus,
  );
  return new errorClass(message, {
    errorCode,
    requestId,
    recipientSendId: stringField(recipient, 'recipientSendId'),
    messageErrorStatus,
    upstreamStatus: status,
    retryable: entry?.retryable ?? false,
  });
}

/**
 * Reads the three documented 202 bodies of the send route: the wrapped success
 * (`{requestId, responses:[{recipientSendId, hasErrors:false, messages}]}`), the wrapped failure
 * (`hasErrors: true` with `messageErrors`), and the flat failure (`{recipientSendId:"", hasErrors:true,
 * messages:["InvalidOrMissingToAddress"]}`). Anything else is an unexpected answer: not retryable,
 * since Marketing Cloud may have queued the email.
 */
export function parseSendResponse(answer: HttpAnswer, context: SendContext): TriggeredSendResult {
  const body = answer.data;
  const responses = field(body, 'responses');
  const recipient: unknown = Array.isArray(responses) ? responses[0] : body;
  return parseRecipient(recipient, stringField(body, 'requestId'), answer.status, context);
}

/**
 * One `responses[]` entry (or the flat body): the accepted send, or the typed rejection thrown.
 * Shared by `send` and `sendBatch`, whose entries have the same shape.
 */
export function parseRecipient(
  recipient: unknown,
  requestId: string | undefined,
  status: number,
  context: SendContext,
): TriggeredSendResult {
  if (isJsonObject(recipient) && recipient['hasErrors'] === true) {
    throw rejection(recipient, requestId, status, context);
  }
  const recipientSendId = stringField(recipient, 'recipientSendId');
  if (
    !isJsonObject(recipient) ||
    recipient['hasErrors'] !== false ||
    !requestId ||
    !recipientSendId
  ) {
    throw new MarketingCloudUnavailableError(
      `${unexpectedAnswerMessage('send', status)} The email may or may not have been queued.`,
      { upstreamStatus: status, requestId, retryable: false, maybeSent: true },
    );
  }
  return {
    requestId,
    recipientSendId,
    messages: stringsField(recipient, 'messages'),
    requestType: context.requestType,
    definition: context.definition,
  };
}
