import { getProperty, isPlainObject } from './case-insensitive.js';
import type { EmulatorDefinition } from './definition-registry.js';

/** A subscriber-level rejection (codes from Transactional Send Subscriber Error Codes, §2.2, documented). */
export interface SubscriberFailure {
  readonly code: number;
  readonly name: string;
  /** The text a delivery record shows in `messageErrors[].messageErrorStatus`. */
  readonly status: string;
}

/** Documented limit: "A subscriber key is limited to 254 English characters" (§1.3). */
export const MAX_SUBSCRIBER_KEY_LENGTH = 254;
/** Email addresses: 254 characters (inferred from data-extension fixtures, §1.3). */
export const MAX_EMAIL_LENGTH = 254;
/** Text fields hold at most 4000 characters (documented data-extension limit, §1.3). */
export const MAX_ATTRIBUTE_VALUE_LENGTH = 4000;

// A pragmatic syntax check: one @, no spaces, a dot in the domain. Marketing Cloud's own rules are not published.
const EMAIL_SYNTAX = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

function failure(code: number, name: string, status: string): SubscriberFailure {
  return { code, name, status };
}

export interface SubscriberInput {
  readonly address: string;
  readonly subscriberKey: unknown;
  readonly attributes: unknown;
}

/**
 * The checks Marketing Cloud applies to a recipient before queuing an email. A failure surfaces as
 * 180008 in a SYNC response and as an Error delivery record (ASYNC responses still say Queued).
 */
export function checkSubscriber(
  input: SubscriberInput,
  definition: EmulatorDefinition,
  excludedAddresses: ReadonlySet<string>,
): SubscriberFailure | undefined {
  const { address, subscriberKey, attributes } = input;
  if (typeof subscriberKey !== 'string' || subscriberKey.trim() === '') {
    return failure(29, 'MissingSubscriberKeyValue', 'The subscriber key is null or empty.');
  }
  if (subscriberKey.length > MAX_SUBSCRIBER_KEY_LENGTH) {
    return failure(
      30,
      'SubscriberKeyTooLong',
      `Subscriber key value is too long. Enter a key that is ${MAX_SUBSCRIBER_KEY_LENGTH} or fewer characters.`,
    );
  }
  if (address.length > MAX_EMAIL_LENGTH || !EMAIL_SYNTAX.test(address)) {
    return failure(
      5,
      'InvalidEmailAddress',
      'The Email Address for this subscriber has invalid syntax.',
    );
  }
  if (excludedAddresses.has(address.toLowerCase())) {
    return failure(24, 'ListDetectiveExclusion', 'The subscriber was excluded by List Detective.');
  }
  if (attributes !== undefined && !isPlainObject(attributes)) {
    return failure(
      16,
      'InvalidAttributeValue',
      'SubscriberAttributes must be name and value pairs.',
    );
  }
  for (const [name, value] of Object.entries(attributes ?? {})) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      return failure(
        16,
        'InvalidAttributeValue',
        `The value of attribute '${name}' has an invalid type.`,
      );
    }
    if (String(value).length > MAX_ATTRIBUTE_VALUE_LENGTH) {
      return failure(
        17,
        'AttributeValueMaxLengthErr',
        `The value of attribute '${name}' is too long.`,
      );
    }
  }
  const missing = definition.requiredAttributes.filter(
    (name) => getProperty(attributes, name) === undefined,
  );
  if (missing.length > 0) {
    return failure(
      10,
      'MissingRequiredAttributes',
      `Required attributes are missing: ${missing.join(', ')}.`,
    );
  }
  return undefined;
}
