import { unexpectedAnswerMessage } from '../errors/error-messages.js';
import { MarketingCloudUnavailableError } from '../errors/marketing-cloud-unavailable.error.js';
import { MarketingCloudError } from '../errors/marketing-cloud.error.js';
import type { HttpAnswer } from '../http/error-from-response.js';
import { field, stringField } from '../http/json-fields.js';
import { parseRecipient, type SendContext } from './parse-send-response.js';
import type { TriggeredSendResult } from './triggered-send-result.js';

/**
 * Reads a sendBatch answer: `202 { requestId, responses: [one entry per element, in order] }`
 * (inferred, shared/sfmc-api.md §10). Each entry is read as `send` reads its one recipient: the
 * accepted send or its typed rejection. An answer without exactly one entry per element cannot be
 * matched to the requests: the whole chunk is then "may have been queued" (not retryable).
 */
export function parseSendBatchResponse(
  answer: HttpAnswer,
  contexts: readonly SendContext[],
): (TriggeredSendResult | MarketingCloudError)[] | MarketingCloudError {
  const responses = field(answer.data, 'responses');
  if (!Array.isArray(responses) || responses.length !== contexts.length) {
    return new MarketingCloudUnavailableError(
      `${unexpectedAnswerMessage('batch send', answer.status)} The emails may or may not have been queued.`,
      { upstreamStatus: answer.status, retryable: false, maybeSent: true },
    );
  }
  const requestId = stringField(answer.data, 'requestId');
  return contexts.map((context, index) => {
    try {
      return parseRecipient(responses[index], requestId, answer.status, context);
    } catch (error) {
      if (error instanceof MarketingCloudError) return error;
      throw error;
    }
  });
}
