import { findErrorCode } from '../errors/error-code-catalogue.js';
import { sendRejectedMessage, unexpectedAnswerMessage } from '../errors/error-messages.js';
import { MarketingCloudNoValidSubscribersError } from '../errors/marketing-cloud-no-valid-subscribers.error.js';
import { MarketingCloudSendError } from '../errors/marketing-cloud-send.error.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import type { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { HttpAnswer } from '../http/error-from-response.js';
import type { RequestType } from './triggered-send-request.dto.js';
import type { TriggeredSendResult } from './triggered-send-result.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const asString = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : undefined;
const asStrings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

/** Texts that mean the recipient itself was refused, when Marketing Cloud gives no code. */
const RECIPIENT_REFUSED =
  /InvalidOrMissingToAddress|InvalidEmailAddress|no valid subscribers|invalid email address|email address is suppressed/i;

interface SendContext {
  readonly definition: string;
  readonly requestType: RequestType;
}

function rejection(
  recipient: Json,
  requestId: string | undefined,
  context: SendContext,
): MarketingCloudError {
  const firstError = Array.isArray(recipient['messageErrors'])
    ? recipient['messageErrors'][0]
    : undefined;
  const rawCode = isObject(firstError) ? firstError['messageErrorCode'] : undefined;
  const code = typeof rawCode === 'string' && /^\d+$/.test(rawCode) ? Number(rawCode) : rawCode;
  const errorCode = typeof code === 'number' ? code : undefined;
  const status =
    (isObject(firstError) ? asString(firstError['messageErrorStatus']) : undefined) ??
    asStrings(recipient['messages'])[0];
  const entry =
    findErrorCode('triggered-send', errorCode) ?? findErrorCode('subscriber', errorCode);
  const errorClass =
    entry?.errorClass ??
    (status !== undefined && RECIPIENT_REFUSED.test(status)
      ? MarketingCloudNoValidSubscribersError
      : MarketingCloudSendError);
  return new errorClass(sendRejectedMessage(context.definition, errorCode, entry?.name, status), {
    errorCode,
    requestId,
    recipientSendId: asString(recipient['recipientSendId']),
    messageErrorStatus: status,
    upstreamStatus: 202,
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
  const recipient =
    isObject(body) && Array.isArray(body['responses']) ? body['responses'][0] : body;
  const requestId = isObject(body) ? asString(body['requestId']) : undefined;
  if (isObject(recipient) && recipient['hasErrors'] === true)
    throw rejection(recipient, requestId, context);

  const recipientSendId = isObject(recipient) ? asString(recipient['recipientSendId']) : undefined;
  if (!isObject(recipient) || recipient['hasErrors'] !== false || !requestId || !recipientSendId) {
    throw new MarketingCloudUnavailableError(
      `${unexpectedAnswerMessage('send', answer.status)} The email may or may not have been queued.`,
      { upstreamStatus: answer.status, requestId, retryable: false },
    );
  }
  return {
    requestId,
    recipientSendId,
    messages: asStrings(recipient['messages']),
    requestType: context.requestType,
    definition: context.definition,
  };
}
