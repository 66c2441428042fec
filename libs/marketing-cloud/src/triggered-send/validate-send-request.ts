import type { ValidationError } from 'class-validator';
import { validateSyncWithCachedMetadata } from './cached-metadata-validate-sync.js';
import { plainlyValidSendRequest } from './fast-send-request-check.js';
import { isJsonData, isRecord, normaliseSendRequest } from './normalise-send-request.js';
import { childPath } from './property-path.js';
import { subscriberAttributeProblems, TriggeredSendRequest } from './triggered-send-request.dto.js';
import { ViolationList } from './violation-list.js';

const VALIDATOR_OPTIONS = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  stopAtFirstError: true,
  validationError: { target: false, value: true },
};

/**
 * class-validator's errors as violations, with the message Nest's ValidationPipe would show for
 * the same constraint (`To.` + `Address must be an email address`), so both read the same.
 */
function addErrors(
  errors: readonly ValidationError[],
  parent: string,
  refusedFields: ReadonlySet<string>,
  violations: ViolationList,
): void {
  for (const error of errors) {
    // class-validator leaves `property` undefined on an "unknown value" error: it is about the parent.
    const property: string | undefined = error.property;
    const path = property === undefined ? parent || 'request' : childPath(parent, property);
    if (refusedFields.has(path)) continue;
    for (const [rule, text] of Object.entries(error.constraints ?? {})) {
      if (rule === 'isSubscriberAttributes') {
        // One violation per attribute, at the attribute's own path.
        for (const problem of subscriberAttributeProblems(error.value)) {
          const at = problem.name === undefined ? path : childPath(path, problem.name);
          violations.add(at, rule, problem.message);
        }
      } else if (property !== undefined && text.startsWith(`${property} `)) {
        violations.push({
          path,
          rule: rule === 'nestedValidation' ? 'isObject' : rule,
          message: parent ? `${parent}.${text}` : text,
        });
      } else {
        violations.add(
          path,
          rule,
          rule === 'whitelistValidation' ? 'is not a known property' : text,
        );
      }
    }
    addErrors(error.children ?? [], path, refusedFields, violations);
  }
}

/**
 * Validates a send request and returns it as a TriggeredSendRequest in the documented wire shape
 * (property names in the documented casing, empty optional parts left out; see
 * normalise-send-request.ts). Throws a MarketingCloudValidationError listing the field paths and
 * rules that failed (at most 20, then a count of the rest). The work is bounded whatever the input.
 */
export function validateSendRequest(input: unknown): TriggeredSendRequest {
  return validate(input, true);
}

/**
 * The same without the fast path: class-validator on every request. Only for the differential
 * test, which holds validateSendRequest to exactly this decision and these violations.
 */
export function validateSendRequestWithClassValidator(input: unknown): TriggeredSendRequest {
  return validate(input, false);
}

function validate(input: unknown, fastPath: boolean): TriggeredSendRequest {
  // The common valid body needs neither the normalising pass nor class-validator, which only
  // decide and word the errors of the others.
  const plain = fastPath ? plainlyValidSendRequest(input) : undefined;
  if (plain !== undefined) return plain;
  const violations = new ViolationList();
  if (!isRecord(input) || !isJsonData(input)) {
    violations.add('request', 'isObject', 'must be an object');
    throw violations.toError('send request');
  }
  const { request, refusedFields } = normaliseSendRequest(input, violations);
  if (!refusedFields.has('request')) {
    addErrors(
      validateSyncWithCachedMetadata(request, VALIDATOR_OPTIONS),
      '',
      refusedFields,
      violations,
    );
  }
  if (violations.size > 0) throw violations.toError('send request');
  return request;
}
