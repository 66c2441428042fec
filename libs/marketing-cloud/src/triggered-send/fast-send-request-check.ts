import { equalsIgnoringAsciiCase, isAscii, sameIgnoringAsciiCase } from './ascii-case.js';
import { isEmailAddress } from './common-email-address.js';
import { isForbiddenKey, isJsonData, isRecord } from './normalise-send-request.js';
import {
  MAX_ATTRIBUTE_NAME_LENGTH,
  MAX_ATTRIBUTE_VALUE_LENGTH,
  MAX_ATTRIBUTES,
  MAX_EMAIL_LENGTH,
  MAX_FROM_NAME_LENGTH,
  MAX_SUBSCRIBER_KEY_LENGTH,
  TriggeredSendContactAttributes,
  TriggeredSendFrom,
  TriggeredSendOptions,
  TriggeredSendRequest,
  TriggeredSendTo,
  type SubscriberAttributeValue,
} from './triggered-send-request.dto.js';

/**
 * The fast path of validation: one pass over the caller's input that returns the request exactly
 * as normalising it (normalise-send-request.ts) and class-validator would, when it is plainly
 * valid, and `undefined` otherwise. The normalising pass builds a violation list, a set of
 * refused paths, a map of spellings and every property path as it goes; class-validator costs
 * tens of microseconds and most of the module's garbage per send. The common valid body needs
 * none of it: this pass allocates only the request it returns.
 *
 * It must never accept what the full path refuses, nor return another request: `undefined` only
 * means "let the full path decide and word the errors", so anything it does not accept outright
 * (a second spelling of a property, an unknown or forbidden name, a value of another type)
 * answers `undefined`. Accepted as the normaliser accepts them: documented names in any ASCII
 * case, an empty optional string or an empty optional object as absent, `SubscriberAttributes`
 * `[]` or `{}` as no attributes, a property whose value is `undefined` as absent. A differential
 * property test (validate-send-request.differential.spec.ts) holds the two to the same decision,
 * the same request and the same violations.
 */
export function plainlyValidSendRequest(input: unknown): TriggeredSendRequest | undefined {
  if (!isRecord(input) || !isJsonData(input)) return undefined;
  const request = new TriggeredSendRequest();
  let seen = 0;
  for (const key in input) {
    if (!Object.hasOwn(input, key)) continue;
    const field = requestField(key);
    // Unknown, or a second spelling of a property: the full path names it.
    if (field === 0 || (seen & field) !== 0) return undefined;
    seen |= field;
    const value = input[key];
    if (value === undefined) continue;
    if (field === FROM) {
      const from = plainFrom(value);
      if (from === NOT_PLAIN) return undefined;
      if (from !== undefined) request.From = from;
    } else if (field === TO) {
      const to = plainTo(value);
      if (to === NOT_PLAIN) return undefined;
      request.To = to;
    } else {
      const options = plainOptions(value);
      if (options === NOT_PLAIN) return undefined;
      if (options !== undefined) request.Options = options;
    }
  }
  // `To` is required.
  return request.To === undefined ? undefined : request;
}

/** What a part of the input is when the fast path cannot accept it (`undefined` is "absent"). */
const NOT_PLAIN = Symbol('not plain');
type Plain<T> = T | undefined | typeof NOT_PLAIN;

// One bit per property of an object, to find a second spelling of it.
const FROM = 1;
const TO = 2;
const OPTIONS = 4;
const ADDRESS = 1;
const NAME = 2;
const SUBSCRIBER_KEY = 2;
const CONTACT_ATTRIBUTES = 4;

function requestField(key: string): number {
  if (isName(key, 'To', 'to')) return TO;
  if (isName(key, 'From', 'from')) return FROM;
  return isName(key, 'Options', 'options') ? OPTIONS : 0;
}

function plainFrom(value: unknown): Plain<TriggeredSendFrom> {
  if (!isRecord(value) || !isJsonData(value)) return NOT_PLAIN;
  const from = new TriggeredSendFrom();
  let seen = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = isName(key, 'Address', 'address')
      ? ADDRESS
      : isName(key, 'Name', 'name')
        ? NAME
        : 0;
    if (field === 0 || (seen & field) !== 0) return NOT_PLAIN;
    seen |= field;
    const member = value[key];
    // An empty optional string means absent.
    if (member === undefined || member === '') continue;
    if (typeof member !== 'string') return NOT_PLAIN;
    if (field === ADDRESS) {
      if (!isShortEmailAddress(member)) return NOT_PLAIN;
      from.Address = member;
    } else {
      if (member.length > MAX_FROM_NAME_LENGTH) return NOT_PLAIN;
      from.Name = member;
    }
  }
  // An optional object left empty is not sent.
  return from.Address === undefined && from.Name === undefined ? undefined : from;
}

