import { MarketingCloudValidationError } from '../errors/marketing-cloud-validation.error.js';
import {
  MAX_SEND_BATCH_REQUESTS,
  type TriggeredSendRequest,
} from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';
import { ViolationList } from './violation-list.js';

const BATCH = 'batch send request';

/** The refusal of a call whose `requests` as a whole is wrong. */
function invalidRequests(rule: string, text: string): MarketingCloudValidationError {
  const violations = new ViolationList();
  violations.add('requests', rule, text);
  return violations.toError(BATCH);
}

/**
 * Validates every request of a batch with the rules of `send`, before anything is sent, and
 * returns them in the documented wire shape. Throws one MarketingCloudValidationError naming each
 * bad element by its index (`[3].To.Address`), capped as every refusal is (see {@link ViolationList}).
 */
export function validateSendBatch(requests: unknown): TriggeredSendRequest[] {
  if (!Array.isArray(requests)) {
    throw invalidRequests('isArray', 'must be an array of send requests');
  }
  // Bounded before any element is looked at.
  if (requests.length === 0 || requests.length > MAX_SEND_BATCH_REQUESTS) {
    throw invalidRequests(
      'arrayLength',
      `must hold 1 to ${MAX_SEND_BATCH_REQUESTS} send requests, not ${requests.length}; send more in several calls`,
    );
  }
  const bodies: TriggeredSendRequest[] = [];
  const violations = new ViolationList();
  for (let index = 0; index < requests.length; index += 1) {
    try {
      bodies.push(validateSendRequest(requests[index]));
    } catch (error) {
      if (!(error instanceof MarketingCloudValidationError)) throw error;
      violations.pushAllOfElement(index, error.violations);
    }
  }
  if (violations.size > 0) throw violations.toError(BATCH);
  return bodies;
}
