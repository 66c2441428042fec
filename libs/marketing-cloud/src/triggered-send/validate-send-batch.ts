import { validationErrorMessage } from '../errors/error-messages.js';
import {
  MarketingCloudValidationError,
  type MarketingCloudViolation,
} from '../errors/marketing-cloud-validation.error.js';
import { MAX_SEND_BATCH_REQUESTS } from './send-batch-result.js';
import type { TriggeredSendRequest } from './triggered-send-request.dto.js';
import { validateSendRequest } from './validate-send-request.js';

/** Violations listed at most; the rest are counted in one last entry, so a refusal stays small. */
export const MAX_REPORTED_BATCH_VIOLATIONS = 20;

function invalidBatch(
  violations: readonly MarketingCloudViolation[],
): MarketingCloudValidationError {
  return new MarketingCloudValidationError(
    validationErrorMessage('batch send request', violations),
    violations,
  );
}

/** A violation of element `index`, its path prefixed: `To.Address` -> `[3].To.Address`, `request` -> `[3]`. */
function atIndex(index: number, violation: MarketingCloudViolation): MarketingCloudViolation {
  const prefix = `[${index}]`;
  const path =
    violation.path === 'request'
      ? prefix
      : violation.path.startsWith('[')
        ? `${prefix}${violation.path}`
        : `${prefix}.${violation.path}`;
  const message = violation.message.startsWith(violation.path)
    ? `${path}${violation.message.slice(violation.path.length)}`
    : `${path}: ${violation.message}`;
  return { path, rule: violation.rule, message };
}

/**
 * Validates every request of a batch with the rules of `send`, before anything is sent, and
 * returns them in the documented wire shape. Throws one MarketingCloudValidationError naming each
 * bad element by its index (`[3].To.Address`), at most {@link MAX_REPORTED_BATCH_VIOLATIONS} of them.
 */
export function validateSendBatch(requests: unknown): TriggeredSendRequest[] {
  if (!Array.isArray(requests)) {
    throw invalidBatch([
      { path: 'requests', rule: 'isArray', message: 'requests must be an array of send requests' },
    ]);
  }
  // Bounded before any element is looked at.
  if (requests.length === 0 || requests.length > MAX_SEND_BATCH_REQUESTS) {
    throw invalidBatch([
      {
        path: 'requests',
        rule: 'arrayLength',
        message: `requests must hold 1 to ${MAX_SEND_BATCH_REQUESTS} send requests, not ${requests.length}; send more in several calls`,
      },
    ]);
  }
  const bodies: TriggeredSendRequest[] = [];
  const violations: MarketingCloudViolation[] = [];
  let unreported = 0;
  for (let index = 0; index < requests.length; index += 1) {
    try {
      bodies.push(validateSendRequest(requests[index]));
    } catch (error) {
      if (!(error instanceof MarketingCloudValidationError)) throw error;
      for (const violation of error.violations) {
        if (violations.length < MAX_REPORTED_BATCH_VIOLATIONS) {
          violations.push(atIndex(index, violation));
        } else {
          unreported += 1;
        }
      }
    }
  }
  if (unreported > 0) {
    violations.push({
      path: 'requests',
      rule: 'moreViolations',
      message: `and ${unreported} more violations`,
    });
  }
  if (violations.length > 0) throw invalidBatch(violations);
  return bodies;
}