/** `To` is required: never absent. */
function plainTo(value: unknown): TriggeredSendTo | typeof NOT_PLAIN {
  if (!isRecord(value) || !isJsonData(value)) return NOT_PLAIN;
  const to = new TriggeredSendTo();
  let seen = 0;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const field = isName(key, 'Address', 'address')
      ? ADDRESS
      : isName(key, 'SubscriberKey', 'subscriberkey')
        ? SUBSCRIBER_KEY
        : isName(key, 'ContactAttributes', 'contactattributes')
          ? CONTACT_ATTRIBUTES
          : 0;
    if (field === 0 || (seen & field) !== 0) return NOT_PLAIN;
    seen |= field;
    const member = value[key];
    if (member === undefined) continue;
    if (field === ADDRESS) {
      if (typeof member !== 'string' || !isShortEmailAddress(member)) return NOT_PLAIN;
      to.Address = member;
    } else if (field === SUBSCRIBER_KEY) {
      if (!isSubscriberKey(member)) return NOT_PLAIN;
      to.SubscriberKey = member;
    } else {
      const contact = plainContactAttributes(member);
      if (contact === NOT_PLAIN) return NOT_PLAIN;
      if (contact !== undefined) to.ContactAttributes = contact;
    }
  }
  return to.Address === undefined || to.SubscriberKey === undefined ? NOT_PLAIN : to;
}

function plainContactAttributes(value: unknown): Plain<TriggeredSendContactAttributes> {
  if (!isRecord(value) || !isJsonData(value)) return NOT_PLAIN;
  let attributes: Record<string, SubscriberAttributeValue> | undefined;
  let seen = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (seen || !isName(key, 'SubscriberAttributes', 'subscriberattributes')) return NOT_PLAIN;
    seen = true;
    const member = plainAttributes(value[key]);
    if (member === NOT_PLAIN) return NOT_PLAIN;
    attributes = member;
  }
  if (attributes === undefined) return undefined;
  const contact = new TriggeredSendContactAttributes();
  contact.SubscriberAttributes = attributes;
  return contact;
}

/** Most attributes whose names are compared pair by pair; more go through a Set. */
const PAIRWISE_ATTRIBUTES = 16;

function plainAttributes(value: unknown): Plain<Record<string, SubscriberAttributeValue>> {
  if (value === undefined) return undefined;
  // `[]` means no attributes.
  if (Array.isArray(value)) return value.length === 0 ? undefined : NOT_PLAIN;
  if (!isRecord(value) || !isJsonData(value)) return NOT_PLAIN;
  const attributes: Record<string, SubscriberAttributeValue> = {};
  let count = 0;
  let ascii = true;
  for (const name in value) {
    if (!Object.hasOwn(value, name)) continue;
    if (++count > MAX_ATTRIBUTES) return NOT_PLAIN;
    if (name.length > MAX_ATTRIBUTE_NAME_LENGTH || !isVisible(name) || isForbiddenKey(name)) {
      return NOT_PLAIN;
    }
    const attribute = value[name];
    if (!isAttributeValue(attribute)) return NOT_PLAIN;
    // Safe to assign: `__proto__` and every other prototype name was refused above.
    attributes[name] = attribute;
    ascii &&= isAscii(name);
  }
  if (count === 0) return undefined;
  // Two names that differ only in case are one attribute to Marketing Cloud: the full path names them.
  const unique =
    ascii && count <= PAIRWISE_ATTRIBUTES
      ? !hasAsciiCaseTwin(attributes)
      : new Set(Object.keys(attributes).map((name) => name.toLowerCase())).size === count;
  return unique ? attributes : NOT_PLAIN;
}

function plainOptions(value: unknown): Plain<TriggeredSendOptions> {
  if (!isRecord(value) || !isJsonData(value)) return NOT_PLAIN;
  const options = new TriggeredSendOptions();
  let seen = false;
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    if (seen || !isName(key, 'RequestType', 'requesttype')) return NOT_PLAIN;
    seen = true;
    const member = value[key];
    if (member === undefined) continue;
    if (member !== 'ASYNC' && member !== 'SYNC') return NOT_PLAIN;
    options.RequestType = member;
  }
  return options.RequestType === undefined ? undefined : options;
}

const isShortEmailAddress = (value: string) =>
  value.length <= MAX_EMAIL_LENGTH && isEmailAddress(value);

/** The DTO's rules for `To.SubscriberKey`: a string, not blank (`/\S/`), at most 254 characters. */
function isSubscriberKey(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_SUBSCRIBER_KEY_LENGTH &&
    (startsVisible(value) || /\S/.test(value))
  );
}

/** subscriberAttributeProblems' rule for a name: not blank (`trim()`). */
const isVisible = (name: string) => startsVisible(name) || name.trim() !== '';

/** A printable ASCII first character: the string is neither empty nor blank, whatever the rule. */
function startsVisible(value: string): boolean {
  const code = value.charCodeAt(0);
  return code > 0x20 && code < 0x7f;
}

/** subscriberAttributeProblems' rule for a value. */
function isAttributeValue(value: unknown): value is SubscriberAttributeValue {
  if (typeof value === 'string') return value.length <= MAX_ATTRIBUTE_VALUE_LENGTH;
  // A boolean or a finite number is at most 24 characters as a string.
  return typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
}

/** `key` is the documented `name` in any ASCII case (`lower`: `name` lower-cased), as the normaliser matches it. */
function isName(key: string, name: string, lower: string): boolean {
  return key === name || equalsIgnoringAsciiCase(key, lower);
}

/**
 * Whether two names of `attributes` (all ASCII) are equal once lower-cased: for ASCII, exactly
 * when they are equal ignoring ASCII case, so no lower-cased copy is made.
 */
function hasAsciiCaseTwin(attributes: Record<string, unknown>): boolean {
  for (const name in attributes) {
    for (const earlier in attributes) {
      if (earlier === name) break;
      if (sameIgnoringAsciiCase(earlier, name)) return true;
    }
  }
  return false;
}
