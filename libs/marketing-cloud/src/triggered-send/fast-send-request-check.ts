import { isEmailAddress } from './common-email-address.js';
import {
  MAX_EMAIL_LENGTH,
  MAX_FROM_NAME_LENGTH,
  MAX_SUBSCRIBER_KEY_LENGTH,
  REQUEST_TYPES,
  subscriberAttributeProblems,
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
} from './triggered-send-request.dto.js';

/**
 * The fast path of validation: whether a normalised request is plainly valid, checked directly
 * against the DTO's rules (triggered-send-request.dto.ts) with the same decisions (`isEmail`,
 * its common form answered without validator.js: common-email-address.ts;
 * `subscriberAttributeProblems`, UTF-16 lengths). class-validator costs tens of microseconds and
 * most of the module's garbage per send; the common valid body needs none of it.
 *
 * It must never say yes where class-validator would refuse: `false` only means "let
 * class-validator decide and word the errors", so anything unusual (a value of another type, an
 * object that is not the DTO class, a property the class does not declare) answers `false`. A
 * differential property test (validate-send-request.differential.spec.ts) holds the two to the
 * same decision.
 */
export function isPlainlyValidSendRequest(request: TriggeredSendRequest): boolean {
  return (
    hasOnly(request, TriggeredSendRequest, REQUEST_KEYS) &&
    (request.From === undefined || isPlainFrom(request.From)) &&
    isPlainTo(request.To) &&
    (request.Options === undefined || isPlainOptions(request.Options))
  );
}

const REQUEST_KEYS = new Set(['From', 'To', 'Options']);
const FROM_KEYS = new Set(['Address', 'Name']);
const TO_KEYS = new Set(['Address', 'SubscriberKey', 'ContactAttributes']);
const CONTACT_KEYS = new Set(['SubscriberAttributes']);
const OPTIONS_KEYS = new Set(['RequestType']);

/** An instance of exactly `type` (what class-validator has metadata for) with no undeclared key. */
function hasOnly(value: unknown, type: abstract new () => object, keys: ReadonlySet<string>) {
  if (
    typeof value !== 'object' ||
    value === null ||
    Object.getPrototypeOf(value) !== type.prototype
  ) {
    return false;
  }
  for (const key in value) if (!keys.has(key)) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

const isShortEmailAddress = (value: unknown) =>
  typeof value === 'string' && value.length <= MAX_EMAIL_LENGTH && isEmailAddress(value);

function isPlainFrom(from: unknown): boolean {
  if (!hasOnly(from, TriggeredSendFrom, FROM_KEYS)) return false;
  const { Address, Name } = from as TriggeredSendFrom;
  return (
    (Address === undefined || isShortEmailAddress(Address)) &&
    (Name === undefined || (typeof Name === 'string' && Name.length <= MAX_FROM_NAME_LENGTH))
  );
}

function isPlainTo(to: unknown): boolean {
  if (!hasOnly(to, TriggeredSendTo, TO_KEYS)) return false;
  const { Address, SubscriberKey, ContactAttributes } = to as TriggeredSendTo;
  return (
    isShortEmailAddress(Address) &&
    typeof SubscriberKey === 'string' &&
    SubscriberKey.length <= MAX_SUBSCRIBER_KEY_LENGTH &&
    /\S/.test(SubscriberKey) &&
    (ContactAttributes === undefined || isPlainContactAttributes(ContactAttributes))
  );
}

function isPlainContactAttributes(contact: unknown): boolean {
  if (!hasOnly(contact, TriggeredSendContactAttributes, CONTACT_KEYS)) return false;
  const { SubscriberAttributes } = contact as TriggeredSendContactAttributes;
  return (
    SubscriberAttributes === undefined ||
    subscriberAttributeProblems(SubscriberAttributes).length === 0
  );
}

function isPlainOptions(options: unknown): boolean {
  if (!hasOnly(options, TriggeredSendOptions, OPTIONS_KEYS)) return false;
  const { RequestType } = options as TriggeredSendOptions;
  return RequestType === undefined || (REQUEST_TYPES as readonly unknown[]).includes(RequestType);
}
